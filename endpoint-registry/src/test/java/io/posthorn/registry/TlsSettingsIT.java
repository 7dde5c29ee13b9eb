package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.charset.StandardCharsets;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-endpoint TLS settings through the API (decision 0044): the client key is sealed in the table
 * and the feed and never returned; PEMs that do not parse are refused naming the field.
 */
class TlsSettingsIT {
  private static final HeldCertificate CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("receiver ca").build();
  private static final HeldCertificate CLIENT =
      new HeldCertificate.Builder().commonName("posthorn").build();
  private static final HeldCertificate OTHER =
      new HeldCertificate.Builder().commonName("other").build();
  private static final String KEY = CLIENT.privateKeyPkcs8Pem();
  private static final String KEY_LINE = KEY.split("\n")[1];

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
  void theClientKeyIsSealedAndPublished_andNeverReturned() {
    Api.Response created = create(tls(CLIENT.certificatePem(), KEY, CA.certificatePem()));
    String id = created.json().path("id").asText();

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("tls").path("clientCertificate").asText())
        .isEqualTo(CLIENT.certificatePem());
    assertThat(created.json().path("tls").path("caBundle").asText()).isEqualTo(CA.certificatePem());
    assertThat(created.text()).doesNotContain(KEY_LINE);
    assertThat(f.api.get("/v1/endpoints/" + id, key).text()).doesNotContain(KEY_LINE);
    assertThat(f.api.get("/v1/endpoints", key).text()).doesNotContain(KEY_LINE);
    assertThat(f.text("SELECT tls::text FROM posthorn_registry.endpoints WHERE id = '" + id + "'"))
        .doesNotContain(KEY_LINE);
    assertThat(feed(id)).doesNotContain(KEY_LINE);
    EndpointDocument.Tls published = latestDocument(id).tls();
    assertThat(published.caBundle()).isEqualTo(CA.certificatePem());
    assertThat(seal.openClientKey(id, published.sealedClientKey())).isEqualTo(KEY);
  }

  @Test
  void anUpdateWithoutTheKeyKeepsIt_aNewCertificateNeedsOne_andNullRemovesTls() {
    String id = create(tls(CLIENT.certificatePem(), KEY, null)).json().path("id").asText();

    Api.Response bundleAdded =
        patch(id, tls(CLIENT.certificatePem(), null, CA.certificatePem()).toString());
    Api.Response newCertificate = patch(id, tls(OTHER.certificatePem(), null, null).toString());

    assertThat(bundleAdded.status()).as(bundleAdded.toString()).isEqualTo(200);
    EndpointDocument.Tls kept = latestDocument(id).tls();
    assertThat(kept.caBundle()).isEqualTo(CA.certificatePem());
    assertThat(seal.openClientKey(id, kept.sealedClientKey())).isEqualTo(KEY);
    assertThat(newCertificate.status()).isEqualTo(400);
    assertThat(newCertificate.json().path("field").asText()).isEqualTo("tls.clientKey");

    Api.Response removed = patch(id, "null");

    assertThat(removed.json().path("tls").isNull()).isTrue();
    assertThat(latestDocument(id).tls()).isNull();
  }

  @Test
  void badPemsAreRefusedNamingTheField_neverQuotingTheKey() {
    Api.Response badCertificate =
        create(tls("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", KEY, null));
    Api.Response notPem = create(tls(null, null, "not a certificate"));
    Api.Response wrongKey = create(tls(OTHER.certificatePem(), KEY, null));
    Api.Response keyAsCertificate = create(tls(KEY, KEY, null));
    Api.Response empty = create(JsonNodeFactory.instance.objectNode());

    assertThat(badCertificate.status()).isEqualTo(400);
    assertThat(badCertificate.json().path("field").asText()).isEqualTo("tls.clientCertificate");
    assertThat(notPem.json().path("field").asText()).isEqualTo("tls.caBundle");
    assertThat(wrongKey.status()).isEqualTo(400);
    assertThat(wrongKey.json().path("field").asText()).isEqualTo("tls.clientKey");
    assertThat(wrongKey.text()).contains("is not the key of the client certificate");
    assertThat(keyAsCertificate.json().path("field").asText()).isEqualTo("tls.clientCertificate");
    assertThat(empty.json().path("field").asText()).isEqualTo("tls");
    for (Api.Response r : new Api.Response[] {badCertificate, wrongKey, keyAsCertificate}) {
      assertThat(r.text()).startsWith("{").doesNotContain(KEY_LINE);
    }
  }

  private static ObjectNode tls(String certificate, String clientKey, String bundle) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (certificate != null) {
      o.put("clientCertificate", certificate);
    }
    if (clientKey != null) {
      o.put("clientKey", clientKey);
    }
    if (bundle != null) {
      o.put("caBundle", bundle);
    }
    return o;
  }

  private static Api.Response create(ObjectNode tls) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("url", "https://hooks.acme.example/in");
    body.putArray("eventTypes").add("*");
    body.set("tls", tls);
    return f.api.post("/v1/endpoints", key, body.toString());
  }

  private static Api.Response patch(String id, String tls) {
    return f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"tls\":" + tls + "}");
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
