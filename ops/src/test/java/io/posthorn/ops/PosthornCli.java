package io.posthorn.ops;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the {@code posthorn} command line in-process, as the launcher would, capturing its output.
 */
public final class PosthornCli {
  private PosthornCli() {}

  /** Exit status and everything printed to stdout and stderr. */
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
}
