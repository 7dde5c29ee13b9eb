package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointConverter;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The worker on the real stack: Kafka topics in, HTTP out to a recording receiver. */
class WorkerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void oneEventReachesFiftyEndpointsOnceEachWithValidSignatures() throws Exception {
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      for (int i = 0; i < 50; i++) {
        w.endpoints.put(w.endpoint("ep" + i));
      }
      w.start(DeliveryListener.NONE);

      String id = w.publish("order.completed", null);

      await().atMost(WAIT).until(() -> w.receiver.count() >= 50);
      Webhook verifier = new Webhook(w.secretText);
      for (int i = 0; i < 50; i++) {
        List<ReceivedRequest> got = w.receiver.requests("/ep" + i);
        assertThat(got).as("endpoint ep%d", i).hasSize(1);
        assertThat(got.get(0).header("webhook-id")).isEqualTo(id);
        verifier.verify(got.get(0).bodyText(), got.get(0).headers());
      }
      try (TopicReader attempts =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.attemptsTopic())) {
        assertThat(attempts.readAtLeast(50, WAIT))
            .hasSize(50)
            .allSatisfy(
                r ->
                    assertThat(text(r.value()))
                        .contains("\"eventId\":\"" + id + "\"")
                        .contains("\"outcome\":\"delivered\"")
                        .contains("\"attempt\":1"));
      }
    }
  }

  @Test
  void typeFiltersAndTenantsDecideWhoReceivesWhat() {
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("global_all"));
      w.endpoints.put(w.endpoint("global_orders").withEventTypes("order.*"));
      w.endpoints.put(w.endpoint("acme_users").withTenant("acme").withEventTypes("user.created"));
      w.endpoints.put(w.endpoint("globex_all").withTenant("globex"));
      w.start(DeliveryListener.NONE);

      w.publish("user.created", "acme");
      w.publish("order.completed", null);
      w.publish("payment.failed", "acme");
      w.publish("order.refunded", "acme");

      await()
          .atMost(WAIT)
          .until(
              () ->
                  w.receiver.requests("/global_all").size() == 4
                      && w.receiver.requests("/global_orders").size() == 2
                      && w.receiver.requests("/acme_users").size() == 1);
      assertThat(w.receiver.requests("/acme_users").get(0).header("posthorn-event-type"))
          .isEqualTo("user.created");
      assertThat(w.receiver.requests("/global_orders"))
          .extracting(r -> r.header("posthorn-event-type"))
          .containsExactlyInAnyOrder("order.completed", "order.refunded");
      assertThat(w.receiver.requests("/globex_all")).as("another tenant's endpoint").isEmpty();
    }
  }

  @Test
  void aStalledEndpointNeverHoldsBackTheHealthyOnesAndWhatCannotWaitForItIsParked() {
    List<DeliveryTask> parked = new CopyOnWriteArrayList<>();
    AtomicInteger stalledAttempts = new AtomicInteger();
    DeliveryListener recordParks =
        new DeliveryListener() {
          @Override
          public void parked(DeliveryTask task, String reason) {
            parked.add(task);
          }

          @Override
          public void attemptStarted(DeliveryRequest request) {
            if (request.endpoint().id().equals("stalled")) {
              stalledAttempts.incrementAndGet();
            }
          }
        };
    // What waits for the stalled endpoint leaves its lane for the first tier after 2 s.
    try (WorkerFixture w = new WorkerFixture(b -> b.pacingMaxWait(Duration.ofSeconds(2)))) {
      for (int i = 0; i < 9; i++) {
        w.endpoints.put(w.endpoint("healthy" + i));
      }
      w.endpoints.put(w.endpoint("stalled").withMaxInFlight(5).withTimeout(Duration.ofSeconds(4)));
      w.receiver.respond(
          r -> r.path().equals("/stalled") ? ScriptedReply.stall() : ScriptedReply.ok());
      w.start(recordParks);

      Instant published = Instant.now();
      w.publishMany(100, "order.created");

      // The receiver's total count includes the stalled endpoint's requests, so wait on each
      // healthy one.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  IntStream.range(0, 9)
                      .allMatch(i -> w.receiver.requests("/healthy" + i).size() >= 100));
      List<Instant> healthy =
          IntStream.range(0, 9)
              .boxed()
              .flatMap(i -> w.receiver.requests("/healthy" + i).stream())
              .map(ReceivedRequest::receivedAt)
              .sorted()
              .toList();
      assertThat(healthy).hasSize(900);
      assertThat(Duration.between(published, healthy.get(healthy.size() - 1)))
          .as(
              "900 deliveries to healthy endpoints, never waiting for the stalled one (its timeout is 4 s)")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(w.receiver.requests("/stalled"))
          .as("still stalled, at its bound")
          .hasSizeLessThanOrEqualTo(5);
      // Each of the 100 deliveries to the stalled endpoint was either attempted (at most 5 at a
      // time,
      // each ending in a 4 s timeout) or, after waiting 2 s in its lane, parked without an attempt.
      await().atMost(WAIT).until(() -> parked.size() + stalledAttempts.get() == 100);
      assertThat(parked).hasSizeGreaterThanOrEqualTo(50);
      String firstTier = w.config.retryTopics().get(0);
      try (TopicReader tier = new TopicReader(w.stack.kafka().bootstrapServers(), firstTier)) {
        List<ConsumerRecord<byte[], byte[]>> tasks =
            tier.readUntil(
                seen -> seen.stream().filter(WorkerIT::isParked).count() >= parked.size(), WAIT);
        assertThat(tasks)
            .filteredOn(WorkerIT::isParked)
            .hasSize(parked.size())
            .allSatisfy(
                t -> {
                  assertThat(header(t, EventHeaders.ENDPOINT_ID)).isEqualTo("stalled");
                  assertThat(header(t, EventHeaders.ATTEMPTS))
                      .as("parking is not an attempt")
                      .isEqualTo("0");
                  assertThat(header(t, EventHeaders.PARKED_REASON))
                      .isEqualTo("the endpoint is at its in-flight bound");
                });
      }
    }
  }

  @Test
  void addressesInPrivateRangesAreNeverConnectedTo() {
    List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();
    DeliveryListener recordOutcomes =
        new DeliveryListener() {
          @Override
          public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
            outcomes.add(outcome);
          }
        };
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      int port = w.receiver.port();
      Map<String, String> refused =
          Map.of(
              "to_loopback_by_name", "http://loopback.posthorn.test:" + port + "/refused",
              "to_private_by_name", "http://internal.posthorn.test/hook",
              "to_metadata_by_name", "http://metadata.posthorn.test/latest/meta-data",
              "to_private_literal", "http://10.0.0.1/hook",
              "to_metadata_literal", "http://169.254.169.254/latest/meta-data");
      refused.forEach(
          (id, url) -> w.endpoints.put(at(w.endpoint(id), url).withPrivateNetworkAllowed(false)));
      w.endpoints.put(
          at(w.endpoint("allowed"), "http://loopback.posthorn.test:" + port + "/allowed"));
      w.start(recordOutcomes);

      w.publish("user.created", null);

      await()
          .atMost(WAIT)
          .until(() -> outcomes.size() >= 6 && w.receiver.requests("/allowed").size() == 1);
      assertThat(w.receiver.requests("/allowed"))
          .as("the same host, allowed private networks")
          .hasSize(1);
      assertThat(w.receiver.requests("/refused")).isEmpty();
      assertThat(outcomes)
          .filteredOn(o -> o instanceof AttemptOutcome.Rejected)
          .hasSize(5)
          .extracting(AttemptOutcome::error)
          .containsExactlyInAnyOrder(
              "loopback.posthorn.test resolves to 127.0.0.1, which is in the loopback range 127.0.0.0/8",
              "internal.posthorn.test resolves to 10.0.0.1, which is in the private range 10.0.0.0/8",
              "metadata.posthorn.test resolves to 169.254.169.254, which is in the cloud metadata range "
                  + "169.254.169.254/32",
              "10.0.0.1 is in the private range 10.0.0.0/8",
              "169.254.169.254 is in the cloud metadata range 169.254.169.254/32");
      try (TopicReader dlq =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic())) {
        assertThat(dlq.readAtLeast(5, WAIT))
            .hasSize(5)
            .allSatisfy(
                t -> assertThat(header(t, "posthorn-dead-letter-reason")).startsWith("rejected: "));
      }
    }
  }

  @Test
  void noSpellingOfLoopbackOpensAConnectionWherePrivateNetworksAreRefused() throws Exception {
    List<String> rejectedDocuments = new CopyOnWriteArrayList<>();
    DeliveryListener recordRejections =
        new DeliveryListener() {
          @Override
          public void endpointRejected(String endpointId, String reason) {
            rejectedDocuments.add(reason);
          }
        };
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity());
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      Thread.ofVirtual()
          .start(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    Socket s = listener.accept();
                    accepted.incrementAndGet();
                    s.close();
                  } catch (IOException e) {
                    // closed at the end of the test
                  }
                }
              });
      int port = listener.getLocalPort();
      Map<String, String> spellings =
          Map.of(
              "as_integer", "http://2130706433:" + port + "/",
              "short_two", "http://127.1:" + port + "/",
              "short_three", "http://127.0.1:" + port + "/",
              "hex_short", "http://0x7f.1:" + port + "/",
              "mapped_v6", "http://[::ffff:127.0.0.1]:" + port + "/");
      spellings.forEach((id, url) -> w.endpoints.putRaw(id, document(w, id, url)));
      w.endpoints.put(w.endpoint("control"));
      w.start(recordRejections);

      w.publish("user.created", null);

      try (TopicReader dlq =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic())) {
        ConsumerRecord<byte[], byte[]> dead = dlq.readAtLeast(1, WAIT).get(0);
        assertThat(header(dead, EventHeaders.ENDPOINT_ID)).isEqualTo("mapped_v6");
        assertThat(header(dead, "posthorn-dead-letter-reason"))
            .isEqualTo("rejected: 127.0.0.1 is in the loopback range 127.0.0.0/8");
      }
      await().atMost(WAIT).until(() -> w.receiver.requests("/control").size() == 1);
      assertThat(rejectedDocuments)
          .containsExactlyInAnyOrder(
              "endpoint as_integer: url host 2130706433 is an ambiguous IPv4 spelling (a single number; read as "
                  + "127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d",
              "endpoint short_two: url host 127.1 is an ambiguous IPv4 spelling (only 2 parts; read as 127.0.0.1): "
                  + "write the address as four decimal parts without leading zeros, a.b.c.d",
              "endpoint short_three: url host 127.0.1 is an ambiguous IPv4 spelling (only 3 parts; read as "
                  + "127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d",
              "endpoint hex_short: url host 0x7f.1 is an ambiguous IPv4 spelling (hexadecimal parts, only 2 parts; "
                  + "read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d");
      assertThat(accepted).as("connections to the listener on 127.0.0.1").hasValue(0);
    }
  }

  /** The document as a forged or stale producer could write it: no registry judged the URL. */
  private static byte[] document(WorkerFixture w, String id, String url) {
    return new EndpointConverter(w.seal)
        .encode(at(w.endpoint(id), url).withPrivateNetworkAllowed(false));
  }

  @Test
  void aFailedAttemptGoesToTheFirstTierAndA410ToTheDeadLetters() {
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("failing"));
      w.endpoints.put(w.endpoint("gone"));
      w.receiver.respond(
          r -> r.path().equals("/gone") ? ScriptedReply.status(410) : ScriptedReply.status(500));
      w.start(DeliveryListener.NONE);

      String id = w.publish("order.created", null);

      try (TopicReader tier =
              new TopicReader(w.stack.kafka().bootstrapServers(), w.config.retryTopics().get(0));
          TopicReader dlq =
              new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic())) {
        ConsumerRecord<byte[], byte[]> retry = tier.readAtLeast(1, WAIT).get(0);
        assertThat(header(retry, EventHeaders.EVENT_ID)).isEqualTo(id);
        assertThat(header(retry, EventHeaders.ENDPOINT_ID)).isEqualTo("failing");
        assertThat(header(retry, EventHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(header(retry, EventHeaders.LAST_STATUS)).isEqualTo("500");
        assertThat(Long.parseLong(header(retry, EventHeaders.DUE_AT)))
            .isGreaterThan(System.currentTimeMillis() + Duration.ofSeconds(30).toMillis());
        ConsumerRecord<byte[], byte[]> dead = dlq.readAtLeast(1, WAIT).get(0);
        assertThat(header(dead, EventHeaders.ENDPOINT_ID)).isEqualTo("gone");
        assertThat(header(dead, "posthorn-dead-letter-reason"))
            .isEqualTo("gone: the endpoint answered 410");
      }
    }
  }

  @Test
  void disablingOrDeletingAnEndpointStopsItsDeliveriesWhileOthersGoOn() {
    AtomicInteger open = new AtomicInteger();
    DeliveryListener countOpen =
        new DeliveryListener() {
          @Override
          public void attemptStarted(DeliveryRequest request) {
            open.incrementAndGet();
          }

          @Override
          public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
            open.decrementAndGet();
          }
        };
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("keeps"));
      w.endpoints.put(w.endpoint("disabled"));
      w.endpoints.put(w.endpoint("deleted"));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      w.start(countOpen, meters);
      w.publish("user.created", null);
      await().atMost(WAIT).until(() -> w.receiver.count() == 3);

      w.endpoints.put(w.endpoint("disabled").withEnabled(false));
      w.endpoints.delete("deleted");
      w.endpoints.put(w.endpoint("added_after"));
      // Publish until the change is live; the endpoint added last proves the worker has seen it.
      AtomicInteger published = new AtomicInteger(1);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                w.publish("user.created", null);
                published.incrementAndGet();
                return !w.receiver.requests("/added_after").isEmpty();
              });
      await()
          .atMost(WAIT)
          .until(() -> w.receiver.requests("/keeps").size() == published.get() && open.get() == 0);
      int disabledBefore = w.receiver.requests("/disabled").size();
      int deletedBefore = w.receiver.requests("/deleted").size();
      for (int i = 0; i < 5; i++) {
        w.publish("user.created", null);
      }

      await().atMost(WAIT).until(() -> w.receiver.requests("/keeps").size() == published.get() + 5);
      await().atMost(WAIT).until(() -> open.get() == 0);
      assertThat(w.receiver.requests("/disabled")).hasSize(disabledBefore);
      assertThat(w.receiver.requests("/deleted")).hasSize(deletedBefore);
      assertThat(meters.find("posthorn.worker.endpoint.in_flight").gauges())
          .as("a deleted endpoint's meters go with it")
          .extracting(g -> g.getId().getTag("endpoint"))
          .containsExactlyInAnyOrder("keeps", "disabled", "added_after");
    }
  }

  @Test
  void aRecordWithoutRoutingHeadersIsQuarantinedAndTheStreamGoesOn() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("all"));
      w.start(seen);

      w.publishRaw(
          new ProducerRecord<>(
              w.config.eventsTopic(), 0, null, WorkerFixture.utf8("{\"not\":\"relayed\"}")));
      String id = w.publish("order.created", null);

      await().atMost(WAIT).until(() -> w.receiver.requests("/all").size() == 1);
      assertThat(w.receiver.requests("/all").get(0).header("webhook-id")).isEqualTo(id);
      try (TopicReader invalid =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.invalidTopic())) {
        ConsumerRecord<byte[], byte[]> held = invalid.readAtLeast(1, WAIT).get(0);
        assertThat(text(held.value())).isEqualTo("{\"not\":\"relayed\"}");
        assertThat(header(held, EventHeaders.INVALID_REASON)).endsWith("lacks posthorn-event-id");
        assertThat(header(held, EventHeaders.ORIGIN_TOPIC)).isEqualTo(w.config.eventsTopic());
        assertThat(header(held, EventHeaders.ORIGIN_PARTITION)).isEqualTo("0");
      }
      assertThat(seen.quarantined).hasSize(1);
    }
  }

  @Test
  void aMalformedEndpointDocumentIsReportedAndTheRestStillDeliver() {
    List<String> rejected = new CopyOnWriteArrayList<>();
    DeliveryListener recordRejections =
        new DeliveryListener() {
          @Override
          public void endpointRejected(String endpointId, String reason) {
            rejected.add(reason);
          }
        };
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.putRaw(
          "broken", "{\"id\":\"broken\",\"status\":\"enabled\"}".getBytes(StandardCharsets.UTF_8));
      w.endpoints.put(w.endpoint("fine"));
      w.start(recordRejections);

      w.publish("user.created", null);

      await().atMost(WAIT).until(() -> w.receiver.requests("/fine").size() == 1);
      assertThat(rejected).containsExactly("endpoint broken: url is required");
      assertThat(w.receiver.requests("/broken")).isEmpty();
    }
  }

  private static Endpoint at(Endpoint e, String url) {
    return new Endpoint(
        e.id(),
        e.tenantId(),
        URI.create(url),
        e.enabled(),
        e.eventTypes(),
        e.secrets(),
        e.timeout(),
        e.maxInFlight(),
        e.ratePerSecond(),
        e.headers(),
        e.privateNetworkAllowed());
  }

  private static boolean isParked(ConsumerRecord<byte[], byte[]> r) {
    return header(r, EventHeaders.PARKED_REASON) != null;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
