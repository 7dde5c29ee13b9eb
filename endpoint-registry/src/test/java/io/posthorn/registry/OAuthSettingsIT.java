package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 client credentials through the API (decision 0043): the client secret is sealed in the
 * table and the feed and never returned; the token URL follows the endpoint URL's rules.
 */
class OAuthSettingsIT {
  private static final String CLIENT_SECRET = "oauth-client-s3cret-51fa";
  private static final String OAUTH =
      "{\"tokenUrl\":\"https://hooks.acme.example/oauth/token\",\"clientId\":\"posthorn\","
          + "\"clientSecret\":\""
          + CLIENT_SECRET
          + "\",\"scope\":\"hooks:write\"}";
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
  void theClientSecretIsSealedAndPublished_andNeverReturned() {
    Api.Response created = create(OAUTH);
    String id = created.json().path("id").asText();

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("oauth").toString())
        .isEqualTo(
            "{\"tokenUrl\":\"https://hooks.acme.example/oauth/token\",\"clientId\":\"posthorn\","
                + "\"scope\":\"hooks:write\",\"audience\":null}");
    assertThat(created.text()).doesNotContain(CLIENT_SECRET);
    assertThat(f.api.get("/v1/endpoints/" + id, key).text()).doesNotContain(CLIENT_SECRET);
    assertThat(f.api.get("/v1/endpoints", key).text()).doesNotContain(CLIENT_SECRET);
    String stored =
        f.text(
            "SELECT oauth->>'sealedClientSecret' FROM posthorn_registry.endpoints WHERE id = '"
                + id
                + "'");
    assertThat(seal.openClientSecret(id, stored)).isEqualTo(CLIENT_SECRET);
    assertThat(feed(id)).doesNotContain(CLIENT_SECRET);
    EndpointDocument.OAuth published = latestDocument(id).oauth();
    assertThat(published.tokenUrl()).isEqualTo("https://hooks.acme.example/oauth/token");
    assertThat(published.scope()).isEqualTo("hooks:write");
    assertThat(seal.openClientSecret(id, published.sealedClientSecret())).isEqualTo(CLIENT_SECRET);
  }

  @Test
  void anUpdateWithoutTheSecretKeepsIt_andNullRemovesOAuth() {
    String id = create(OAUTH).json().path("id").asText();

    Api.Response patched =
        f.api.call(
            "PATCH",
            "/v1/endpoints/" + id,
            key,
            "{\"oauth\":{\"tokenUrl\":\"https://hooks.acme.example/oauth/token\","
                + "\"clientId\":\"posthorn-2\",\"audience\":\"https://hooks.acme.example\"}}");

    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    EndpointDocument.OAuth kept = latestDocument(id).oauth();
    assertThat(kept.clientId()).isEqualTo("posthorn-2");
    assertThat(kept.scope()).isNull();
    assertThat(seal.openClientSecret(id, kept.sealedClientSecret())).isEqualTo(CLIENT_SECRET);

    Api.Response removed = f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"oauth\":null}");

    assertThat(removed.json().path("oauth").isNull()).isTrue();
    assertThat(latestDocument(id).oauth()).isNull();
  }

  @Test
  void aMissingSecretOrARefusedTokenUrlIsRefusedByField() {
    Api.Response noSecret =
        create("{\"tokenUrl\":\"https://hooks.acme.example/t\",\"clientId\":\"posthorn\"}");
    Api.Response privateUrl =
        create(
            "{\"tokenUrl\":\"https://127.0.0.1/t\",\"clientId\":\"posthorn\","
                + "\"clientSecret\":\""
                + CLIENT_SECRET
                + "\"}");

    assertThat(noSecret.status()).isEqualTo(400);
    assertThat(noSecret.json().path("field").asText()).isEqualTo("oauth.clientSecret");
    assertThat(privateUrl.status()).isEqualTo(400);
    assertThat(privateUrl.json().path("field").asText()).isEqualTo("oauth.tokenUrl");
    assertThat(privateUrl.text()).startsWith("{").doesNotContain(CLIENT_SECRET);
  }

  private static Api.Response create(String oauth) {
    return f.api.post(
        "/v1/endpoints",
        key,
        "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"],\"oauth\":"
            + oauth
            + "}");
  }

  private static String feed(String id) {
    return f.text(
        "SELECT string_agg(document::text, '|') FROM posthorn_registry.endpoint_feed"
            + " WHERE endpoint_id = '"
            + id
            + "'");
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
