package io.posthorn.e2e.oncall;

import io.posthorn.ops.PosthornMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code posthorn} command line, in-process or as a child JVM that a test may kill -9. */
public final class Cli {
  private Cli() {}

  public record Result(int exit, String out, String err) {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        PosthornMain.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * A child JVM running {@code posthorn args…} from this JVM's class path. Its output goes to a
   * file (a pipe read while the process exits can lose the last lines).
   */
  public static final class Child implements AutoCloseable {
    public final Process process;
    private final Path output;

    public Child(String... args) throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  PosthornMain.class.getName()));
      command.addAll(List.of(args));
      output = Files.createTempFile("posthorn-child", ".out");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    }

    /** Everything it printed so far, line by line. */
    public List<String> lines() {
      try {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        process.destroyForcibly().waitFor();
        Files.deleteIfExists(output);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
