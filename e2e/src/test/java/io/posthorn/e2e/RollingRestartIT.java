package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deploy: three workers under a steady load are replaced one after the other with SIGTERM, as a
 * rolling restart does. Nothing may be lost, and since every worker leaves cleanly and every
 * rebalance waits for the moving partitions' deliveries before committing, little may be sent
 * twice. Prints the figures reported in docs/benchmarks.md.
 */
class RollingRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final int WORKERS = 3;
  private static final int ENDPOINTS = 2;
  private static final int EVENTS_PER_SECOND = 100;

  /**
   * What a rebalance may still re-send: see docs/benchmarks.md#rolling-restart (not yet zero, cause
   * open).
   */
  private static final int ALLOWED_PER_REBALANCE = 50;

  private final DevStack stack = DevStack.shared();

  @Test
  @Timeout(600)
  void aRollingRestartOfThreeWorkersUnderLoadLosesNothingAndResendsLittle() throws Exception {
    String prefix = "rolling-" + UUID.randomUUID().toString().substring(0, 8);
    String masterKey = SigningSecretSeal.generateMasterKey();
    Map<String, String> settings =
        WorkerProcess.isolatedSettings(stack.kafka().bootstrapServers(), masterKey, prefix);
    settings.put("worker.topic.partitions", "6");
    // A delivery that times out on this shared machine is retried within seconds, and no circuit
    // parks a burst.
    settings.put("worker.retry.ladder", "1s,2s,5s");
    settings.put("worker.circuit.failure-threshold", "0");
    settings.put("worker.startup-timeout", "120s");
    settings.put("metrics.port", "0");
    String eventsTopic = settings.get("worker.topic.events");
    stack.kafka().createTopics(Map.of(eventsTopic, 6));
    DeliveryWorker.createTopics(WorkerSettings.parse(settings));
    Set<String> published = ConcurrentHashMap.newKeySet();
    AtomicBoolean publishing = new AtomicBoolean(true);
    try (RecordingReceiver receiver = RecordingReceiver.start();
        EndpointTopicWriter writer =
            new EndpointTopicWriter(
                stack.kafka().bootstrapServers(),
                settings.get("worker.topic.endpoints"),
                SigningSecretSeal.fromBase64(masterKey))) {
      // Slow enough that every worker has deliveries on the wire when its partitions move.
      receiver.respond(r -> ScriptedReply.delayed(200, Duration.ofMillis(100)));
      receiver.keepRequests(false);
      Map<String, AtomicInteger> perPair = new ConcurrentHashMap<>();
      // Each dispatch carries a fresh span id in traceparent; okhttp's transparent resend of the
      // same
      // request on a fresh connection (the receiver closed a pooled one) does not: those are not
      // the worker's.
      Set<String> dispatches = ConcurrentHashMap.newKeySet();
      receiver.onRequest(
          r -> {
            perPair
                .computeIfAbsent(r.path() + " " + r.header("webhook-id"), k -> new AtomicInteger())
                .incrementAndGet();
            dispatches.add(r.path() + " " + r.header("webhook-id") + " " + r.header("traceparent"));
          });
      SigningSecret secret = SigningSecret.generate();
      for (int i = 0; i < ENDPOINTS; i++) {
        // A long timeout: a slow answer on a loaded machine is not retried, so every duplicate is
        // the rebalance's.
        writer.put(
            Endpoint.simple("ep" + i, receiver.url("/ep" + i), secret)
                .withTimeout(Duration.ofSeconds(30)));
      }
      List<WorkerProcess> workers = new ArrayList<>();
      long failedAttempts = 0;
      Thread publisher = null;
      try {
        for (int i = 0; i < WORKERS; i++) {
          workers.add(WorkerProcess.start(settings));
        }
        for (WorkerProcess w : workers) {
          w.awaitConsuming(WAIT);
        }
        publisher =
            Thread.ofPlatform()
                .name("rolling-publisher")
                .start(() -> publish(eventsTopic, published, publishing));
        await().atMost(WAIT).until(() -> receiver.count() >= 500);
        for (int i = 0; i < WORKERS; i++) {
          failedAttempts += failedAttempts(workers.get(i));
          workers.get(i).close(); // SIGTERM: drain, commit, leave the group
          WorkerProcess replacement = WorkerProcess.start(settings);
          workers.set(i, replacement);
          replacement.awaitConsuming(WAIT);
          int seen = receiver.count();
          await()
              .atMost(WAIT)
              .until(() -> receiver.count() >= seen + 300); // the new member is working
        }
        publishing.set(false);
        publisher.join(WAIT.toMillis());
        await().atMost(WAIT).until(() -> perPair.size() == published.size() * ENDPOINTS);
        for (WorkerProcess w : workers) {
          failedAttempts += failedAttempts(w);
        }
      } finally {
        publishing.set(false);
        workers.forEach(WorkerProcess::close);
      }
      int pairs = published.size() * ENDPOINTS;
      long requests = perPair.values().stream().mapToLong(AtomicInteger::get).sum();
      long duplicates = requests - pairs;
      long redispatched = dispatches.size() - pairs;
      // A failed attempt (a timeout on a loaded machine) is retried, and may have reached the
      // receiver:
      // a duplicate that is not the rebalance's. Reported apart.
      System.out.printf(
          "RollingRestartIT: %d workers restarted one by one under %d events/s: %d pairs, %d requests,"
              + " %d duplicates, of which %d dispatched again by a worker; %d failed attempts retried%n",
          WORKERS, EVENTS_PER_SECOND, pairs, requests, duplicates, redispatched, failedAttempts);
      assertThat(perPair).as("every event reached every endpoint").hasSize(pairs);
      // Six rebalances of the events group (three leaves, three joins). Before cooperative
      // rebalances and
      // the revoke wait, the same run re-sent 2,064 in the same conditions; after, 228 to 266
      // (docs/benchmarks.md).
      assertThat(redispatched)
          .as("deliveries a worker sent again during the rolling restart, beyond retried failures")
          .isLessThanOrEqualTo(failedAttempts + 6 * ALLOWED_PER_REBALANCE);
    }
  }

  /** Attempts that failed on this worker so far (each is retried), from its Prometheus meters. */
  private static long failedAttempts(WorkerProcess w) throws Exception {
    String text = null;
    for (int i = 0; i < 5 && text == null; i++) {
      try {
        text = w.scrapeMetrics();
      } catch (
          java.io.IOException e) { // a loaded machine may miss the 10 s scrape timeout: ask again
        System.err.println("RollingRestartIT: scraping worker " + w.pid() + " failed: " + e);
      }
    }
    if (text == null) {
      throw new IllegalStateException("could not scrape worker " + w.pid() + "'s meters");
    }
    long n = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("posthorn_worker_deliveries_total{")
          && line.contains("outcome=\"failed\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }

  private void publish(String topic, Set<String> published, AtomicBoolean publishing) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      long interval = 1_000_000_000L / EVENTS_PER_SECOND;
      long next = System.nanoTime();
      while (publishing.get()) {
        String id = UUID.randomUUID().toString();
        producer.send(
            EventRecord.of(
                topic,
                id,
                ("{\"id\":\"" + id + "\",\"eventType\":\"order.created\"}")
                    .getBytes(StandardCharsets.UTF_8),
                id,
                "order.created",
                null,
                null,
                id.replace("-", "")));
        published.add(id);
        next += interval;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(
              wait); // pacing the load, not waiting for a result
        }
      }
      producer.flush();
    }
  }
}
