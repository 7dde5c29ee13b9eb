package io.posthorn.registry;

import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.attempt.AttemptConsumer;
import io.posthorn.registry.attempt.AttemptLog;
import io.posthorn.registry.attempt.AttemptRoutes;
import io.posthorn.registry.auth.AccessRoutes;
import io.posthorn.registry.auth.ApiKeys;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.endpoint.AutoDisable;
import io.posthorn.registry.endpoint.EndpointChanges;
import io.posthorn.registry.endpoint.EndpointRoutes;
import io.posthorn.registry.http.ApiServer;
import io.posthorn.registry.http.OpenApiRoute;
import io.posthorn.registry.http.Route;
import io.posthorn.registry.redelivery.Recoveries;
import io.posthorn.registry.redelivery.Redeliveries;
import io.posthorn.registry.redelivery.RedeliveryRoutes;
import io.posthorn.schema.OutboxPurge;
import io.posthorn.schema.health.Health;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint registry: the admin REST API under {@code /v1} over PostgreSQL, the endpoint feed
 * the relay carries to {@code posthorn.endpoints}, and the attempt log read from
 * {@code posthorn.attempts}.
 *
 * <p>{@link #start()} migrates the database (the registry's tables and the outbox it writes
 * operational events to), accepts the configured admin key, and starts serving; {@link #close()}
 * stops everything. Every endpoint change commits together with its feed row, so workers see
 * exactly the committed state, in commit order.
 */
public final class EndpointRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndpointRegistry.class);

  private final RegistryConfig config;
  private final Clock clock;
  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
  private final List<AutoCloseable> started = new ArrayList<>();
  private ApiServer server;

  private EndpointRegistry(RegistryConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    dataSource.setURL(config.databaseUrl());
    dataSource.setUser(config.databaseUser());
    dataSource.setPassword(config.databasePassword());
  }

  public static EndpointRegistry create(RegistryConfig config, Clock clock) {
    return new EndpointRegistry(config, clock);
  }

  /** Migrates, then serves the API; fails here on a database it cannot reach or migrate. */
  public synchronized EndpointRegistry start() {
    if (server != null) {
      throw new IllegalStateException("registry already started");
    }
    log.info("starting registry: {}", config);
    RegistrySchema.migrate(dataSource);
    Jdbi jdbi = Jdbi.create(dataSource);
    ApiKeys keys = new ApiKeys(jdbi);
    if (config.adminKey() != null) {
      keys.ensureAdmin(config.adminKey(), clock.instant());
    }
    Tenants tenants = new Tenants(jdbi);
    EndpointChanges changes = new EndpointChanges(jdbi, tenants, config.secretSeal(), clock, config.allowHttp(),
        config.allowPrivateNetworks());
    List<Route> routes = new ArrayList<>();
    routes.add(OpenApiRoute.route());
    routes.addAll(new AccessRoutes(jdbi, keys, tenants, clock).routes());
    routes.addAll(new EndpointRoutes(changes, config.secretRotationOverlap()).routes());
    routes.addAll(new AttemptRoutes(jdbi, changes, clock).routes());
    AttemptLog attempts = new AttemptLog(jdbi);
    AutoDisable autoDisable = new AutoDisable(jdbi, changes, config.autoDisableAfter(), clock);
    started.add(new AttemptConsumer(jdbi, RegistryKafka.consumer(config), config.attemptsTopic(),
        batch -> autoDisable.check(batch.stream().map(a -> a.record().endpointId()).toList())).start());
    Redeliveries redeliveries = new Redeliveries(RegistryKafka.producer(config), RegistryKafka.reader(config),
        config.eventsTopic(), config.redeliveriesTopic(), clock);
    started.add(redeliveries);
    Recoveries recoveries = new Recoveries(jdbi, attempts, redeliveries, clock);
    started.add(recoveries);
    routes.addAll(new RedeliveryRoutes(changes, attempts, redeliveries, recoveries, clock).routes());
    started.add(new Housekeeping()
        .add("attempt retention", () -> retention(attempts))
        .add("auto-disable sweep", autoDisable::sweep)
        .add("feed and outbox purge", () -> purgeFeedAndOutbox(changes))
        .start(config.housekeepingInterval()));
    server = ApiServer.start(config.httpHost(), config.httpPort(), routes, keys::authenticate, config.maxBodyBytes());
    started.add(server);
    log.info("registry API listening on {}", server.url());
    return this;
  }

  private void retention(AttemptLog attempts) {
    long deleted = attempts.purge(clock.instant().minus(config.attemptRetention()));
    if (deleted > 0) {
      log.info("attempt retention: deleted {} attempts older than {}", deleted, config.attemptRetention());
    }
  }

  /**
   * The feed rows and the registry's outbox rows (its {@code posthorn.endpoint.disabled} events)
   * have done their job once the relay read their inserts from the WAL; they are kept for
   * {@code registry.feed.retention} for inspection, then deleted in batches.
   */
  private void purgeFeedAndOutbox(EndpointChanges changes) {
    long feed = changes.purgeFeed(config.feedRetention());
    long outbox;
    try (Connection c = dataSource.getConnection()) {
      outbox = OutboxPurge.create(config.feedRetention(), OutboxPurge.DEFAULT_BATCH_SIZE, clock).purge(c);
    } catch (SQLException e) {
      throw new RegistryException("purging the registry's outbox: " + e.getMessage(), e);
    }
    if (feed + outbox > 0) {
      log.info("purged {} endpoint feed rows and {} outbox rows older than {}", feed, outbox,
          config.feedRetention());
    }
  }

  /** {@code http://host:port} of the API (its routes are under {@code /v1}). */
  public URI url() {
    return server.url();
  }

  /**
   * What the registry says of itself, for its process's supervisor and readiness endpoint. For now
   * always READY once started: its background parts do not report yet.
   */
  public Health health() {
    return Health.ready();
  }

  /** The routes the server answers, for the OpenAPI contract test. */
  public List<Route> routes() {
    return server.routes();
  }

  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("stopping the registry: {}", e.toString());
      }
    }
    started.clear();
  }
}
