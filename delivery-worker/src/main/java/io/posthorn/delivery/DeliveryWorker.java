package io.posthorn.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.attempt.AttemptPublisher;
import io.posthorn.delivery.dispatch.HttpDispatcher;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointConverter;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.endpoint.EndpointTopicReader;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.retry.TaskWriter;
import io.posthorn.schema.health.Health;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import okhttp3.Dns;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes events and POSTs each, signed, to every endpoint the routing table matches: the delivery
 * worker. The routing table follows the compacted endpoints topic; the worker needs only Kafka and
 * HTTP.
 *
 * <p>Offsets are committed only up to the lowest record whose deliveries are all resolved
 * (delivered, or acknowledged on a retry tier or the dead-letter topic), so every matching endpoint
 * gets every event at least once through a crash or rebalance; a redelivery carries the same {@code
 * webhook-id}. Workers with the same group id share the partitions.
 *
 * <p>A delivery its endpoint cannot take yet (in-flight bound, rate limit, open circuit) waits in
 * that endpoint's lane in memory and goes at the endpoint's next free slot ({@link EndpointLanes});
 * only what cannot wait is parked on the first retry tier.
 *
 * <p>Two consume loops share one HTTP client, the endpoint gates and lanes and the routing table:
 * one for events (first attempts), one for the retry tiers and the redeliveries topic (its own
 * consumer group, {@link #RETRY_GROUP_SUFFIX}), each with its own in-flight budget, so retries
 * never starve first attempts.
 *
 * <p>Both groups use the cooperative-sticky assignor: a rebalance moves only the partitions that
 * change owner, and a revoke waits (up to 10 s) for the moving partitions' deliveries in flight
 * before committing, so a rolling deploy re-sends next to nothing (decision 0018). {@link
 * #health()} says whether every part is alive; the process supervisor exits on FAILED.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  /** The retry loop's consumer group: the events group id plus this. */
  public static final String RETRY_GROUP_SUFFIX = "-retries";

  private static final int SESSION_TIMEOUT_MS = 10_000;

  /** The producer's linger: attempt records and hand-overs batched (decision 0035). */
  static final int LINGER_MS = 25;

  private final WorkerConfig config;
  private final EndpointTopicReader endpoints;
  private final HttpDispatcher dispatcher;
  private final KafkaProducer<byte[], byte[]> producer;
  private final DeliveryPipeline pipeline;
  private final AggregateQueues ordered;
  private final ScheduledExecutorService pacing;
  private final List<ConsumeLoop> loops;
  private final List<KafkaClientMetrics> consumerMetrics;
  private final ScheduledExecutorService scheduler;
  private final Failures failures;
  private volatile TopicWatch topics;
  private volatile Thread feedThread;
  private volatile boolean started;
  private volatile boolean closed;

  private DeliveryWorker(
      WorkerConfig config,
      EndpointTopicReader endpoints,
      HttpDispatcher dispatcher,
      KafkaProducer<byte[], byte[]> producer,
      DeliveryPipeline pipeline,
      AggregateQueues ordered,
      ScheduledExecutorService pacing,
      List<ConsumeLoop> loops,
      List<KafkaClientMetrics> consumerMetrics,
      ScheduledExecutorService scheduler,
      Failures failures) {
    this.config = config;
    this.endpoints = endpoints;
    this.dispatcher = dispatcher;
    this.producer = producer;
    this.pipeline = pipeline;
    this.ordered = ordered;
    this.pacing = pacing;
    this.loops = loops;
    this.consumerMetrics = consumerMetrics;
    this.scheduler = scheduler;
    this.failures = failures;
  }

  /** A worker without a metrics registry of the caller's; see the four-argument form. */
  public static DeliveryWorker create(WorkerConfig config, Clock clock, DeliveryListener listener) {
    return create(config, clock, listener, new SimpleMeterRegistry());
  }

  /**
   * Wires a worker; {@code clock} stamps {@code webhook-timestamp} and times the retry ladder.
   * Meters (including the consumer's lag) go to {@code registry}. Call {@link #start()} next.
   */
  public static DeliveryWorker create(
      WorkerConfig config, Clock clock, DeliveryListener listener, MeterRegistry registry) {
    AtomicReference<DeliveryListener> all = new AtomicReference<>(DeliveryListener.NONE);
    LongSupplier ticker = System::nanoTime;
    EndpointGate gate =
        new EndpointGate(
            ticker,
            config.circuitFailureThreshold(),
            config.circuitCoolDown(),
            (id, open) -> all.get().circuitChanged(id, open));
    ScheduledExecutorService pacing =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("posthorn-pacing").daemon().factory());
    AtomicReference<DeliveryPipeline> pipelineRef = new AtomicReference<>();
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
    AttemptPublisher attemptLog = new AttemptPublisher(producer, config.attemptsTopic());
    WorkerMetrics metrics =
        new WorkerMetrics(
            registry, clock, gate, () -> pipelineRef.get().queued(), attemptLog::waiting);
    DeliveryListener listeners =
        DeliveryListener.all(new LoggingDeliveryListener(), metrics, listener);
    all.set(listeners);
    // First attempts and retries each have max-in-flight; the shared HTTP client has room for both.
    HttpDispatcher dispatcher =
        new HttpDispatcher(
            2 * config.maxInFlight(),
            Executors.newVirtualThreadPerTaskExecutor(),
            clock,
            Dns.SYSTEM,
            config.allowPrivateNetworks(),
            config.connectionPooling(),
            config.egressProxy());
    dispatcher.bindTokenMeters(registry);
    Failures failures = new Failures();
    // Hand-over retries and the topic check; virtual threads, as a retried send may block on
    // metadata.
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2, Thread.ofVirtual().name("posthorn-worker-scheduler-", 0).factory());
    HandOver handOver =
        new HandOver(
            scheduler,
            clock,
            HandOver.Policy.giveUpAfter(config.handoverGiveUpAfter()),
            listeners,
            (task, error) ->
                failures.fail(
                    "Kafka refused the hand-over of "
                        + task.eventId()
                        + " for endpoint "
                        + task.endpointId()
                        + " for longer than worker.handover.give-up-after ("
                        + config.handoverGiveUpAfter()
                        + "): "
                        + error));
    DeliveryPipeline pipeline =
        new DeliveryPipeline(
            gate,
            dispatcher,
            attemptLog,
            new TaskWriter(
                producer,
                config.retryLadder(),
                config.retryTopicPrefix(),
                config.deadLetterTopic()),
            config.retryLadder(),
            config.retryAfterCap(),
            clock,
            ticker,
            (delay, task) -> {
              try {
                pacing.schedule(task, delay, TimeUnit.NANOSECONDS);
              } catch (RejectedExecutionException e) {
                // Closing: nothing more is sent from the lanes.
              }
            },
            new EndpointLanes.Limits(
                config.pacingMaxWait(), config.pacingMaxQueued(), config.circuitMaxHolds()),
            listeners,
            handOver);
    pipelineRef.set(pipeline);
    EndpointTopicReader endpoints =
        new EndpointTopicReader(
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.bootstrapServers(),
                    ConsumerConfig.CLIENT_ID_CONFIG,
                    "posthorn-worker-endpoints-" + ProcessHandle.current().pid()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
            config.endpointsTopic(),
            new EndpointConverter(config.secretSeal()),
            listeners::endpointRejected,
            id -> {
              pipeline.endpointRemoved(id);
              metrics.forget(id);
            });

    OffsetTracker eventOffsets = new OffsetTracker();
    KafkaConsumer<byte[], byte[]> eventConsumer =
        new KafkaConsumer<>(
            consumerProperties(config, config.groupId()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    AggregateQueues ordered =
        new AggregateQueues(
            endpoints::current,
            pipeline,
            eventOffsets,
            clock,
            (delay, task) -> {
              try {
                pacing.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
              } catch (RejectedExecutionException e) {
                // Closing: nothing more is sent from the queues.
              }
            },
            config.pacingMaxQueued());
    // Beside WorkerMetrics' gauges (docs/operations/metrics.md): what ordered endpoints hold back.
    Gauge.builder("posthorn.worker.ordered.waiting", ordered::waiting)
        .description("Deliveries to ordered endpoints waiting behind their aggregate's head")
        .register(registry);
    Gauge.builder("posthorn.worker.ordered.blocked", ordered::blocked)
        .description("Aggregates an ordered endpoint holds blocked behind a dead letter")
        .register(registry);
    FanOut fanOut =
        new FanOut(
            endpoints::current,
            pipeline,
            eventOffsets,
            new Quarantine(
                producer, config.invalidTopic(), eventOffsets, listeners, failures::fail),
            ordered,
            clock,
            listeners);
    ConsumeLoop events =
        new ConsumeLoop(
            "posthorn-worker-events",
            eventConsumer,
            List.of(config.eventsTopic()),
            config.maxInFlight(),
            fanOut,
            eventOffsets,
            clock,
            config.commitInterval());

    OffsetTracker taskOffsets = new OffsetTracker();
    KafkaConsumer<byte[], byte[]> taskConsumer =
        new KafkaConsumer<>(
            consumerProperties(config, config.groupId() + RETRY_GROUP_SUFFIX),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    RetryRouter retryRouter =
        new RetryRouter(
            endpoints::current,
            pipeline,
            taskOffsets,
            new Quarantine(producer, config.invalidTopic(), taskOffsets, listeners, failures::fail),
            new TierLag(registry, config.taskTopics(), tierSteps(config)),
            clock);
    ConsumeLoop retries =
        new ConsumeLoop(
            "posthorn-worker-retries",
            taskConsumer,
            config.taskTopics(),
            config.maxInFlight(),
            retryRouter,
            taskOffsets,
            clock,
            config.commitInterval());

    List<KafkaClientMetrics> consumerMetrics =
        List.of(kafkaClientMetrics(eventConsumer), kafkaClientMetrics(taskConsumer));
    consumerMetrics.forEach(m -> m.bindTo(registry));
    return new DeliveryWorker(
        config,
        endpoints,
        dispatcher,
        producer,
        pipeline,
        ordered,
        pacing,
        List.of(events, retries),
        consumerMetrics,
        scheduler,
        failures);
  }

  /**
   * Micrometer's binder for a consumer's own metrics, refreshed every {@link
   * #KAFKA_METRICS_REFRESH}: Kafka registers per-partition metrics such as {@code records-lag} only
   * once partitions are assigned, and the binder's default minute let a new worker's lag stay
   * invisible to the lag alert for that long. Closing the binder stops its thread, named apart from
   * the consume loops' (Linux keeps 15 characters) so per-thread CPU profiles tell them apart.
   */
  private static KafkaClientMetrics kafkaClientMetrics(KafkaConsumer<?, ?> consumer) {
    return new KafkaClientMetrics(
        consumer,
        List.of(),
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kafka-metrics").factory()),
        KAFKA_METRICS_REFRESH);
  }

  private static Map<String, Object> consumerProperties(WorkerConfig config, String groupId) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG,
        groupId,
        // Replays are written in Kafka transactions: an aborted one is never delivered.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        // A new group starts at the oldest retained event: nothing published before it is skipped.
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        config.maxPollRecords(),
        // A worker that dies (kill -9, lost host) hands its partitions over after this, not Kafka's
        // 45 s.
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        SESSION_TIMEOUT_MS,
        // A rebalance revokes only the partitions that move (decision 0018). Safe to roll out over
        // workers
        // on Kafka's default [range, cooperative-sticky] in one rolling restart.
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName(),
        ConsumerConfig.CLIENT_ID_CONFIG,
        groupId + "-" + ProcessHandle.current().pid());
  }

  /** Each retry tier's topic and delay. */
  private static Map<String, Duration> tierSteps(WorkerConfig config) {
    Map<String, Duration> steps = new LinkedHashMap<>();
    RetryLadder ladder = config.retryLadder();
    for (int tier = 0; tier < ladder.tiers(); tier++) {
      steps.put(ladder.topic(config.retryTopicPrefix(), tier), ladder.delay(tier));
    }
    return steps;
  }

  private static Map<String, Object> producerProperties(WorkerConfig config) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        // Attempt records (one per delivery) and hand-overs share produce requests: at a steady
        // rate
        // a request carries several instead of one. Latency-neutral: they are written after the
        // POST, and a task waiting for them holds no sending slot (decision 0035).
        ProducerConfig.LINGER_MS_CONFIG,
        LINGER_MS,
        // A send to a topic missing from metadata fails after 5 s (and is retried by HandOver)
        // instead of
        // blocking the calling thread, the consumer's among them, for Kafka's default 60 s.
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        5_000,
        ProducerConfig.CLIENT_ID_CONFIG,
        "posthorn-worker-tasks-" + ProcessHandle.current().pid());
  }

  /**
   * Creates the worker's topics that do not exist yet, even when {@code worker.topic.create} is
   * false (an explicit request); {@link #start()} does it too when that setting allows.
   */
  public static void createTopics(WorkerConfig config) {
    WorkerTopicSetup.create(config);
  }

  /**
   * Creates missing topics (or, with {@code worker.topic.create=false}, fails naming them), loads
   * the routing table (waiting up to {@code worker.startup-timeout}), then starts consuming: no
   * event is matched against a half-loaded table.
   */
  public DeliveryWorker start() {
    log.info("starting worker: {}", config);
    WorkerTopicSetup.ensure(config);
    feedThread = Thread.ofPlatform().name("posthorn-endpoints").daemon().start(endpoints);
    endpoints.awaitLoaded(config.startupTimeout());
    TopicWatch watch = new TopicWatch(config, WorkerTopicSetup.admin(config), failures);
    topics = watch;
    long every = config.topicCheckInterval().toMillis();
    scheduler.scheduleWithFixedDelay(watch, every, every, TimeUnit.MILLISECONDS);
    loops.forEach(ConsumeLoop::start);
    started = true;
    return this;
  }

  /**
   * What the worker says of itself, for the process supervisor (which exits on FAILED) and the
   * readiness endpoint: STARTING until the routing table is loaded and the consume loops run (or
   * while the events topic is missing); FAILED, naming the part, once a consume loop or the
   * endpoints feed died, a hand-over was given up, or a topic went missing that the worker may not
   * recreate; READY otherwise. Cheap; any thread.
   */
  public Health health() {
    String failed = failures.first();
    if (failed != null) {
      return Health.failed(failed);
    }
    for (ConsumeLoop loop : loops) {
      if (loop.failure() != null) {
        return Health.failed("consume loop " + loop.name() + " died: " + loop.failure());
      }
    }
    Thread feed = feedThread;
    if (endpoints.failure() != null || (feed != null && !feed.isAlive() && !closed)) {
      return Health.failed(
          "endpoints feed from "
              + config.endpointsTopic()
              + " died (the routing table is frozen): "
              + endpoints.failure());
    }
    if (closed) {
      return Health.starting("closed");
    }
    if (!started || !endpoints.isLoaded()) {
      return Health.starting("loading the routing table from " + config.endpointsTopic());
    }
    for (ConsumeLoop loop : loops) {
      if (!loop.isRunning()) {
        return Health.failed("consume loop " + loop.name() + " stopped");
      }
    }
    TopicWatch watch = topics;
    return watch == null ? Health.ready() : watch.health();
  }

  /**
   * The endpoint as this worker's routing table holds it now, empty when the table does not hold it
   * (never loaded, deleted, or its document did not decode): what the worker routes, signs and
   * sends with. Cheap; any thread.
   */
  public Optional<Endpoint> endpoint(String id) {
    return Optional.ofNullable(endpoints.current().find(id));
  }

  /**
   * Stops polling, lets deliveries on the wire finish, commits what is resolved, and closes. What
   * still waits in an endpoint's lane is not sent by this worker: its offset stays uncommitted.
   */
  @Override
  public void close() {
    closed = true;
    try {
      ordered.close();
      pipeline.stopPacing();
      loops.parallelStream().forEach(ConsumeLoop::close);
    } finally {
      pacing.shutdownNow();
      scheduler.shutdownNow();
      TopicWatch watch = topics;
      if (watch != null) {
        watch.close();
      }
      endpoints.close();
      dispatcher.close();
      producer.close();
      consumerMetrics.forEach(KafkaClientMetrics::close);
    }
  }
}
