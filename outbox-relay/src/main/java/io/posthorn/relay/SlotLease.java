package io.posthorn.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which relay may stream from the slot: the one holding a session-level advisory lock keyed by the
 * slot name, on a connection of its own. The lock ends with the session, so the lease of a relay
 * that crashed ends as soon as PostgreSQL sees its connection close; the session turns on short TCP
 * keepalives so that a relay cut off without a FIN loses it within about 15 s too.
 *
 * <p>Only the lease holder streams. So when the holder finds the slot still active, the walsender
 * is a leftover of a relay that is gone (or of its own stalled engine), and it terminates it rather
 * than wait up to {@code wal_sender_timeout}. Not thread-safe: the supervisor thread uses it.
 */
final class SlotLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlotLease.class);

  /**
   * First half of the two-int advisory lock key: "post" in ASCII, so other users' locks don't
   * collide.
   */
  private static final int LOCK_CLASS = 0x706f7374;

  private static final String LOCK_ROW =
      "l.locktype = 'advisory' AND l.classid::bigint = ? AND l.objid::bigint = ?"
          + " AND l.objsubid = 2 AND l.granted";

  private final RelayConfig config;
  private final int lockKey;
  private Connection connection;

  SlotLease(RelayConfig config) {
    this.config = config;
    this.lockKey = config.slotName().hashCode() & 0x7fffffff;
  }

  /** Takes the lease if no other relay holds it (connecting first if needed). */
  boolean tryAcquire() throws SQLException {
    try (PreparedStatement s = connection().prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      s.setInt(1, LOCK_CLASS);
      s.setInt(2, lockKey);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Whether this session still holds the lease; throws if the connection is gone. */
  boolean held() throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE "
                    + LOCK_ROW
                    + " AND l.pid = pg_backend_pid())")) {
      bindLockRow(s);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Who holds the lease, for the standby's log line: pid, application name and client address. */
  String holder() throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT l.pid, a.application_name, a.client_addr FROM pg_locks l"
                    + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
                    + LOCK_ROW)) {
      bindLockRow(s);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return "nobody (released just now)";
        }
        return "backend pid "
            + rs.getInt(1)
            + " ("
            + rs.getString(2)
            + " from "
            + rs.getString(3)
            + ")";
      }
    }
  }

  /** The slot as PostgreSQL sees it now. */
  SlotStatus slotStatus() throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT active, COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint, wal_status"
                    + " FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, config.slotName());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return SlotStatus.missing(config.slotName());
        }
        return new SlotStatus(
            config.slotName(), true, rs.getBoolean(1), rs.getLong(2), rs.getString(3));
      }
    }
  }

  /**
   * Makes sure no walsender holds the slot before this relay's engine connects: terminates one that
   * does (only the lease holder may call this) and waits up to {@code wait} for it to go.
   */
  void freeSlot(Duration wait) throws SQLException, InterruptedException {
    Integer pid = activePid();
    if (pid == null) {
      return;
    }
    log.warn(
        "slot {} is still held by walsender pid {} although this relay holds the lease: its relay is"
            + " gone or its engine stalled, so terminating it",
        config.slotName(),
        pid);
    try (PreparedStatement s = connection().prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setInt(1, pid);
      s.execute();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while ((pid = activePid()) != null) {
      if (System.nanoTime() > deadline) {
        throw new RelayException(
            "slot "
                + config.slotName()
                + " is still held by walsender pid "
                + pid
                + " "
                + wait.toSeconds()
                + " s after terminating it");
      }
      Thread.sleep(100);
    }
  }

  private Integer activePid() throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, config.slotName());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? (Integer) rs.getObject(1) : null;
      }
    }
  }

  private void bindLockRow(PreparedStatement s) throws SQLException {
    s.setLong(1, LOCK_CLASS);
    s.setLong(2, lockKey);
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties p = new Properties();
      p.setProperty("user", config.databaseUser());
      p.setProperty("password", config.databasePassword());
      p.setProperty("ApplicationName", applicationName());
      p.setProperty("connectTimeout", "10");
      p.setProperty("socketTimeout", "20");
      p.setProperty("tcpKeepAlive", "true");
      Connection c = DriverManager.getConnection(config.databaseUrl(), p);
      try (Statement s = c.createStatement()) {
        // PostgreSQL ends the session, and so the lease, of a relay that vanished without closing.
        s.execute(
            "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  private static String applicationName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    String name = "posthorn-relay pid " + ProcessHandle.current().pid() + "@" + host;
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** Drops the connection, and with it the lease; the next call reconnects. */
  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the lease connection for slot {}", config.slotName(), e);
      }
      connection = null;
    }
  }
}
