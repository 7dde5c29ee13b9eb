package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
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
    assertThat(result.output)
        .contains("--pg-port must be a port (1-65535), or 0 for a free one")
        .doesNotContain("Exception");
  }

  /** The catalog is read from inside the packaged event-schema jar, not from a classes folder. */
  @Test
  void eventTypesListsTheCatalogFromThePackagedJar() throws Exception {
    Result result = run("event-types");

    assertThat(result.exit).as(result.output).isZero();
    // Posthorn's own types come from the jar; the rest from the example catalog directory.
    assertThat(result.output.lines().filter(line -> line.matches("[a-z.]+ +v\\d+  .+")))
        .hasSize(18)
        .anyMatch(line -> line.startsWith("posthorn.ping "))
        .anyMatch(line -> line.startsWith("inbound.request "));
  }

  /**
   * The long-running commands get a bounded heap, the serial collector and C1 only, unless the user
   * chose.
   */
  @Test
  void longRunningCommandsGetHeapDefaults_andPosthornJavaOptsOverridesThem() throws Exception {
    String flags = "-XX:+PrintCommandLineFlags";

    assertThat(run(Map.of("POSTHORN_JAVA_OPTS", flags), "relay", "--help").output)
        .contains("-XX:MaxHeapSize=268435456", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    assertThat(run(Map.of("POSTHORN_JAVA_OPTS", flags), "worker", "--help").output)
        .contains("-XX:MaxHeapSize=402653184", "-XX:+UseSerialGC");
    assertThat(run(Map.of("POSTHORN_JAVA_OPTS", flags), "server", "--help").output)
        .contains("-XX:MaxHeapSize=671088640", "-XX:+UseSerialGC");

    Result chosen =
        run(
            Map.of(
                "POSTHORN_JAVA_OPTS",
                flags + " -Xmx100m -XX:+UseParallelGC -XX:TieredStopAtLevel=4"),
            "worker",
            "--help");
    assertThat(chosen.exit).as(chosen.output).isZero();
    assertThat(chosen.output)
        .contains("-XX:MaxHeapSize=104857600", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=4")
        .doesNotContain("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    Result none =
        run(
            Map.of("POSTHORN_JAVA_OPTS", flags, "POSTHORN_JVM_DEFAULTS", "false"),
            "relay",
            "--help");
    assertThat(none.output)
        .doesNotContain("-XX:MaxHeapSize=268435456", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  private static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = LAUNCHER.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
