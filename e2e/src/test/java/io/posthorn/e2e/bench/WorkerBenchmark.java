package io.posthorn.e2e.bench;

import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.e2e.WorkerProcess;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.endpoint.DeliveryOrder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Worker throughput on the embedded stack, in one run: the raw okhttp ceiling against the same
 * receiver, then a worker (a child JVM running {@code posthorn worker}) for 1 endpoint, fan-out 1 →
 * 100, 10 healthy endpoints, 10 endpoints of which one stalls, and 1,000 endpoints at distinct
 * origins (names {@code epN.bench.test} that a hosts file given to the worker points at the one
 * receiver) once with the shared connection pool of before decision 0022 as the baseline and once
 * with a pool per origin; with {@code ordered} as the second argument, ordered delivery against
 * concurrent (decision 0045). Prints deliveries/s, the ratios the issue sets goals for, the
 * worker's CPU-seconds per 1,000 deliveries and its peak RSS.
 *
 * <p>{@code mvn -B -Pbench -pl e2e -am -DskipTests verify
 * -Dbench.main=io.posthorn.e2e.bench.WorkerBenchmark -Dbench.args=20000}
 */
public final class WorkerBenchmark {
  private static final byte[] BODY =
      ("{\"id\":\"evt\",\"eventType\":\"order.completed\",\"aggregateType\":\"Order\","
              + "\"aggregateId\":\"ord_42\",\"payload\":{\"total\":4200,\"currency\":\"EUR\",\"items\":[1,2,3]},"
              + "\"occurredAt\":\"2026-11-21T10:30:00Z\",\"metadata\":{}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final int ORIGINS = 1000;

  private final DevStack stack = DevStack.shared();
  private final int deliveries;

  /** How long the receiver takes to answer 200; zero but in the ordered comparison. */
  private Duration answerDelay = Duration.ZERO;

  private WorkerBenchmark(int deliveries) {
    this.deliveries = deliveries;
  }

  public static void main(String[] args) throws Exception {
    // The JDK server closes idle connections past 200 by default; 1,000 origins keep more than
    // that.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String only = args.length > 1 ? args[1] : "";
    if (only.equals("ordered")) {
      new WorkerBenchmark(deliveries).runOrdered();
    } else if (only.startsWith("origins")) {
      new WorkerBenchmark(deliveries).runOrigins(only.equals("origins-reversed"));
    } else {
      new WorkerBenchmark(deliveries).run();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    double ceiling = rawCeiling();
    Result one = scenario("1 endpoint", 1, 0, deliveries);
    Result fanOut = scenario("fan-out 1->100", 100, 0, deliveries / 100);
    Result ten = scenario("10 endpoints", 10, 0, deliveries / 10);
    Result stalled = scenario("10 endpoints, 1 stalled", 10, 1, deliveries / 10);
    Result sharedPool =
        scenario(
            "1000 origins, shared pool", ORIGINS, 0, Math.max(1, deliveries / ORIGINS), "shared");
    Result perOrigin =
        scenario(
            "1000 origins, per-origin",
            ORIGINS,
            0,
            Math.max(1, deliveries / ORIGINS),
            "per-origin");
    System.out.printf("%nraw okhttp ceiling           %8.0f POSTs/s%n", ceiling);
    for (Result r : new Result[] {one, fanOut, ten, stalled, sharedPool, perOrigin}) {
      System.out.printf(
          "%-28s %8.0f deliveries/s  %.3f CPU-s/1000 (%.3f after warm-up)  peak RSS %d MiB%n",
          r.name, r.perSecond, r.cpuPerThousand, r.steadyCpuPerThousand, r.peakRssKib / 1024);
    }
    printOrigins(sharedPool, perOrigin);
    System.out.printf(
        "%n1 endpoint / raw ceiling        %.2f (goal >= 0.50)%n", one.perSecond / ceiling);
    System.out.printf(
        "fan-out / 1 endpoint            %.2f (goal >= 1.00)%n", fanOut.perSecond / one.perSecond);
    System.out.printf(
        "1 stalled / none stalled        %.2f (goal >= 0.90)%n", stalled.perSecond / ten.perSecond);
    System.out.printf(
        "worker CPU-s per 1000 (1 ep)    %.3f whole run, %.3f after warm-up (goal <= 0.15)%n",
        one.cpuPerThousand, one.steadyCpuPerThousand);
  }

  /**
   * Only the 1,000-origin pair ({@code 20000 origins}), the baseline first, or last with {@code
   * origins-reversed} (the receiver's JVM is warmer for the second).
   */
  private void runOrigins(boolean reversed) throws Exception {
    int events = Math.max(1, deliveries / ORIGINS);
    Result perOrigin =
        reversed ? scenario("1000 origins, per-origin", ORIGINS, 0, events, "per-origin") : null;
    Result sharedPool = scenario("1000 origins, shared pool", ORIGINS, 0, events, "shared");
    if (!reversed) {
      perOrigin = scenario("1000 origins, per-origin", ORIGINS, 0, events, "per-origin");
    }
    printOrigins(sharedPool, perOrigin);
  }

  /**
   * Ordered delivery against concurrent in the same run ({@code 20000 ordered}, decision 0045): one
   * endpoint, the events spread over 1,000 aggregates, concurrent then ordered; then ordered with
   * only 10 aggregates, where one request at a time per aggregate is the bound. The receiver
   * answers in 20 ms (so one request at a time per aggregate shows); endpoint timeouts of 30 s, so
   * a loaded machine does not turn slow answers into a tier's minute; a concurrent warm-up run
   * first.
   */
  private void runOrdered() throws Exception {
    Duration patient = Duration.ofSeconds(30);
    answerDelay = Duration.ofMillis(20);
    scenario(
        "warm-up (not counted)",
        1,
        0,
        deliveries / 4,
        null,
        DeliveryOrder.CONCURRENT,
        1000,
        patient);
    Result concurrent =
        scenario(
            "concurrent, 1000 aggregates",
            1,
            0,
            deliveries,
            null,
            DeliveryOrder.CONCURRENT,
            1000,
            patient);
    DeliveryOrder ordered = DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.SKIP);
    Result many =
        scenario("ordered, 1000 aggregates", 1, 0, deliveries, null, ordered, 1000, patient);
    Result few = scenario("ordered, 10 aggregates", 1, 0, deliveries, null, ordered, 10, patient);
    System.out.println();
    for (Result r : new Result[] {concurrent, many, few}) {
      System.out.printf(
          "%-28s %8.0f deliveries/s  %.3f CPU-s/1000 (%.3f after warm-up)  peak RSS %d MiB%n",
          r.name, r.perSecond, r.cpuPerThousand, r.steadyCpuPerThousand, r.peakRssKib / 1024);
    }
    System.out.printf(
        "ordered / concurrent, 1000 aggregates: %.2f deliveries/s, %.2f CPU-s per 1000 after warm-up%n",
        many.perSecond / concurrent.perSecond,
        many.steadyCpuPerThousand / concurrent.steadyCpuPerThousand);
  }

  private static void printOrigins(Result sharedPool, Result perOrigin) {
    System.out.printf(
        "%n1000 origins, per-origin / shared pool: %.2f deliveries/s, %.2f CPU-s per 1000 after warm-up%n",
        perOrigin.perSecond / sharedPool.perSecond,
        perOrigin.steadyCpuPerThousand / sharedPool.steadyCpuPerThousand);
  }

  private double rawCeiling() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      receiver.keepRequests(false);
      Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(256);
      OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).build();
      post(client, receiver, deliveries / 10); // warm-up
      long start = System.nanoTime();
      post(client, receiver, deliveries);
      double seconds = (System.nanoTime() - start) / 1e9;
      client.dispatcher().executorService().shutdown();
      return deliveries / seconds;
    }
  }

  private static void post(OkHttpClient client, RecordingReceiver receiver, int count)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(count);
    String url = receiver.url("/raw").toString();
    for (int i = 0; i < count; i++) {
      client
          .newCall(
              new Request.Builder()
                  .url(url)
                  .post(RequestBody.create(BODY, MediaType.get("application/json")))
                  .build())
          .enqueue(
              new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                  response.close();
                  done.countDown();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                  done.countDown();
                }
              });
    }
    done.await(5, TimeUnit.MINUTES);
  }

  private Result scenario(String name, int endpoints, int stalledEndpoints, int events)
      throws Exception {
    return scenario(name, endpoints, stalledEndpoints, events, null);
  }

  /**
   * @param pooling {@code worker.http.connection-pool}, or null for one origin (the receiver's
   *     address) shared by every endpoint; otherwise each endpoint gets its own origin
   */
  private Result scenario(
      String name, int endpoints, int stalledEndpoints, int events, String pooling)
      throws Exception {
    return scenario(
        name, endpoints, stalledEndpoints, events, pooling, DeliveryOrder.CONCURRENT, 64, null);
  }

  /**
   * @param order every healthy endpoint's delivery order
   * @param aggregates how many aggregates (record keys) the events are spread over, round robin
   * @param timeout the endpoints' timeout, or null for the default (30 s with distinct origins)
   */
  private Result scenario(
      String name,
      int endpoints,
      int stalledEndpoints,
      int events,
      String pooling,
      DeliveryOrder order,
      int aggregates,
      Duration timeout)
      throws Exception {
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    String masterKey = SigningSecretSeal.generateMasterKey();
    Map<String, String> settings =
        WorkerProcess.isolatedSettings(stack.kafka().bootstrapServers(), masterKey, prefix);
    // One JDK HttpServer stands in for every subscriber; past ~256 concurrent requests it, not the
    // worker, becomes the bottleneck (3 s timeouts on a 2-core machine).
    settings.put("worker.max-in-flight", "256");
    List<String> jvmOptions = List.of();
    if (pooling != null) {
      settings.put("worker.http.connection-pool", pooling);
      jvmOptions = List.of("-Djdk.net.hosts.file=" + hostsFile(endpoints));
    }
    WorkerConfig config = WorkerSettings.parse(settings);
    stack.kafka().createTopics(Map.of(config.eventsTopic(), 4));
    DeliveryWorker.createTopics(config);
    int healthy = endpoints - stalledEndpoints;
    long expected = (long) events * healthy;
    AtomicLong firstAt = new AtomicLong();
    AtomicLong lastAt = new AtomicLong();
    AtomicInteger delivered = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch warm = new CountDownLatch(1);
    AtomicLong warmCpuMillis = new AtomicLong();
    CountDownLatch all = new CountDownLatch(1);
    try (RecordingReceiver receiver = RecordingReceiver.start();
        EndpointTopicWriter writer =
            new EndpointTopicWriter(
                stack.kafka().bootstrapServers(),
                config.endpointsTopic(),
                SigningSecretSeal.fromBase64(masterKey))) {
      receiver.keepRequests(false);
      receiver.respond(
          r ->
              r.path().startsWith("/stalled")
                  ? ScriptedReply.stall()
                  : answerDelay.isZero()
                      ? ScriptedReply.ok()
                      : ScriptedReply.delayed(200, answerDelay));
      receiver.onRequest(
          r -> {
            if (!r.path().startsWith("/stalled")) {
              long now = System.nanoTime();
              if (firstAt.compareAndSet(0, now)) {
                first.countDown();
              }
              int n = delivered.incrementAndGet();
              if (n == expected / 5) {
                warm.countDown();
              }
              if (n == expected) {
                lastAt.set(now);
                all.countDown();
              }
            }
          });
      SigningSecret secret = SigningSecret.generate();
      for (int i = 0; i < endpoints; i++) {
        String id = (i < stalledEndpoints ? "stalled" : "ep") + i;
        URI url =
            pooling == null
                ? receiver.url("/" + id)
                : URI.create("http://" + id + ".bench.test:" + receiver.port() + "/" + id);
        // A loaded machine must not turn a slow answer into a retry a tier's minute later.
        Endpoint e =
            pooling == null && timeout == null
                ? Endpoint.simple(id, url, secret)
                : Endpoint.simple(id, url, secret)
                    .withTimeout(timeout == null ? Duration.ofSeconds(30) : timeout);
        // Healthy endpoints get no bound below the worker's own, so nothing is parked for a tier's
        // minute.
        writer.put(i < stalledEndpoints ? e.withMaxInFlight(5) : e.withOrder(order));
      }
      publish(config.eventsTopic(), events, aggregates);
      try (WorkerProcess worker = WorkerProcess.start(settings, jvmOptions)) {
        worker.awaitConsuming(Duration.ofSeconds(60));
        if (!first.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException(name + ": nothing delivered within 60 s");
        }
        Duration cpuAtFirst =
            worker.cpu(); // JVM start-up and group join are not the worker's steady cost
        // JIT compilation burns most of its CPU in the first seconds: also measure from 20 %
        // onwards.
        if (warm.await(5, TimeUnit.MINUTES)) {
          warmCpuMillis.set(worker.cpu().toMillis());
        }
        if (!all.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              name + ": only " + delivered.get() + " of " + expected + " delivered");
        }
        Duration cpu = worker.cpu().minus(cpuAtFirst);
        double seconds = (lastAt.get() - firstAt.get()) / 1e9;
        double steadyThousands = (expected - expected / 5) / 1000.0;
        Result r =
            new Result(
                name,
                expected / seconds,
                cpu.toMillis() / 1000.0 / (expected / 1000.0),
                (worker.cpu().toMillis() - warmCpuMillis.get()) / 1000.0 / steadyThousands,
                worker.peakRssKib());
        System.out.printf(
            "BENCH %s: %.0f deliveries/s, %.3f CPU-s/1000 (%.3f after warm-up), peak RSS %d MiB%n",
            r.name, r.perSecond, r.cpuPerThousand, r.steadyCpuPerThousand, r.peakRssKib / 1024);
        return r;
      }
    }
  }

  /**
   * {@code epN.bench.test} for every endpoint, all at 127.0.0.1: distinct origins, one receiver.
   */
  private static Path hostsFile(int endpoints) throws IOException {
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
    for (int i = 0; i < endpoints; i++) {
      hosts.append("127.0.0.1 ep").append(i).append(".bench.test\n");
    }
    Path file = Files.createTempFile("posthorn-bench-hosts", ".txt");
    Files.writeString(file, hosts);
    file.toFile().deleteOnExit();
    return file;
  }

  private void publish(String topic, int events, int aggregates) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        producer.send(
            EventRecord.of(
                topic,
                "agg" + i % aggregates,
                BODY,
                UUID.randomUUID().toString(),
                "order.completed",
                null,
                null,
                null));
      }
      producer.flush();
    }
  }

  private record Result(
      String name,
      double perSecond,
      double cpuPerThousand,
      double steadyCpuPerThousand,
      long peakRssKib) {}
}
