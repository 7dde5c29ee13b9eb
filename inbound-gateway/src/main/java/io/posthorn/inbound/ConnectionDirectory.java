package io.posthorn.inbound;

import io.posthorn.inbound.verify.Verifiers;
import io.posthorn.schema.connection.Cidr;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.ConnectionDocumentCodec;
import io.posthorn.schema.connection.ConnectionTable;
import io.posthorn.schema.endpoint.SecretSeal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections the gateway knows, read from the registry's table one id at a time ({@link
 * ConnectionTable#SELECT_BY_ID}) and kept for the refresh interval, an unknown or disabled id too
 * (as absent), so a flood of requests to one URL costs one query per interval (decision 0053). A
 * connection whose secret or scheme cannot be used is absent, with an ERROR naming it. Thread-safe.
 */
final class ConnectionDirectory {
  private static final Logger log = LoggerFactory.getLogger(ConnectionDirectory.class);
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(Optional<LoadedConnection> connection, long loadedAt) {}

  private final DataSource db;
  private final SecretSeal seal;
  private final Clock clock;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  ConnectionDirectory(
      DataSource db, SecretSeal seal, Clock clock, Duration refresh, LongSupplier nanoTime) {
    this.db = db;
    this.seal = seal;
    this.clock = clock;
    this.refreshNanos = refresh.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The enabled connection {@code id}, if there is one.
   *
   * @throws SQLException when the table cannot be read
   */
  Optional<LoadedConnection> find(String id) throws SQLException {
    long now = nanoTime.getAsLong();
    Entry entry = entries.get(id);
    if (entry != null && now - entry.loadedAt() < refreshNanos) {
      return entry.connection();
    }
    Optional<LoadedConnection> loaded = load(id);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(id, new Entry(loaded, now));
    return loaded;
  }

  /** The rate limiter of {@code connection}, kept across refreshes while its rate is the same. */
  RateLimiter limiter(ConnectionDocument connection) {
    return limiters.compute(
        connection.id(),
        (id, current) ->
            current != null && current.perSecond() == connection.rateLimitPerSecond()
                ? current
                : new RateLimiter(connection.rateLimitPerSecond(), nanoTime));
  }

  private Optional<LoadedConnection> load(String id) throws SQLException {
    String document;
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(ConnectionTable.SELECT_BY_ID)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return Optional.empty();
        }
        document = rs.getString(2);
      }
    }
    try {
      ConnectionDocument d = ConnectionDocumentCodec.decode(document);
      String secret = seal.openConnection(id, d.sealedSecret());
      return Optional.of(
          new LoadedConnection(
              d,
              Verifiers.of(d, secret, clock),
              d.allowCidrs().stream().map(Cidr::parse).toList()));
    } catch (IllegalArgumentException e) {
      log.error(
          "connection {} cannot be used, its requests are answered 404: {}", id, e.getMessage());
      return Optional.empty();
    }
  }
}
