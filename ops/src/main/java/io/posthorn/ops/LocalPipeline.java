package io.posthorn.ops;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.inbound.InboundConfig;
import io.posthorn.inbound.InboundGateway;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.SecretSeal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Posthorn's components wired in one JVM on a {@link DevStack}: a database holding the outbox, a
 * relay, a worker and, if asked for, the endpoint registry, with the topics between them. The one
 * place that knows how the three fit together on a local stack; {@code posthorn dev} and the e2e
 * tests compose it differently (with or without the registry, a static endpoint feed, a tuned
 * worker such as a scaled retry ladder) instead of each wiring its own copy.
 *
 * <p>{@link Builder#build()} creates the database and the worker's topics and fixes every config;
 * the components start when asked ({@link #startRegistry()}, {@link #startRelay(RelayListener)},
 * {@link #startWorker(DeliveryListener)}, or {@link #start()} for all in that order). Closing stops
 * whatever runs, in reverse order; it never stops the stack.
 */
public final class LocalPipeline implements AutoCloseable {
  private static final int PARTITIONS = 4;

  private final DevStack stack;
  private final String database;
  private final DataSource db;
  private final String masterKey;
  private final RelayConfig relayConfig;
  private final WorkerConfig workerConfig;
  private final RegistryConfig registryConfig;
  private final InboundConfig inboundConfig;
  private EndpointRegistry registry;
  private InboundGateway inbound;
  private OutboxRelay relay;
  private DeliveryWorker worker;

  private LocalPipeline(Builder b) {
    this.stack = b.stack;
    this.database =
        b.isolated
            ? stack.postgres().createDatabase(b.name)
            : stack.postgres().createDatabaseNamed(b.name);
    this.db = stack.postgres().dataSource(database);
    this.masterKey = SecretSeal.generateMasterKey();
    String topics = b.isolated ? database : null;
    this.relayConfig = b.tuneRelay.apply(relay(topics, b.tuneRegistry != null)).build();
    this.workerConfig = b.tuneWorker.apply(worker(topics)).build();
    this.inboundConfig =
        b.tuneInbound == null
            ? null
            : b.tuneInbound.apply(
                InboundConfig.of(jdbcUrl(), "postgres", "", SecretSeal.fromBase64(masterKey))
                    .withHttp("127.0.0.1", freePort()));
    this.registryConfig =
        b.tuneRegistry == null
            ? null
            : b.tuneRegistry
                .apply(
                    registry(topics)
                        .inboundUrl(
                            inboundConfig == null
                                ? null
                                : "http://127.0.0.1:" + inboundConfig.httpPort()))
                .build();
    if (registryConfig == null) {
      OutboxSchema.migrate(db); // with a registry, its migrations create the outbox on start
    }
    DeliveryWorker.createTopics(workerConfig);
  }

  /** Starts describing a pipeline on {@code stack}. */
  public static Builder on(DevStack stack) {
    return new Builder(stack);
  }

  private RelayConfig.Builder relay(String ns, boolean captureEndpointFeed) {
    RelayConfig.Builder b =
        RelayConfig.builder(jdbcUrl(), "postgres", "", kafkaBootstrap())
            .topicPartitions(PARTITIONS)
            .captureEndpointFeed(captureEndpointFeed);
    if (ns != null) {
      b.slotName("slot_" + ns)
          .eventsTopic(ns + ".events")
          .invalidTopic(ns + ".events.invalid")
          .offsetsTopic(ns + ".offsets")
          .endpointsTopic(ns + ".endpoints");
    }
    return b;
  }

  private WorkerConfig.Builder worker(String ns) {
    WorkerConfig.Builder b =
        WorkerConfig.builder(kafkaBootstrap(), SigningSecretSeal.fromBase64(masterKey))
            .topicPartitions(PARTITIONS)
            .allowPrivateNetworks(true);
    if (ns != null) {
      b.groupId(ns + "-workers")
          .eventsTopic(ns + ".events")
          .endpointsTopic(ns + ".endpoints")
          .attemptsTopic(ns + ".attempts")
          .retryTopicPrefix(ns + ".retry.")
          .deadLetterTopic(ns + ".dlq")
          .redeliveriesTopic(ns + ".redeliveries")
          .invalidTopic(ns + ".events.invalid");
    }
    return b;
  }

  private RegistryConfig.Builder registry(String ns) {
    RegistryConfig.Builder b =
        RegistryConfig.builder(
                jdbcUrl(), "postgres", "", kafkaBootstrap(), SecretSeal.fromBase64(masterKey))
            .httpHost("127.0.0.1")
            .httpPort(0)
            .allowHttp(true)
            .allowPrivateNetworks(true);
    if (ns != null) {
      b.eventsTopic(ns + ".events")
          .attemptsTopic(ns + ".attempts")
          .attemptsGroupId(ns + "-registry")
          .redeliveriesTopic(ns + ".redeliveries");
    }
    return b;
  }

  /** A port free now on loopback, for the gateway (the registry shows its URL). */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free port for the inbound gateway", e);
    }
  }

  /**
   * Starts the inbound gateway on the registry's database (start the registry first: it owns the
   * connections table the gateway reads).
   */
  public LocalPipeline startInbound() {
    if (inboundConfig == null) {
      throw new IllegalStateException("this pipeline was built without the inbound gateway");
    }
    inbound = InboundGateway.create(inboundConfig, Clock.systemUTC()).start();
    return this;
  }

  /** The running inbound gateway; connection URLs are {@code inbound().url()/in/<id>}. */
  public InboundGateway inbound() {
    return Objects.requireNonNull(inbound, "the inbound gateway is not running");
  }

  /** Registry (if configured), relay and worker, in that order, with no listeners. */
  public LocalPipeline start() {
    if (registryConfig != null) {
      startRegistry();
    }
    return startRelay(RelayListener.NONE).startWorker(DeliveryListener.NONE);
  }

  /** Starts the registry; its migrations create its tables, the outbox and the endpoint feed. */
  public LocalPipeline startRegistry() {
    if (registryConfig == null) {
      throw new IllegalStateException("this pipeline was built without a registry");
    }
    registry = EndpointRegistry.create(registryConfig, Clock.systemUTC()).start();
    return this;
  }

  public LocalPipeline startRelay(RelayListener listener) {
    relay = OutboxRelay.create(relayConfig, listener).start();
    return this;
  }

  /** Stops the relay; its offsets stay, so a later {@link #startRelay} resumes where it stopped. */
  public void stopRelay() {
    relay.close();
    relay = null;
  }

  public LocalPipeline startWorker(DeliveryListener listener) {
    worker = DeliveryWorker.create(workerConfig, Clock.systemUTC(), listener).start();
    return this;
  }

  /**
   * Writes endpoints straight to the endpoints topic, sealed with this pipeline's master key: the
   * static feed of a pipeline without a registry.
   */
  public void publishEndpoints(Collection<Endpoint> endpoints) {
    try (EndpointTopicWriter writer =
        new EndpointTopicWriter(
            kafkaBootstrap(),
            workerConfig.endpointsTopic(),
            SigningSecretSeal.fromBase64(masterKey))) {
      endpoints.forEach(writer::put);
    }
  }

  /** The database's name: {@code prefix_N} when isolated. */
  public String database() {
    return database;
  }

  public DataSource db() {
    return db;
  }

  public String jdbcUrl() {
    return stack.postgres().jdbcUrl(database);
  }

  public String kafkaBootstrap() {
    return stack.kafka().bootstrapServers();
  }

  /** The base64 key that seals endpoint secrets, shared by the registry and the workers. */
  public String masterKey() {
    return masterKey;
  }

  public RelayConfig relayConfig() {
    return relayConfig;
  }

  public WorkerConfig workerConfig() {
    return workerConfig;
  }

  /** The running worker. */
  public DeliveryWorker worker() {
    return Objects.requireNonNull(worker, "the worker is not running");
  }

  /** The running registry; its API is under {@code registry().url()/v1}. */
  public EndpointRegistry registry() {
    return Objects.requireNonNull(registry, "the registry is not running");
  }

  public URI registryUrl() {
    return registry().url();
  }

  @Override
  public void close() {
    List<AutoCloseable> running = new ArrayList<>();
    running.add(worker);
    running.add(relay);
    running.add(inbound);
    running.add(registry);
    inbound = null;
    worker = null;
    relay = null;
    registry = null;
    RuntimeException first = null;
    for (AutoCloseable c : running) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the pipeline", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** How the pipeline is laid out on the stack; every part has a working default. */
  public static final class Builder {
    private final DevStack stack;
    private String name = "posthorn";
    private boolean isolated;
    private UnaryOperator<RelayConfig.Builder> tuneRelay = UnaryOperator.identity();
    private UnaryOperator<WorkerConfig.Builder> tuneWorker = UnaryOperator.identity();
    private UnaryOperator<RegistryConfig.Builder> tuneRegistry;
    private UnaryOperator<InboundConfig> tuneInbound;

    private Builder(DevStack stack) {
      this.stack = stack;
    }

    /**
     * The database {@code name} (the default is {@code posthorn}) with the components' default
     * topic, slot and group names: the only pipeline on its stack, as in {@code posthorn dev}.
     */
    public Builder database(String name) {
      this.name = name;
      this.isolated = false;
      return this;
    }

    /**
     * A fresh database {@code prefix_N}, with the slot, every topic and group named after it, so
     * many pipelines share one stack (the tests' {@code DevStack.shared()}).
     */
    public Builder isolated(String prefix) {
      this.name = prefix;
      this.isolated = true;
      return this;
    }

    /** Applied after the layout (connection, names, four partitions). */
    public Builder relay(UnaryOperator<RelayConfig.Builder> tune) {
      this.tuneRelay = tune;
      return this;
    }

    /** Applied after the layout (names, four partitions, private networks allowed). */
    public Builder worker(UnaryOperator<WorkerConfig.Builder> tune) {
      this.tuneWorker = tune;
      return this;
    }

    /**
     * Adds the registry, which then owns the database's migrations, and makes the relay capture its
     * endpoint feed. {@code tune} applies after the layout (loopback on a free port, http and
     * private networks allowed for every tenant); an admin key is up to the caller.
     */
    public Builder withRegistry(UnaryOperator<RegistryConfig.Builder> tune) {
      this.tuneRegistry = Objects.requireNonNull(tune);
      return this;
    }

    /**
     * Adds the inbound gateway (issue 17) on a free loopback port, with the pipeline's database and
     * master key; the registry's connections show its URL. Needs {@link #withRegistry}.
     */
    public Builder withInbound(UnaryOperator<InboundConfig> tune) {
      this.tuneInbound = Objects.requireNonNull(tune);
      return this;
    }

    /** Creates the database (and its outbox, without a registry) and the worker's topics. */
    public LocalPipeline build() {
      return new LocalPipeline(this);
    }
  }
}
