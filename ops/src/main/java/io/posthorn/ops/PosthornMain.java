package io.posthorn.ops;

import io.posthorn.ops.dlq.DlqCommand;
import io.posthorn.ops.listen.ListenCommand;
import io.posthorn.ops.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code posthorn} command line. Exit codes: 0 success, 1 the command failed, 2 bad usage. */
@Command(
    name = "posthorn",
    mixinStandardHelpOptions = true,
    versionProvider = PosthornMain.Version.class,
    description = "Outbox rows to signed webhook deliveries.",
    subcommands = {
      DevCommand.class,
      RelayCommand.class,
      WorkerCommand.class,
      RegistryCommand.class,
      InboundCommand.class,
      ServerCommand.class,
      MigrateCommand.class,
      EmitCommand.class,
      EventTypesCommand.class,
      CatalogCommand.class,
      OutboxPurgeCommand.class,
      VerifyCommand.class,
      DlqCommand.class,
      ListenCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the command failed (the message says why)", "2:bad usage"})
public final class PosthornMain {
  private PosthornMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests execute it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new PosthornMain())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr()
                  .println("posthorn: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
              return 1;
            });
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PosthornMain.class.getPackage().getImplementationVersion();
      return new String[] {"posthorn " + (v == null ? "dev" : v)};
    }
  }
}
