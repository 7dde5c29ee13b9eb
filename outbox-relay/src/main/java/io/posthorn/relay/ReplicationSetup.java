package io.posthorn.relay;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the publication and the replication slot if they are missing, before the engine starts,
 * and checks that an existing publication captures the outbox.
 *
 * <p>Creating the slot here, not lazily in the engine, fixes the point from which inserts are
 * captured: every row committed after {@link #ensure()} returns will be relayed, even if the engine
 * is slow to start. The engine never snapshots, so history is never replayed. A missing slot is
 * created only on a first start: if this relay's offsets are already in Kafka the slot was lost (a
 * failover), and {@link SlotLostException} says so instead of skipping events silently.
 */
final class ReplicationSetup {
  private static final Logger log = LoggerFactory.getLogger(ReplicationSetup.class);
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final RelayConfig config;

  ReplicationSetup(RelayConfig config) {
    this.config = config;
  }

  void ensure() {
    try (Connection c =
        DriverManager.getConnection(
            config.databaseUrl(), config.databaseUser(), config.databasePassword())) {
      c.setAutoCommit(true);
      ensurePublication(c);
      checkPublication(c);
      if (config.captureEndpointFeed()) {
        ensureFeedPublished(c);
      }
      ensureSlot(c);
    } catch (SQLException e) {
      throw new RelayException(explain(e), e);
    }
  }

  private void ensurePublication(Connection c) throws SQLException {
    if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", config.publicationName())) {
      return;
    }
    try (Statement s = c.createStatement()) {
      // Identifiers are validated by RelayConfig (lowercase [a-z0-9_]), so quoting is safe.
      s.execute(
          "CREATE PUBLICATION \""
              + config.publicationName()
              + "\" FOR TABLE "
              + String.join(", ", config.capturedTables())
              + " WITH (publish = 'insert')");
      log.info(
          "created publication {} for {} (inserts only)",
          config.publicationName(),
          config.capturedTables());
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) { // duplicate_object: another relay won the race
        throw e;
      }
    }
  }

  /**
   * Fails if the publication misses the outbox; warns if it carries more than the outbox's inserts.
   */
  private void checkPublication(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT p.pubinsert, p.pubupdate OR p.pubdelete OR p.pubtruncate, p.puballtables,"
                + " EXISTS (SELECT 1 FROM pg_publication_tables t WHERE t.pubname = p.pubname"
                + "   AND t.schemaname || '.' || t.tablename = ?),"
                + " (SELECT count(*) FROM pg_publication_tables t WHERE t.pubname = p.pubname)"
                + " FROM pg_publication p WHERE p.pubname = ?")) {
      s.setString(1, OutboxSchema.OUTBOX_TABLE);
      s.setString(2, config.publicationName());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        String publication = "publication " + config.publicationName();
        if (!rs.getBoolean(4) || !rs.getBoolean(1)) {
          throw new RelayException(
              publication
                  + " does not publish inserts into "
                  + OutboxSchema.OUTBOX_TABLE
                  + ", so nothing would be relayed: ALTER PUBLICATION "
                  + config.publicationName()
                  + " ADD TABLE "
                  + OutboxSchema.OUTBOX_TABLE
                  + " (and SET (publish = 'insert')), or drop it and let the relay create it");
        }
        if (rs.getBoolean(2)
            || rs.getBoolean(3)
            || rs.getLong(5) > config.capturedTables().size()) {
          log.warn(
              "{} carries more than inserts into {}; the relay ignores the rest, but PostgreSQL decodes it"
                  + " for nothing: limit it with FOR TABLE {} WITH (publish = 'insert')",
              publication,
              OutboxSchema.OUTBOX_TABLE,
              OutboxSchema.OUTBOX_TABLE);
        }
      }
    }
  }

  /**
   * Adds the registry's endpoint feed to the publication when it lacks it (the relay must own
   * both).
   */
  private void ensureFeedPublished(Connection c) throws SQLException {
    String feed = EndpointFeedTable.TABLE;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT to_regclass(?) IS NOT NULL, EXISTS (SELECT 1 FROM"
                + " pg_publication_tables t WHERE t.pubname = ? AND t.schemaname || '.' || t.tablename = ?)")) {
      s.setString(1, feed);
      s.setString(2, config.publicationName());
      s.setString(3, feed);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new RelayException(
              "relay.capture.endpoint-feed is on but "
                  + feed
                  + " does not exist in database "
                  + config.databaseName()
                  + ": start the registry (its migrations create it) before the relay, or turn"
                  + " the setting off for a database without the registry");
        }
        if (rs.getBoolean(2)) {
          return;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("ALTER PUBLICATION \"" + config.publicationName() + "\" ADD TABLE " + feed);
      log.info("added {} to publication {}", feed, config.publicationName());
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) { // already a member: another relay won the race
        throw new RelayException(
            "publication "
                + config.publicationName()
                + " does not carry "
                + feed
                + " and"
                + " adding it failed ("
                + e.getMessage()
                + "): ALTER PUBLICATION "
                + config.publicationName()
                + " ADD TABLE "
                + feed
                + " as the owner of both tables",
            e);
      }
    }
  }

  private void ensureSlot(Connection c) throws SQLException {
    if (exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", config.slotName())) {
      return;
    }
    if (StoredOffsets.exist(config)) {
      throw new SlotLostException(
          "replication slot "
              + config.slotName()
              + " is missing on "
              + config.databaseHost()
              + "/"
              + config.databaseName()
              + ", but this relay has streamed from it before"
              + " (its offsets are in "
              + config.offsetsTopic()
              + "). A new slot would skip every row committed since"
              + " the old one's last confirmed position. Re-emit those rows if needed, then create the slot to"
              + " continue: SELECT pg_create_logical_replication_slot('"
              + config.slotName()
              + "', 'pgoutput');"
              + " see docs/operations/relay.md, 'After a PostgreSQL failover'");
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
      s.setString(1, config.slotName());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        log.info("created replication slot {} at {}", config.slotName(), rs.getString(1));
      }
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private String explain(SQLException e) {
    String where =
        "preparing replication for database "
            + config.databaseName()
            + " on "
            + config.databaseHost()
            + " as "
            + config.databaseUser();
    if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      return where
          + ": permission denied ("
          + e.getMessage()
          + "). The relay user needs the REPLICATION"
          + " attribute (ALTER ROLE "
          + config.databaseUser()
          + " REPLICATION) to create slot "
          + config.slotName()
          + ", and ownership of "
          + OutboxSchema.OUTBOX_TABLE
          + " to create publication "
          + config.publicationName()
          + " (or have an owner create it beforehand)";
    }
    return where + ": " + e.getMessage();
  }
}
