package io.posthorn.e2e.bench.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka broker (KRaft, combined broker and controller) in a child JVM running {@code
 * kafka.Kafka}, with the heap flags of Kafka's own start script: the broker a small deployment runs
 * beside Posthorn.
 */
final class Broker {
  private Broker() {}

  static BrokerChild start(String java, String classPath, Path dir, Path logDir) throws Exception {
    int port = freePort();
    int controller = freePort();
    Path data = dir.resolve("kafka-data");
    if (Files.exists(
        data)) { // a previous invocation's log: a fresh cluster id needs a fresh directory
      try (var files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(data);
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", data.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    Path config = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "pipeline benchmark broker");
    }
    ByteArrayOutputStream formatOut = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(formatOut, true, StandardCharsets.UTF_8)) {
      if (StorageTool.execute(
              new String[] {
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--ignore-formatted"
              },
              print)
          != 0) {
        throw new IOException(
            "formatting Kafka storage failed: " + formatOut.toString(StandardCharsets.UTF_8));
      }
    }
    Child broker =
        Child.start(
            "broker",
            List.of(
                java,
                "-Xmx1G",
                "-Xms1G",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true",
                "-cp",
                classPath,
                "kafka.Kafka",
                config.toString()),
            Map.of(),
            dir,
            logDir);
    awaitPort(port, Duration.ofSeconds(90));
    return new BrokerChild(broker, "127.0.0.1:" + port);
  }

  /** The broker's bootstrap address, kept beside its process. */
  record BrokerChild(Child child, String bootstrap) {}

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the broker did not listen on " + port + " within " + timeout, e);
        }
        Thread.sleep(100);
      }
    }
  }
}
