package io.posthorn.inbound;

import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The inbound gateway's settings, validated: a wrong value throws {@link InboundConfigException}
 * naming its key. {@link InboundSettings} reads them from flat {@code inbound.*} keys.
 *
 * @param databaseUrl {@code inbound.database.url}: the registry's database, where the connections
 *     table and the outbox are (decision 0053)
 * @param httpHost {@code inbound.http.host}: the address the ingest server binds
 * @param httpPort {@code inbound.http.port}: 0 picks a free one
 * @param maxBodyBytes {@code inbound.http.max-body-bytes}: larger bodies are refused with 413; at
 *     most the outbox's payload limit
 * @param clientAddressHeader {@code inbound.http.client-address-header}: the header a trusted proxy
 *     writes the client's address into (its last value counts), or {@code null}: the TCP peer
 * @param secretSeal {@code inbound.secret-key}: the master key, the registry's, that opens
 *     connection secrets
 * @param connectionsRefresh {@code inbound.connections.refresh}: how long a connection read from
 *     the table is used before it is read again
 * @param poolSize {@code inbound.database.pool-size}: database connections, one per request being
 *     written
 * @param catalogDir {@code catalog.dir}: the catalog the outbox writer checks against
 */
public record InboundConfig(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String httpHost,
    int httpPort,
    int maxBodyBytes,
    String clientAddressHeader,
    SecretSeal secretSeal,
    Duration connectionsRefresh,
    int poolSize,
    Optional<Path> catalogDir) {

  public InboundConfig {
    require(
        databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql://"),
        "inbound.database.url",
        "must look like jdbc:postgresql://host:port/database");
    require(
        databaseUser != null && !databaseUser.isBlank(), "inbound.database.user", "must be set");
    require(databasePassword != null, "inbound.database.password", "must be set (may be empty)");
    require(httpHost != null && !httpHost.isBlank(), "inbound.http.host", "must be set");
    require(
        httpPort >= 0 && httpPort <= 65535,
        "inbound.http.port",
        "must be 0-65535, got " + httpPort);
    require(
        maxBodyBytes >= 1024 && maxBodyBytes <= OutboxConfig.DATABASE_MAX_PAYLOAD_BYTES,
        "inbound.http.max-body-bytes",
        "must be between 1024 and "
            + OutboxConfig.DATABASE_MAX_PAYLOAD_BYTES
            + " (the outbox's payload limit), got "
            + maxBodyBytes);
    require(
        clientAddressHeader == null || clientAddressHeader.matches("[A-Za-z0-9-]{1,100}"),
        "inbound.http.client-address-header",
        "must be a header name such as X-Forwarded-For");
    require(secretSeal != null, "inbound.secret-key", "must be set (the registry's master key)");
    require(
        connectionsRefresh != null
            && !connectionsRefresh.isNegative()
            && connectionsRefresh.compareTo(Duration.ofMinutes(10)) <= 0,
        "inbound.connections.refresh",
        "must be between 0s and 10m, got " + connectionsRefresh);
    require(
        poolSize >= 1 && poolSize <= 200,
        "inbound.database.pool-size",
        "must be 1-200, got " + poolSize);
    catalogDir = catalogDir == null ? Optional.empty() : catalogDir;
  }

  /** Defaults for everything but the database and the master key. */
  public static InboundConfig of(
      String databaseUrl, String user, String password, SecretSeal seal) {
    return new InboundConfig(
        databaseUrl,
        user,
        password,
        "127.0.0.1",
        8090,
        OutboxConfig.DATABASE_MAX_PAYLOAD_BYTES,
        null,
        seal,
        Duration.ofSeconds(5),
        10,
        Optional.empty());
  }

  public InboundConfig withHttp(String host, int port) {
    return new InboundConfig(
        databaseUrl,
        databaseUser,
        databasePassword,
        host,
        port,
        maxBodyBytes,
        clientAddressHeader,
        secretSeal,
        connectionsRefresh,
        poolSize,
        catalogDir);
  }

  public InboundConfig withMaxBodyBytes(int bytes) {
    return new InboundConfig(
        databaseUrl,
        databaseUser,
        databasePassword,
        httpHost,
        httpPort,
        bytes,
        clientAddressHeader,
        secretSeal,
        connectionsRefresh,
        poolSize,
        catalogDir);
  }

  public InboundConfig withConnectionsRefresh(Duration refresh) {
    return new InboundConfig(
        databaseUrl,
        databaseUser,
        databasePassword,
        httpHost,
        httpPort,
        maxBodyBytes,
        clientAddressHeader,
        secretSeal,
        refresh,
        poolSize,
        catalogDir);
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new InboundConfigException(key + " " + message);
    }
  }

  @Override
  public String toString() {
    return "InboundConfig[database="
        + databaseUrl
        + ", http="
        + httpHost
        + ":"
        + httpPort
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", connectionsRefresh="
        + connectionsRefresh
        + ", poolSize="
        + poolSize
        + "]";
  }
}
