package io.posthorn.inbound;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxListener;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.health.Health;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound gateway (issue 17, decision 0053): providers POST to {@code /in/{connectionId}}; each
 * request is verified against its connection's provider, then its log row and an {@code
 * inbound.<provider>.<kind>} event are committed in one transaction, so it reaches internal
 * subscribers through the relay, Kafka and the workers. Connections come from the registry's table,
 * read by id and kept for {@code inbound.connections.refresh}.
 *
 * <p>{@link #start()} migrates its log and the outbox and serves; {@link #close()} stops both.
 * {@link #health()} is STARTING until it serves and after close, READY in between.
 */
public final class InboundGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboundGateway.class);

  private final InboundConfig config;
  private final Clock clock;
  private final InboundListener listener;
  private volatile HikariDataSource dataSource;
  private volatile IngestServer server;
  private volatile boolean closed;

  private InboundGateway(InboundConfig config, Clock clock, InboundListener listener) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
  }

  /** A gateway whose meters go nowhere; see the three-argument form. */
  public static InboundGateway create(InboundConfig config, Clock clock) {
    return create(config, clock, new SimpleMeterRegistry(), InboundListener.NONE);
  }

  /**
   * Wires a gateway whose meters ({@code posthorn.inbound.*}) go to {@code meters} and which also
   * tells {@code also} of every request. Call {@link #start()} next.
   */
  public static InboundGateway create(
      InboundConfig config, Clock clock, MeterRegistry meters, InboundListener also) {
    return new InboundGateway(config, clock, InboundListener.all(new InboundMetrics(meters), also));
  }

  /** Migrates, then serves; fails here on a database it cannot reach or migrate. */
  public synchronized InboundGateway start() {
    if (server != null) {
      throw new IllegalStateException("inbound gateway already started");
    }
    log.info("starting the inbound gateway: {}", config);
    dataSource = dataSource(config);
    InboundSchema.migrate(dataSource);
    EventCatalog catalog = EventCatalog.of(config.catalogDir());
    Outbox outbox = Outbox.create(OutboxConfig.defaults(), catalog, clock, OutboxListener.LOG);
    ConnectionDirectory connections =
        new ConnectionDirectory(
            dataSource, config.secretSeal(), clock, config.connectionsRefresh(), System::nanoTime);
    Ingest ingest =
        new Ingest(connections, new InboundLog(dataSource, outbox), clock, config.maxBodyBytes());
    server =
        IngestServer.start(
            config.httpHost(), config.httpPort(), ingest, listener, config.clientAddressHeader());
    log.info("inbound gateway listening on {}/in/<connectionId>", server.url());
    return this;
  }

  /**
   * {@code http://host:port} of the ingest server; connection URLs are {@code /in/<id>} under it.
   */
  public URI url() {
    return server.url();
  }

  /** STARTING until it serves and after {@link #close()}; READY in between. Never blocks. */
  public Health health() {
    if (closed) {
      return Health.starting("the inbound gateway is stopped");
    }
    if (server == null) {
      return Health.starting("the inbound gateway is starting: migrating its database");
    }
    return Health.ready();
  }

  private static HikariDataSource dataSource(InboundConfig config) {
    HikariConfig h = new HikariConfig();
    h.setPoolName("posthorn-inbound");
    h.setJdbcUrl(config.databaseUrl());
    h.setUsername(config.databaseUser());
    h.setPassword(config.databasePassword());
    h.setMaximumPoolSize(config.poolSize());
    h.setMinimumIdle(1);
    // A refused statement's message must never carry bound values (decision 0024).
    h.addDataSourceProperty("logServerErrorDetail", "false");
    return new HikariDataSource(h);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      server.close();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
