package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Custom header values are credentials: sealed in the table and the feed, never shown again. */
class HeaderSealingIT {
  private static final String TOKEN = "Bearer sub-credential-9c2e";
  private static RegistryFixture f;
  private static String key;
  private static SecretSeal seal;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    key = f.tenantKey("acme");
    seal = SecretSeal.fromBase64(f.masterKey);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void aHeaderValueIsSealedInTheTableAndTheFeed_andTheApiShowsOnlyItsName() {
    Api.Response created =
        f.api.post(
            "/v1/endpoints",
            key,
            "{\"url\":\"https://hooks.acme.example/in\","
                + "\"eventTypes\":[\"*\"],\"headers\":{\"Authorization\":\""
                + TOKEN
                + "\"}}");
    String id = created.json().path("id").asText();

    assertThat(created.text()).doesNotContain("sub-credential");
    assertThat(created.json().path("headers").toString())
        .isEqualTo("{\"authorization\":\"********\"}");
    assertThat(f.api.get("/v1/endpoints/" + id, key).text()).doesNotContain("sub-credential");
    assertThat(f.api.get("/v1/endpoints", key).text()).doesNotContain("sub-credential");
    String stored =
        f.text(
            "SELECT headers->>'authorization' FROM posthorn_registry.endpoints WHERE id = '"
                + id
                + "'");
    assertThat(stored).startsWith("v1.");
    assertThat(seal.openHeader(id, "authorization", stored)).isEqualTo(TOKEN);
    assertThat(
            f.text(
                "SELECT string_agg(document::text, '|') FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                    + id
                    + "'"))
        .doesNotContain("sub-credential");
    assertThat(latestDocument(id).sealedHeaders()).containsOnlyKeys("authorization");
  }

  @Test
  void theMaskedValueSentBackKeepsTheStoredValue_aNewValueReplacesIt() {
    String id =
        f.api
            .post(
                "/v1/endpoints",
                key,
                "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"],"
                    + "\"headers\":{\"Authorization\":\""
                    + TOKEN
                    + "\",\"X-Team\":\"billing\"}}")
            .json()
            .path("id")
            .asText();
    JsonNode read = f.api.get("/v1/endpoints/" + id, key).json();
    String before =
        f.text(
            "SELECT headers->>'authorization' FROM posthorn_registry.endpoints WHERE id = '"
                + id
                + "'");

    Api.Response patched =
        f.api.call(
            "PATCH",
            "/v1/endpoints/" + id,
            key,
            "{\"headers\":{\"authorization\":"
                + read.path("headers").path("authorization")
                + ",\"x-team\":\"payments\"}}");

    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(
            f.text(
                "SELECT headers->>'authorization' FROM posthorn_registry.endpoints WHERE id = '"
                    + id
                    + "'"))
        .isEqualTo(before);
    EndpointDocument doc = latestDocument(id);
    assertThat(seal.openHeader(id, "x-team", doc.sealedHeaders().get("x-team")))
        .isEqualTo("payments");
    assertThat(seal.openHeader(id, "authorization", doc.sealedHeaders().get("authorization")))
        .isEqualTo(TOKEN);
    Api.Response unchanged =
        f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"timeoutMs\":4000}");
    assertThat(unchanged.json().path("headers").toString())
        .isEqualTo("{\"authorization\":\"********\",\"x-team\":\"********\"}");
  }

  @Test
  void theMaskForAHeaderThatWasNeverSet_isRefused() {
    String id =
        f.api
            .post(
                "/v1/endpoints",
                key,
                "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}")
            .json()
            .path("id")
            .asText();

    Api.Response r =
        f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"headers\":{\"x-key\":\"********\"}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("field").asText()).isEqualTo("headers.x-key");
  }

  @Test
  void aValueHttpCannotCarry_isRefusedWithoutQuotingIt() {
    Api.Response r =
        f.api.post(
            "/v1/endpoints",
            key,
            "{\"url\":\"https://hooks.acme.example/in\","
                + "\"eventTypes\":[\"*\"],\"headers\":{\"X-Key\":\"s3cr\\u00e9t-value\"}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("field").asText()).isEqualTo("headers.X-Key");
    assertThat(r.text()).doesNotContain("t-value");
  }

  @Test
  void theMigrationSealsPlainHeadersOfAnEarlierVersionAndRepublishesTheirEndpoints()
      throws Exception {
    LocalPostgres pg = DevStack.shared().postgres();
    DataSource db = pg.dataSource(pg.createDatabase("headers"));
    RegistrySchema.flyway(db, seal).target("3").load().migrate();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO posthorn_registry.endpoints (id, url, event_types, timeout_ms,"
              + " max_in_flight, rate_limit_per_second, headers, created_at, updated_at)"
              + " VALUES ('ep_old', 'https://hooks.acme.example/in', '[\"*\"]', 3000, 1, 0, '{\"authorization\":\""
              + TOKEN
              + "\"}',"
              + " now(), now())");
      s.executeUpdate(
          "INSERT INTO posthorn_registry.endpoint_feed (endpoint_id, document) VALUES ('ep_old',"
              + " '{\"id\":\"ep_old\",\"url\":\"https://hooks.acme.example/in\",\"status\":\"enabled\","
              + "\"eventTypes\":[\"*\"],\"secrets\":[{\"sealed\":\""
              + seal.seal("ep_old", "whsec_x")
              + "\"}],"
              + "\"timeoutMs\":3000,\"maxInFlight\":1,\"rateLimitPerSecond\":0,"
              + "\"headers\":{\"authorization\":\""
              + TOKEN
              + "\"}}')");
    }

    RegistrySchema.migrate(db, seal);

    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      String stored = one(s, "SELECT headers->>'authorization' FROM posthorn_registry.endpoints");
      assertThat(seal.openHeader("ep_old", "authorization", stored)).isEqualTo(TOKEN);
      assertThat(
              one(s, "SELECT string_agg(document::text, '|') FROM posthorn_registry.endpoint_feed"))
          .doesNotContain("sub-credential");
      EndpointDocument republished =
          EndpointDocumentCodec.decode(
              "ep_old",
              one(
                      s,
                      "SELECT document::text FROM"
                          + " posthorn_registry.endpoint_feed ORDER BY seq DESC LIMIT 1")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(republished.legacyPlainHeaders()).isEmpty();
      assertThat(
              seal.openHeader(
                  "ep_old", "authorization", republished.sealedHeaders().get("authorization")))
          .isEqualTo(TOKEN);
    }
  }

  private static String one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static EndpointDocument latestDocument(String id) {
    String json =
        f.text(
            "SELECT document::text FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                + id
                + "' ORDER BY seq DESC LIMIT 1");
    return EndpointDocumentCodec.decode(id, json.getBytes(StandardCharsets.UTF_8));
  }
}
