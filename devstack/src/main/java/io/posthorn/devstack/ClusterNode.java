package io.posthorn.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;

/**
 * One node of a {@link LocalKafkaCluster}: its directory (config, log directory, output), and its
 * child JVM while it runs. The child's standard input stays open as the parent's lifeline.
 */
final class ClusterNode {
  private final int id;
  private final Path dir;
  private final String address;
  private Process process;
  private OutputStream lifeline;

  private ClusterNode(int id, Path dir, String address) {
    this.id = id;
    this.dir = dir;
    this.address = address;
  }

  /** Writes the node's config and formats its log directory with the cluster's id. */
  static ClusterNode format(int id, Path dir, Properties props, String clusterId, String address) {
    Path config = dir.resolve("server.properties");
    try {
      Files.createDirectories(dir);
      try (Writer writer = Files.newBufferedWriter(config)) {
        props.store(writer, "posthorn cluster node " + id);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc;
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config.toString()}, print);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting node " + id + " failed: " + out.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("preparing cluster node " + id + " in " + dir, e);
    }
    return new ClusterNode(id, dir, address);
  }

  int id() {
    return id;
  }

  String address() {
    return address;
  }

  /** Starts the node's JVM; its output goes to {@code node.log} in its directory (appended). */
  synchronized void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("node " + id + " is already running");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            java.toString(),
            "-Xms128m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-cp",
            System.getProperty("java.class.path"),
            BrokerNodeMain.class.getName(),
            dir.resolve("server.properties").toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
              .start();
      lifeline = process.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("starting cluster node " + id, e);
    }
  }

  /** SIGKILL, waiting for the process to end; nothing when it does not run. */
  synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + id + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted killing node " + id, e);
    } finally {
      closeLifeline();
    }
    process = null;
  }

  /** Fails naming the node and its last output when it was started and has died on its own. */
  synchronized void checkAlive() {
    if (process != null && !process.isAlive()) {
      throw new IllegalStateException(
          "cluster node " + id + " exited with " + process.exitValue() + ": " + tail());
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("node.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private void closeLifeline() {
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the process is gone; its pipe with it
    }
  }
}
