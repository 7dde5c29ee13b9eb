package io.posthorn.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, one node) running inside this
 * JVM on 127.0.0.1, with its log directory in a temporary folder removed on {@link #close()}.
 *
 * <p>In-process rather than a child JVM: it starts in about two seconds and dies with the JVM, so a
 * killed test run leaves no orphan broker (see docs/decisions/0001-embedded-kafka-in-process.md).
 * Automatic topic creation is off: every component creates the topics it owns.
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final Path logDir;
  private final String bootstrapServers;

  private LocalKafka(KafkaRaftServer server, Path logDir, String bootstrapServers) {
    this.server = server;
    this.logDir = logDir;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats a fresh log directory and starts the broker; {@code port <= 0} picks a free one. */
  public static LocalKafka start(int port) {
    int brokerPort = FreePort.orAny(port);
    int controllerPort = FreePort.orAny(0);
    Path logDir;
    try {
      logDir = Files.createTempDirectory("posthorn-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating Kafka log directory", e);
    }
    Properties props = brokerProperties(brokerPort, controllerPort, logDir);
    format(props, logDir);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    return new LocalKafka(server, logDir, "127.0.0.1:" + brokerPort);
  }

  private static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Lets tests give a group (e.g. Kafka Connect's workers) a session of a second or two.
    p.put("group.min.session.timeout.ms", "1000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("broker.session.timeout.ms", "2000");
    p.put("broker.heartbeat.interval.ms", "500");
    return p;
  }

  private static void format(Properties props, Path logDir) {
    Path configFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
    try (Writer writer = Files.newBufferedWriter(configFile)) {
      props.store(writer, "posthorn embedded broker");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc;
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  configFile.toString(),
                  "--ignore-formatted"
                },
                print);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage failed: " + out.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("formatting Kafka storage in " + logDir, e);
    } finally {
      try {
        Files.deleteIfExists(configFile);
      } catch (IOException ignored) {
        // a leftover config file in the temp folder is harmless and reported nowhere else
      }
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates topics that do not exist yet (replication factor 1). */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<NewTopic> topics =
          partitionsByTopic.entrySet().stream()
              .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
              .toList();
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("creating topics " + partitionsByTopic.keySet(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    TempFiles.deleteRecursively(logDir);
  }
}
