package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs ops/bin/posthorn as a user would, against the jar and lib folder `mvn package` built. */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin", "posthorn").toAbsolutePath();

  @Test
  void launcherRunsTheBuiltCli() throws Exception {
    Result result = run("--version");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).startsWith("posthorn ");
  }

  @Test
  void badOptionValueIsAUsageErrorNamingTheOption() throws Exception {
    Result result = run("dev", "--pg-port", "70000");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.output).contains("--pg-port must be a port (1-65535), or 0 for a free one").doesNotContain("Exception");
  }

  /** The catalog is read from inside the packaged event-schema jar, not from a classes folder. */
  @Test
  void eventTypesListsTheCatalogFromThePackagedJar() throws Exception {
    Result result = run("event-types");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output.lines().filter(line -> line.matches("[a-z.]+ +v\\d+  .+"))).hasSize(17);
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = LAUNCHER.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
