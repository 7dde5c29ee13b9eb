package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.ConnectionDocumentCodec;
import io.posthorn.schema.connection.ConnectionTable;
import io.posthorn.schema.connection.Provider;
import io.posthorn.schema.endpoint.SecretSeal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/connections}: inbound connections, tenant-scoped, their secrets sealed. */
class ConnectionsIT {
  private static final String GITHUB_SECRET = "It's-a-Secret-to-Everybody";
  private static RegistryFixture f;
  private static String acme;
  private static String globex;

  @BeforeAll
  static void start() {
    f = new RegistryFixture(b -> b.inboundUrl("https://hooks.example.com/"));
    acme = f.tenantKey("acme");
    globex = f.tenantKey("globex");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static JsonNode create(String key, String body) {
    Api.Response r = f.api.post("/v1/connections", key, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  @Test
  void createAnswersTheIngestUrlAndSecret_andStoresTheSecretSealedInTheDocument() {
    JsonNode c =
        create(
            acme,
            "{\"provider\":\"github\",\"secret\":\""
                + GITHUB_SECRET
                + "\",\"allowCidrs\":[\"192.30.252.0/22\"],\"rateLimitPerSecond\":50}");
    String id = c.path("id").asText();

    assertThat(id).matches("cn_[0-9a-f]{24}");
    assertThat(c.path("ingestUrl").asText()).isEqualTo("https://hooks.example.com/in/" + id);
    assertThat(c.path("secret").asText()).isEqualTo(GITHUB_SECRET);
    assertThat(c.path("eventTypePrefix").asText()).isEqualTo("inbound.github");
    assertThat(c.path("tenantId").asText()).isEqualTo("acme");
    String document =
        f.text(
            "SELECT "
                + ConnectionTable.DOCUMENT
                + "::text FROM "
                + ConnectionTable.TABLE
                + " WHERE id = '"
                + id
                + "'");
    assertThat(document).doesNotContain(GITHUB_SECRET);
    ConnectionDocument d = ConnectionDocumentCodec.decode(document);
    assertThat(d.provider()).isEqualTo(Provider.GITHUB);
    assertThat(d.allowCidrs()).containsExactly("192.30.252.0/22");
    assertThat(SecretSeal.fromBase64(f.masterKey).openConnection(id, d.sealedSecret()))
        .isEqualTo(GITHUB_SECRET);
  }

  @Test
  void theSecretIsShownOnlyOnCreateAndByTheRevealRoute() {
    JsonNode c = create(acme, "{\"provider\":\"standard-webhooks\"}");
    String id = c.path("id").asText();
    String secret = c.path("secret").asText();

    assertThat(secret).startsWith("whsec_");
    assertThat(f.api.get("/v1/connections/" + id, acme).text()).doesNotContain(secret);
    assertThat(f.api.get("/v1/connections", acme).text()).doesNotContain(secret);
    assertThat(f.api.get("/v1/connections/" + id + "/secret", acme).json().path("secret").asText())
        .isEqualTo(secret);
  }

  @Test
  void patchReplacesPresentFields_disableAndEnableFlipTheRow_deleteRemovesIt() {
    String id =
        create(acme, "{\"provider\":\"slack\",\"secret\":\"slack-signing-secret\"}")
            .path("id")
            .asText();

    JsonNode patched =
        f.api
            .call(
                "PATCH",
                "/v1/connections/" + id,
                acme,
                "{\"toleranceSeconds\":60,\"description\":\"workspace A\"}")
            .json();
    assertThat(patched.path("toleranceSeconds").asInt()).isEqualTo(60);
    assertThat(patched.path("description").asText()).isEqualTo("workspace A");
    assertThat(patched.path("provider").asText()).isEqualTo("slack");

    assertThat(
            f.api
                .post("/v1/connections/" + id + "/disable", acme, null)
                .json()
                .path("status")
                .asText())
        .isEqualTo("disabled");
    assertThat(f.text("SELECT enabled FROM posthorn_registry.connections WHERE id = '" + id + "'"))
        .isEqualTo("f");
    assertThat(
            f.api
                .post("/v1/connections/" + id + "/enable", acme, null)
                .json()
                .path("status")
                .asText())
        .isEqualTo("enabled");

    assertThat(f.api.call("DELETE", "/v1/connections/" + id, acme, null).status()).isEqualTo(204);
    assertThat(
            f.count("SELECT count(*) FROM posthorn_registry.connections WHERE id = '" + id + "'"))
        .isZero();
  }

  @Test
  void anotherTenantsConnectionIsNotFound() {
    String id =
        create(acme, "{\"provider\":\"github\",\"secret\":\"" + GITHUB_SECRET + "\"}")
            .path("id")
            .asText();

    assertThat(f.api.get("/v1/connections/" + id, globex).status()).isEqualTo(404);
    assertThat(f.api.get("/v1/connections/" + id + "/secret", globex).status()).isEqualTo(404);
    assertThat(f.api.get("/v1/connections", globex).json().path("data")).isEmpty();
  }

  @Test
  void refusesBadInputNamingTheField_andStoresNothing() {
    String before = f.dump();

    assertRefused("{\"provider\":\"paypal\"}", "provider");
    assertRefused("{\"provider\":\"hmac\"}", "hmac");
    assertRefused("{\"provider\":\"github\",\"hmac\":{\"header\":\"X-Sig\"}}", "hmac");
    assertRefused(
        "{\"provider\":\"hmac\",\"hmac\":{\"header\":\"X-Sig\",\"algorithm\":\"MD5\"}}",
        "hmac.algorithm");
    assertRefused("{\"provider\":\"github\",\"allowCidrs\":[\"github.com\"]}", "allowCidrs[0]");
    assertRefused(
        "{\"provider\":\"github\",\"eventTypePrefix\":\"order.github\"}", "eventTypePrefix");
    assertRefused("{\"provider\":\"github\",\"secret\":\"short\"}", "secret");
    assertRefused(
        "{\"provider\":\"standard-webhooks\",\"secret\":\"not-base64-at-all!\"}", "secret");

    assertThat(f.dump()).isEqualTo(before);
  }

  private static void assertRefused(String body, String field) {
    Api.Response r = f.api.post("/v1/connections", acme, body);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.json().path("field").asText()).as(body).isEqualTo(field);
  }
}
