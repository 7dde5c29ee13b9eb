package io.posthorn.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.attempt.AttemptConsumer;
import io.posthorn.registry.attempt.AttemptLog;
import io.posthorn.registry.attempt.AttemptRoutes;
import io.posthorn.registry.auth.AccessRoutes;
import io.posthorn.registry.auth.ApiKeys;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.catalog.EventTypeRoutes;
import io.posthorn.registry.connection.ConnectionRoutes;
import io.posthorn.registry.connection.Connections;
import io.posthorn.registry.endpoint.AutoDisable;
import io.posthorn.registry.endpoint.EndpointChanges;
import io.posthorn.registry.endpoint.EndpointRoutes;
import io.posthorn.registry.endpoint.UrlCheck;
import io.posthorn.registry.endpoint.VerificationSettings;
import io.posthorn.registry.endpoint.Verifications;
import io.posthorn.registry.http.ApiServer;
import io.posthorn.registry.http.AuthThrottle;
import io.posthorn.registry.http.OpenApiRoute;
import io.posthorn.registry.http.Route;
import io.posthorn.registry.portal.Portal;
import io.posthorn.registry.redelivery.Recoveries;
import io.posthorn.registry.redelivery.Redeliveries;
import io.posthorn.registry.redelivery.RedeliveryRoutes;
import io.posthorn.schema.OutboxPurge;
import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.health.Health;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint registry: the admin REST API under {@code /v1} over PostgreSQL, the endpoint feed
 * the relay carries to {@code posthorn.endpoints}, and the attempt log read from {@code
 * posthorn.attempts}.
 *
 * <p>{@link #start()} migrates the database (the registry's tables and the outbox it writes
 * operational events to), accepts the configured admin key, and starts serving; {@link #close()}
 * stops everything. Every endpoint change commits together with its feed row, so workers see
 * exactly the committed state, in commit order. {@link #health()} says whether it is serving and
 * whether its background parts (attempt consumer, recoveries' lease keeper, housekeeping) live.
 *
 * <p>Several instances may share one database: each has its own {@link #instance() id}, recover
 * jobs belong to the instance running them and move to another when it stops (decision 0019).
 */
public final class EndpointRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndpointRegistry.class);

  /** Housekeeping's chores, in the order they run; also the {@code chore} tag of their meter. */
  private static final List<String> CHORES =
      List.of(
          "attempt-retention",
          "auto-disable-sweep",
          "feed-and-outbox-purge",
          "endpoint-count",
          "verification-expiry",
          "url-check");

  /** How long the catalog directory must stay unchanged before a reload reads it. */
  private static final Duration CATALOG_QUIET = Duration.ofMillis(500);

  private final RegistryConfig config;
  private final Clock clock;
  private final PGSimpleDataSource dataSource;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final String instance =
      ManagementFactory.getRuntimeMXBean().getName() + "/" + randomHex(4);
  private final AuthThrottle throttle;
  private final LiveCatalog catalog;
  private final RegistryListener listener;
  private volatile ApiServer server;
  private volatile boolean closed;
  private volatile AttemptConsumer attemptConsumer;
  private volatile Recoveries recoveries;
  private volatile Housekeeping housekeeping;
  private volatile Portal portal;

  private EndpointRegistry(
      RegistryConfig config, Clock clock, MeterRegistry meters, RegistryListener also) {
    this.config = config;
    this.clock = clock;
    this.listener =
        RegistryListener.all(
            new RegistryMetrics(
                meters,
                () -> {
                  AttemptConsumer c = attemptConsumer;
                  return c == null ? 0 : c.lag();
                },
                CHORES),
            also);
    this.throttle = AuthThrottle.standard(clock);
    this.catalog = LiveCatalog.load(config.catalogDir(), LiveCatalog.LOG);
    this.dataSource =
        RegistryDatabase.dataSource(
            config.databaseUrl(), config.databaseUser(), config.databasePassword());
  }

  /** A registry without a metrics registry of the caller's; see the three-argument form. */
  public static EndpointRegistry create(RegistryConfig config, Clock clock) {
    return create(config, clock, new SimpleMeterRegistry());
  }

  /**
   * Wires a registry whose meters ({@code posthorn.registry.*}, docs/operations/metrics.md) go to
   * {@code meters}. Call {@link #start()} next.
   *
   * @throws io.posthorn.schema.catalog.InvalidCatalogException naming the file and the reason when
   *     the event catalog ({@code catalog.dir}) cannot be loaded
   */
  public static EndpointRegistry create(RegistryConfig config, Clock clock, MeterRegistry meters) {
    return create(config, clock, meters, RegistryListener.NONE);
  }

  /** As above, telling {@code also} (ops' tracing, for instance) what the registry does. */
  public static EndpointRegistry create(
      RegistryConfig config, Clock clock, MeterRegistry meters, RegistryListener also) {
    return new EndpointRegistry(config, clock, meters, also);
  }

  /** Migrates, then serves the API; fails here on a database it cannot reach or migrate. */
  public synchronized EndpointRegistry start() {
    if (server != null) {
      throw new IllegalStateException("registry already started");
    }
    log.info("starting registry: {}", config);
    RegistrySchema.migrate(dataSource, config.secretSeal());
    Jdbi jdbi = RegistryDatabase.jdbi(dataSource);
    ApiKeys keys = new ApiKeys(jdbi);
    int replaced =
        keys.replaceBootstrapAdmin(Optional.ofNullable(config.adminKey()), clock.instant());
    if (replaced > 0) {
      log.info(
          "revoked {} previous bootstrap admin key(s): registry.admin-key {}",
          replaced,
          config.adminKey() == null ? "is no longer set" : "changed");
    }
    Tenants tenants = new Tenants(jdbi);
    Redeliveries redeliveries =
        new Redeliveries(
            RegistryKafka.producer(config),
            RegistryKafka.reader(config),
            config.eventsTopic(),
            config.redeliveriesTopic(),
            clock);
    started.add(redeliveries);
    EndpointChanges changes =
        new EndpointChanges(
            jdbi,
            tenants,
            config.secretSeal(),
            clock,
            config.allowHttp(),
            config.allowPrivateNetworks(),
            redeliveries,
            new VerificationSettings(
                config.verificationRequired(),
                config.verificationWindow(),
                config.verificationChallengeDelay()));
    started.add(catalog.watch(CATALOG_QUIET));
    catalog.dir().ifPresent(d -> log.info("watching the event catalog directory {}", d));
    List<Route> routes = new ArrayList<>();
    routes.add(OpenApiRoute.route());
    routes.addAll(new AccessRoutes(jdbi, keys, tenants, changes::changeTenant, clock).routes());
    routes.addAll(new EventTypeRoutes(catalog).routes());
    routes.addAll(new EndpointRoutes(changes, catalog, config.secretRotationOverlap()).routes());
    routes.addAll(new AttemptRoutes(jdbi, changes, clock).routes());
    routes.addAll(
        new ConnectionRoutes(
                new Connections(jdbi, tenants, config.secretSeal(), clock), config.inboundUrl())
            .routes());
    AttemptLog attempts = new AttemptLog(jdbi);
    AutoDisable autoDisable =
        new AutoDisable(
            jdbi, changes, config.autoDisableAfter(), clock, listener::endpointAutoDisabled);
    Verifications verifications =
        new Verifications(jdbi, changes, clock, listener::endpointVerification);
    Optional<UrlCheck> urlCheck =
        config.urlCheckIdleAfter().map(idle -> new UrlCheck(jdbi, redeliveries, idle, clock));
    attemptConsumer =
        new AttemptConsumer(
                jdbi,
                RegistryKafka.consumer(config),
                config.attemptsTopic(),
                batch -> {
                  listener.attemptsStored(batch.size());
                  autoDisable.check(batch.stream().map(a -> a.record().endpointId()).toList());
                  verifications.check(batch.stream().map(Attempt::record).toList());
                })
            .start();
    started.add(attemptConsumer);
    recoveries =
        new Recoveries(jdbi, attempts, redeliveries, clock, instance, listener::recovery).start();
    started.add(recoveries);
    routes.addAll(
        new RedeliveryRoutes(changes, attempts, redeliveries, recoveries, clock).routes());
    Portal portal =
        new Portal(
            config.portal(),
            jdbi,
            tenants,
            clock,
            this::url,
            (endpointId, eventId) ->
                attempts.latest(endpointId, eventId).flatMap(redeliveries::body));
    routes.addAll(portal.routes());
    this.portal = portal;
    housekeeping =
        new Housekeeping(listener)
            .add(CHORES.get(0), () -> retention(attempts))
            .add(CHORES.get(1), autoDisable::sweep)
            .add(CHORES.get(2), () -> purgeFeedAndOutbox(changes))
            .add(CHORES.get(3), () -> countEndpoints(jdbi))
            .add(CHORES.get(4), verifications::expire)
            .add(CHORES.get(5), () -> urlCheck.ifPresent(c -> listener.urlChecked(c.run())))
            .start(config.housekeepingInterval());
    started.add(housekeeping);
    ApiServer api =
        ApiServer.start(
            config.httpHost(),
            config.httpPort(),
            routes,
            keys::authenticate,
            config.maxBodyBytes(),
            throttle,
            config.clientAddressHeader(),
            listener::requestAnswered,
            Map.of("/portal", portal.handler(routes, config.maxBodyBytes())));
    started.add(api);
    server = api;
    log.info("registry {} API listening on {}", instance, api.url());
    return this;
  }

  /**
   * What the registry says of itself, cheap enough to call every second (the ops supervisor does):
   * STARTING until the API serves (and after {@link #close()}), FAILED naming the part when the
   * attempt consumer, the recoveries' lease keeper or housekeeping died (none comes back by itself:
   * restart the process), STARTING (not ready) while the attempt consumer cannot store records in
   * the database, READY otherwise. Never blocks: it reads what the parts last saw, never probes.
   */
  public Health health() {
    if (closed) {
      return Health.starting("the registry is stopped");
    }
    if (server == null) {
      return Health.starting(
          "the registry is starting: migrating its database and starting its parts");
    }
    return attemptConsumer.health().and(recoveries.health()).and(housekeeping.health());
  }

  /** This instance's id (JVM name and a random suffix), the owner of the recover jobs it runs. */
  public String instance() {
    return instance;
  }

  private void retention(AttemptLog attempts) {
    long deleted = attempts.purge(clock.instant().minus(config.attemptRetention()));
    if (deleted > 0) {
      log.info(
          "attempt retention: deleted {} attempts older than {}",
          deleted,
          config.attemptRetention());
    }
  }

  /** For the meters: how many endpoints are enabled, how many disabled. */
  private void countEndpoints(Jdbi jdbi) {
    long[] counts =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FILTER (WHERE enabled) AS enabled,"
                            + " count(*) FILTER (WHERE NOT enabled) AS disabled"
                            + " FROM posthorn_registry.endpoints")
                    .map((rs, ctx) -> new long[] {rs.getLong("enabled"), rs.getLong("disabled")})
                    .one());
    listener.endpointsCounted(counts[0], counts[1]);
  }

  /**
   * The feed rows and the registry's outbox rows (its {@code posthorn.endpoint.disabled} events)
   * have done their job once the relay read their inserts from the WAL; they are kept for {@code
   * registry.feed.retention} for inspection, then deleted in batches.
   */
  private void purgeFeedAndOutbox(EndpointChanges changes) {
    long feed = changes.purgeFeed(config.feedRetention());
    long outbox;
    try (Connection c = dataSource.getConnection()) {
      outbox =
          OutboxPurge.create(config.feedRetention(), OutboxPurge.DEFAULT_BATCH_SIZE, clock)
              .purge(c);
    } catch (SQLException e) {
      throw new RegistryException("purging the registry's outbox: " + e.getMessage(), e);
    }
    if (feed + outbox > 0) {
      log.info(
          "purged {} endpoint feed rows and {} outbox rows older than {}",
          feed,
          outbox,
          config.feedRetention());
    }
  }

  /** {@code http://host:port} of the API (its routes are under {@code /v1}). */
  public URI url() {
    return server.url();
  }

  /**
   * A new single-use link into the subscriber portal under {@code /portal} (docs/portal.md): an
   * admin's session for an empty {@code tenantId} (every tenant and the global endpoints), else
   * that tenant's. {@code posthorn dev} prints one. Open it within {@code
   * registry.portal.link-ttl}.
   */
  public URI portalLink(Optional<String> tenantId) {
    Portal p = portal;
    if (p == null) {
      throw new IllegalStateException("the registry is not started");
    }
    return p.link(tenantId).url();
  }

  /** Requests with a wrong or revoked API key since start (each also logged, without the key). */
  public long failedAuthentications() {
    return throttle.failures();
  }

  /** The routes the server answers, for the OpenAPI contract test. */
  public List<Route> routes() {
    return server.routes();
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public synchronized void close() {
    closed = true;
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
