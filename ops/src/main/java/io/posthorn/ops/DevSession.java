package io.posthorn.ops;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.devstack.DevStack;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code posthorn dev}: an embedded stack (PostgreSQL and Kafka) and a {@link LocalPipeline} on it
 * with the registry and the inbound gateway (and a demo GitHub connection), under the components'
 * default names, delivering to the {@link DemoEndpoint} registered through the registry's API.
 * Closing it stops everything in reverse order.
 */
final class DevSession implements AutoCloseable {
  static final String DATABASE = "posthorn";

  private final List<AutoCloseable> started = new ArrayList<>();
  private final DevStack stack;
  private final DemoEndpoint demo;
  private final Outbox outbox = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  private final String adminKey = DevRegistryClient.newAdminKey();
  private LocalPipeline pipeline;
  private DevRegistryClient.DevConnection connection;
  private int emitted;

  private DevSession(DevStack stack, DemoEndpoint demo) {
    this.stack = stack;
    this.demo = demo;
  }

  /** Starts everything; on failure stops what had started and rethrows. */
  static DevSession start(
      int postgresPort, int kafkaPort, int registryPort, PrintWriter out, boolean printEach) {
    DevStack stack = DevStack.start(postgresPort, kafkaPort);
    DevSession session = new DevSession(stack, new DemoEndpoint(out, printEach));
    try {
      session.started.add(stack);
      session.started.add(session.demo);
      session.startPipeline(registryPort);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The registry first (its migrations create the outbox and the endpoint feed), then a relay that
   * captures both, the demo endpoint registered through the registry's API, and the worker once the
   * endpoint reached the endpoints topic (so its routing table holds it from the start).
   */
  private void startPipeline(int registryPort) {
    pipeline =
        LocalPipeline.on(stack)
            .database(DATABASE)
            .withRegistry(r -> r.httpPort(registryPort).adminKey(adminKey))
            .withInbound(c -> c)
            .build();
    started.add(pipeline);
    pipeline.startRegistry();
    pipeline.startInbound();
    CountDownLatch demoPublished = new CountDownLatch(1);
    pipeline.startRelay(
        new RelayListener() {
          @Override
          public void endpointPublished(String endpointId, boolean deleted) {
            demoPublished.countDown();
          }
        });
    demo.useSecret(DevRegistryClient.registerDemo(registryUrl(), adminKey, demo.url()));
    connection = DevRegistryClient.createGitHubConnection(registryUrl(), adminKey);
    try {
      if (!demoPublished.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the demo endpoint did not reach "
                + pipeline.workerConfig().endpointsTopic()
                + " within 30 s: is the relay streaming?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the demo endpoint", e);
    }
    pipeline.startWorker(DeliveryListener.NONE);
  }

  /** Writes {@code count} sample events, in one transaction, like a product service would. */
  void emitSamples(int count) {
    List<OutboxEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(SampleEvents.next(emitted++));
    }
    try (Connection c = pipeline.db().getConnection()) {
      c.setAutoCommit(false);
      outbox.emitAll(c, events);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("emitting " + count + " sample events: " + e.getMessage(), e);
    }
  }

  String jdbcUrl() {
    return pipeline.jdbcUrl();
  }

  String kafkaBootstrap() {
    return pipeline.kafkaBootstrap();
  }

  DemoEndpoint demo() {
    return demo;
  }

  /** A new single-use link into the portal as an admin (every tenant, the global endpoints). */
  URI adminPortalLink() {
    return pipeline.registry().portalLink(java.util.Optional.empty());
  }

  /** The registry's base URL; its API is under {@code /v1}. */
  URI registryUrl() {
    return pipeline.registryUrl();
  }

  /** The demo GitHub connection created through the registry's API. */
  DevRegistryClient.DevConnection connection() {
    return connection;
  }

  /**
   * A {@code curl} line that sends a GitHub-style push, signed with the demo connection's secret,
   * to its URL: it is accepted, and the event it becomes reaches the demo endpoint. The delivery id
   * is fixed, so running it again is answered {@code duplicate} and stores nothing.
   */
  String curlLine() {
    String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/shop\"}}";
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(connection.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      signature =
          "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
    }
    return "curl -sS -X POST '"
        + connection.ingestUrl()
        + "' -H 'Content-Type: application/json' -H 'X-GitHub-Event: push'"
        + " -H 'X-GitHub-Delivery: "
        + connection.id()
        + "-demo-1' -H 'X-Hub-Signature-256: "
        + signature
        + "' --data-raw '"
        + body
        + "'";
  }

  /** The admin API key generated for this run (only its hash is stored). */
  String adminKey() {
    return adminKey;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the dev stack", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (first != null) {
      throw first;
    }
  }
}
