package io.posthorn.ops;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the relay needs on its database besides the tables, created by their owner so the relay's
 * role needs no more than {@code LOGIN REPLICATION} and {@code SELECT}: the publication (inserts
 * into the outbox, and the registry's endpoint feed when the relay captures it) and the relay
 * role's grants. Neither has {@code IF NOT EXISTS}, so {@link #apply} decides what is missing and
 * runs it in one transaction under a transaction-scoped advisory lock: several hosts may run it at
 * once, and a second run finds nothing to do.
 *
 * @param publication the publication's name ({@code relay.publication}), validated by the relay's
 *     config as {@code [a-z_][a-z0-9_]*}
 * @param relayRole the role the relay connects as ({@code relay.database.user})
 * @param captureFeed whether the relay captures {@value EndpointFeedTable#TABLE} too
 */
record CaptureGrants(String publication, String relayRole, boolean captureFeed) {
  /** The advisory lock every {@code posthorn migrate} takes for these statements. */
  static final long LOCK = 0x706f737468726eL; // "posthrn"

  /** The statements that would create what is missing now; changes nothing. */
  List<String> missing(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>(List.of(OutboxSchema.OUTBOX_TABLE));
    if (captureFeed) {
      tables.add(EndpointFeedTable.TABLE);
    }
    List<String> sql = new ArrayList<>();
    if (!exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
      sql.add(
          "CREATE PUBLICATION \""
              + publication
              + "\" FOR TABLE "
              + String.join(", ", tables)
              + " WITH (publish = 'insert')");
    } else if (captureFeed && !published(c, EndpointFeedTable.TABLE)) {
      sql.add("ALTER PUBLICATION \"" + publication + "\" ADD TABLE " + EndpointFeedTable.TABLE);
    }
    if (!relayRole.equals(currentUser(c))) {
      boolean roleExists = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", relayRole);
      grant(c, sql, roleExists, OutboxSchema.SCHEMA, OutboxSchema.OUTBOX_TABLE);
      if (captureFeed) {
        grant(c, sql, roleExists, EndpointFeedTable.SCHEMA, EndpointFeedTable.TABLE);
      }
    }
    return sql;
  }

  /**
   * Creates what is missing, in one transaction holding {@link #LOCK}; returns what it ran. Leaves
   * {@code c} in auto-commit mode.
   */
  List<String> apply(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      List<String> sql = missing(c);
      for (String statement : sql) {
        s.execute(statement);
      }
      c.commit();
      return sql;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** How the relay's role stands: whether it exists and may stream the WAL. */
  enum RoleState {
    READY,
    MISSING,
    CANNOT_STREAM
  }

  RoleState role(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT rolcanlogin AND rolreplication FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, relayRole);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return RoleState.MISSING;
        }
        return rs.getBoolean(1) ? RoleState.READY : RoleState.CANNOT_STREAM;
      }
    }
  }

  /** What is wrong with the relay's role in {@code state}, with the statement that fixes it. */
  String explain(RoleState state) {
    String role = "role " + relayRole + " (relay.database.user)";
    return switch (state) {
      case READY -> role + " is ready";
      case MISSING ->
          role
              + " does not exist: CREATE ROLE "
              + quoted(relayRole)
              + " LOGIN REPLICATION PASSWORD '…'";
      case CANNOT_STREAM ->
          role
              + " needs LOGIN and REPLICATION to stream the WAL: ALTER ROLE "
              + quoted(relayRole)
              + " LOGIN REPLICATION";
    };
  }

  /** Adds the grants on {@code schema} and {@code table} the relay's role does not hold yet. */
  private void grant(
      Connection c, List<String> sql, boolean roleExists, String schema, String table)
      throws SQLException {
    String role = quoted(relayRole);
    if (!roleExists
        || !holds(
            c,
            "SELECT has_schema_privilege(?::name, nspname::text, 'USAGE') FROM pg_namespace"
                + " WHERE nspname = ?",
            schema)) {
      sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
    }
    if (!roleExists
        || !holds(
            c,
            "SELECT has_table_privilege(?::name, to_regclass(?::text)::oid, 'SELECT')"
                + " WHERE to_regclass(?::text) IS NOT NULL",
            table,
            table)) {
      sql.add("GRANT SELECT ON " + table + " TO " + role);
    }
  }

  /** Whether {@code query}, given the relay's role and then {@code args}, returns true. */
  private boolean holds(Connection c, String query, String... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setString(1, relayRole);
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 2, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private boolean published(Connection c, String table) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM pg_publication_tables WHERE pubname = ?"
                + " AND schemaname || '.' || tablename = ?")) {
      s.setString(1, publication);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String currentUser(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
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

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
