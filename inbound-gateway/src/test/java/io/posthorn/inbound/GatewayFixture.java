package io.posthorn.inbound;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.ConnectionDocumentCodec;
import io.posthorn.schema.connection.ConnectionTable;
import io.posthorn.schema.connection.Provider;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A gateway on the shared stack with a database of its own, where this fixture stands in for the
 * registry: it creates the connections table with the columns {@link ConnectionTable} names and
 * writes connection rows with secrets sealed as the registry seals them.
 */
final class GatewayFixture implements AutoCloseable {
  static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);

  final ManualClock clock = new ManualClock(NOW);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final DataSource db;
  final SecretSeal seal = SecretSeal.fromBase64(SecretSeal.generateMasterKey());
  final InboundGateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The gateway needs only PostgreSQL: one per test JVM, no Kafka. */
  private static final class Postgres {
    static final LocalPostgres SHARED = start();

    private static LocalPostgres start() {
      LocalPostgres postgres = LocalPostgres.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-shutdown"));
      return postgres;
    }
  }

  GatewayFixture(UnaryOperator<InboundConfig> tune) {
    LocalPostgres postgres = Postgres.SHARED;
    String database = postgres.createDatabase("inbound");
    db = postgres.dataSource(database);
    sql(
        "CREATE SCHEMA posthorn_registry; CREATE TABLE "
            + ConnectionTable.TABLE
            + " (id text PRIMARY KEY, enabled boolean NOT NULL, document jsonb NOT NULL)");
    InboundConfig config =
        tune.apply(
            InboundConfig.of(postgres.jdbcUrl(database), "postgres", "", seal)
                .withHttp("127.0.0.1", 0)
                .withConnectionsRefresh(Duration.ZERO));
    gateway = InboundGateway.create(config, clock, meters, InboundListener.NONE).start();
  }

  /** Stores an enabled connection, as the registry would; returns its id. */
  String connection(Provider provider, String secret, UnaryOperator<ConnectionDocument> tune) {
    String id = "cn_" + HexFormat.of().formatHex(randomBytes(12));
    ConnectionDocument d =
        tune.apply(
            new ConnectionDocument(
                id,
                "acme",
                provider,
                provider.defaultEventTypePrefix(),
                seal.sealConnection(id, secret),
                ConnectionDocument.DEFAULT_TOLERANCE,
                provider == Provider.HMAC
                    ? new ConnectionDocument.Hmac("X-Signature", "SHA-256", "hex", "", null, null)
                    : null,
                List.of(),
                0));
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO " + ConnectionTable.TABLE + " VALUES (?, true, CAST(? AS jsonb))")) {
      s.setString(1, id);
      s.setString(2, ConnectionDocumentCodec.encode(d));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return id;
  }

  static ConnectionDocument with(
      ConnectionDocument d, List<String> cidrs, int rate, ConnectionDocument.Hmac hmac) {
    return new ConnectionDocument(
        d.id(),
        d.tenantId(),
        d.provider(),
        d.eventTypePrefix(),
        d.sealedSecret(),
        d.tolerance(),
        hmac,
        cidrs,
        rate);
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    return send("POST", path, body, headers);
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gateway.url() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path, e);
    }
  }

  /** Rows of the inbound log and of the outbox: what a refusal must leave unchanged. */
  String stored() {
    return text("SELECT count(*) FROM posthorn_inbound.requests")
        + "/"
        + text("SELECT count(*) FROM posthorn.outbox");
  }

  String text(String query) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new AssertionError(query, e);
    }
  }

  void sql(String statement) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new AssertionError(statement, e);
    }
  }

  double unverified(String provider, String reason) {
    return meters
        .get("posthorn.inbound.unverified")
        .tag("provider", provider)
        .tag("reason", reason)
        .counter()
        .count();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
