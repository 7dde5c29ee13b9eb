package io.posthorn.e2e.bench.pipeline;

import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.e2e.WorkerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Posthorn as a user runs it, through {@code ops/bin/posthorn} with its default JVM flags and
 * settings: either {@code posthorn relay} and {@code posthorn worker} as two processes, or {@code
 * posthorn server} (relay, worker and registry in one). Only what a one-broker test stack needs is
 * set: connection settings, topic names of its own, replication factor 1, and private networks
 * allowed for the loopback receiver. The broker is charged to it.
 */
final class PosthornSystem extends SystemUnderTest {
  private final boolean server;
  private final Path posthorn;
  private final Map<String, String> env;
  private final DataSource admin;
  private final String jdbcUrl;
  private final String bootstrap;
  private final String receiverUrl;
  private final Path dir;
  private final Path logDir;
  private final String ns;
  private final String masterKey = SigningSecretSeal.generateMasterKey();
  private int starts;

  PosthornSystem(
      boolean server,
      Path posthorn,
      Map<String, String> env,
      DataSource admin,
      String jdbcUrl,
      String bootstrap,
      String receiverUrl,
      Path dir,
      Path logDir) {
    this.server = server;
    this.posthorn = posthorn;
    this.env = env;
    this.admin = admin;
    this.jdbcUrl = jdbcUrl;
    this.bootstrap = bootstrap;
    this.receiverUrl = receiverUrl;
    this.dir = dir;
    this.logDir = logDir;
    this.ns = server ? "bench_server" : "bench_posthorn";
  }

  @Override
  String name() {
    return server ? "Posthorn server" : "Posthorn";
  }

  private Map<String, String> relaySettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("relay.database.url", jdbcUrl);
    s.put("relay.database.user", "postgres");
    s.put("relay.database.password", "");
    s.put("relay.kafka.bootstrap-servers", bootstrap);
    s.put("relay.slot", ns);
    s.put("relay.topic.events", ns + ".events");
    s.put("relay.topic.invalid", ns + ".invalid");
    s.put("relay.topic.offsets", ns + ".offsets");
    s.put("relay.topic.replication-factor", "1");
    return s;
  }

  /**
   * The e2e tests' isolated worker settings, with the topics' default partitions and one replica.
   */
  private Map<String, String> workerSettings() {
    Map<String, String> s =
        new LinkedHashMap<>(WorkerProcess.isolatedSettings(bootstrap, masterKey, ns));
    s.remove("worker.topic.partitions");
    s.put("worker.topic.replication-factor", "1");
    return s;
  }

  private Map<String, String> registrySettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("registry.database.url", jdbcUrl);
    s.put("registry.database.user", "postgres");
    s.put("registry.database.password", "");
    s.put("registry.http.host", "127.0.0.1");
    s.put("registry.http.port", "0");
    s.put("registry.secret-key", masterKey);
    s.put("registry.kafka.bootstrap-servers", bootstrap);
    s.put("registry.topic.events", ns + ".events");
    s.put("registry.topic.attempts", ns + ".attempts");
    s.put("registry.topic.redeliveries", ns + ".redeliveries");
    s.put("registry.attempts.group-id", ns + "-registry");
    s.put("registry.network.allow-http", "true");
    s.put("registry.network.allow-private", "true");
    return s;
  }

  @Override
  void prepare() throws Exception {
    // The topics an operator creates beforehand (the events topic with the relay's default 12
    // partitions), and the one endpoint, written to the routing topic as the registry would.
    try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      a.createTopics(List.of(new NewTopic(ns + ".events", 12, (short) 1))).all().get();
    }
    DeliveryWorker.createTopics(WorkerSettings.parse(workerSettings()));
    try (EndpointTopicWriter writer =
        new EndpointTopicWriter(
            bootstrap, ns + ".endpoints", SigningSecretSeal.fromBase64(masterKey))) {
      // As the registry creates it by default: 3 s timeout, at most 100 deliveries in flight.
      writer.put(
          Endpoint.simple("bench", URI.create(receiverUrl), SigningSecret.generate())
              .withMaxInFlight(100)
              .withTimeout(Duration.ofSeconds(3)));
    }
    if (server) {
      Map<String, String> all = new LinkedHashMap<>(registrySettings());
      all.putAll(workerSettings());
      all.putAll(relaySettings());
      write("server", all);
    } else {
      write("relay", relaySettings());
      write("worker", workerSettings());
    }
  }

  @Override
  void start() {
    if (server) {
      launch("server");
    } else {
      launch("worker");
      launch("relay");
    }
  }

  private Path write(String name, Map<String, String> settings) throws Exception {
    return Files.writeString(
        dir.resolve(ns + "-" + name + ".properties"),
        settings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
  }

  private void launch(String command) {
    Path file = dir.resolve(ns + "-" + command + ".properties");
    List<String> cmd =
        new ArrayList<>(List.of(posthorn.toString(), command, "--config", file.toString()));
    launched(command, Child.start(ns + "-" + command + "-" + ++starts, cmd, env, dir, logDir));
  }

  private String sourceRole() {
    return server ? "server" : "relay";
  }

  @Override
  void stopSource() {
    current(sourceRole()).stop(Duration.ofSeconds(60));
  }

  @Override
  void startSource() {
    launch(sourceRole());
  }

  @Override
  public void close() {
    for (String role : roles().reversed()) { // the relay before the worker
      if (!role.equals("broker")) {
        current(role).close();
      }
    }
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
              + ns
              + "' AND NOT active");
    } catch (SQLException e) {
      System.err.println("could not drop slot " + ns + ": " + e.getMessage());
    }
  }
}
