package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.endpoint.DeliveryOrder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointConverterTest {
  private static final EndpointConverter DOCS =
      new EndpointConverter(SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey()));
  private static final SigningSecret CURRENT = SigningSecret.generate();
  private static final SigningSecret OLD = SigningSecret.generate();
  private static final Instant OVERLAP_END = Instant.parse("2026-11-22T10:00:00Z");

  private static final Endpoint FULL =
      new Endpoint(
          "ep_1",
          "acme",
          URI.create("https://hooks.acme.test/in?t=1"),
          true,
          new EventTypeFilter(
              List.of("order.*", "user.created"), Map.of("order.completed", List.of(1, 2))),
          List.of(new EndpointSecret(CURRENT, null), new EndpointSecret(OLD, OVERLAP_END)),
          Duration.ofMillis(2500),
          7,
          20,
          Map.of("authorization", "Bearer sub-t0ken", "x-team", "billing"),
          false);

  @Test
  void roundTripsEveryField() {
    Endpoint back = DOCS.decode("ep_1", DOCS.encode(FULL));

    assertThat(back)
        .usingRecursiveComparison()
        .withEqualsForType(SigningSecret::equals, SigningSecret.class)
        .isEqualTo(FULL);
  }

  @Test
  void anOrderedEndpointKeepsItsOrder_andAnOlderDocumentReadsAsConcurrent() {
    Endpoint ordered = FULL.withOrder(DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.BLOCK));

    assertThat(DOCS.decode("ep_1", DOCS.encode(ordered)).order())
        .isEqualTo(DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.BLOCK));
    assertThat(DOCS.decode("ep_1", DOCS.encode(FULL)).order()).isEqualTo(DeliveryOrder.CONCURRENT);
  }

  @Test
  void theEncodedDocumentNeverHoldsASecretInTheClear() {
    String json = new String(DOCS.encode(FULL), StandardCharsets.UTF_8);

    assertThat(json)
        .doesNotContain("whsec_")
        .contains("\"sealed\":\"v1.")
        .doesNotContain("sub-t0ken")
        .doesNotContain("billing")
        .contains("\"authorization\":\"v1.");
  }

  @Test
  void oauthSettingsTravelWithTheClientSecretSealedToTheEndpoint() {
    Endpoint withOAuth =
        FULL.withOAuth(
            new OAuthClient(
                URI.create("https://auth.acme.test/token"),
                "posthorn",
                "client-s3cret",
                "hooks:write",
                "https://hooks.acme.test"));
    byte[] doc = DOCS.encode(withOAuth);
    String json = new String(doc, StandardCharsets.UTF_8);

    assertThat(json)
        .doesNotContain("client-s3cret")
        .contains("\"sealedClientSecret\":\"v1.")
        .contains("\"scope\":\"hooks:write\"");
    assertThat(DOCS.decode("ep_1", doc).oauth()).isEqualTo(withOAuth.oauth());
    assertThat(withOAuth.oauth().toString()).doesNotContain("client-s3cret");
    String sealedForOther =
        new String(DOCS.encode(withOAuth.withTenant("acme")), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                DOCS.decode(
                    "ep_2",
                    sealedForOther
                        .replace("\"ep_1\"", "\"ep_2\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageNotContaining("client-s3cret");
  }

  @Test
  void tlsSettingsTravelWithTheClientKeySealedToTheEndpoint() {
    String key = "-----BEGIN PRIVATE KEY-----\nS3CRETKEY\n-----END PRIVATE KEY-----\n";
    String cert = "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n";
    Endpoint withTls = FULL.withTls(new EndpointTls(cert, key, cert));
    byte[] doc = DOCS.encode(withTls);
    String json = new String(doc, StandardCharsets.UTF_8);

    assertThat(json).doesNotContain("S3CRETKEY").contains("\"sealedClientKey\":\"v1.");
    assertThat(DOCS.decode("ep_1", doc).tls()).isEqualTo(withTls.tls());
    assertThat(withTls.tls().toString()).isEqualTo("EndpointTls[client certificate, CA bundle]");
    String signingSecret = json.split("\"sealed\":\"")[1].split("\"")[0];
    String keySwapped =
        json.replaceFirst(
            "\"sealedClientKey\":\"[^\"]*\"", "\"sealedClientKey\":\"" + signingSecret + "\"");
    assertThatThrownBy(() -> DOCS.decode("ep_1", keySwapped.getBytes(StandardCharsets.UTF_8)))
        .as("a value sealed as anything else does not open as the client key")
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith("endpoint ep_1: tls.sealedClientKey: ")
        .hasMessageNotContaining("S3CRETKEY");
  }

  @Test
  void aDocumentWithPlainHeadersFromAnEarlierRegistryStillDeliversThem() {
    String json =
        new String(DOCS.encode(FULL), StandardCharsets.UTF_8)
            .replaceFirst("\"sealedHeaders\":\\{[^}]*}", "\"headers\":{\"X-Team\":\"billing\"}");

    Endpoint e = DOCS.decode("ep_1", json.getBytes(StandardCharsets.UTF_8));

    assertThat(e.headers()).containsExactly(Map.entry("x-team", "billing"));
  }

  @Test
  void aHeaderValueSealedForAnotherHeaderDoesNotOpen_andTheValueIsNotNamed() {
    String json =
        new String(DOCS.encode(FULL), StandardCharsets.UTF_8).replace("\"x-team\"", "\"x-other\"");

    assertThatThrownBy(() -> DOCS.decode("ep_1", json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith(
            "endpoint ep_1: sealedHeaders.x-other: a sealed secret does not open")
        .hasMessageNotContaining("billing");
  }

  @Test
  void signsWithTheRotatedSecretOnlyUntilItsOverlapEnds() {
    assertThat(FULL.signingSecrets(OVERLAP_END.minusSeconds(1))).containsExactly(CURRENT, OLD);
    assertThat(FULL.signingSecrets(OVERLAP_END)).containsExactly(CURRENT);
  }

  @Test
  void aSecretSealedForAnotherEndpointDoesNotOpen() {
    String json =
        new String(DOCS.encode(FULL), StandardCharsets.UTF_8).replace("\"ep_1\"", "\"ep_2\"");

    assertThatThrownBy(() -> DOCS.decode("ep_2", json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith("endpoint ep_2: secrets[0].sealed: a sealed secret does not open");
  }

  @Test
  void namesTheFieldThatIsWrong() {
    assertRejected(
        "{\"id\":\"ep_1\",\"status\":\"on\"}",
        "endpoint ep_1: status must be enabled or disabled, got on");
    assertRejected(
        json("\"timeoutMs\":3000", "\"timeoutMs\":60000"),
        "endpoint ep_1: timeoutMs must be an integer between 1 and 30000");
    assertRejected(
        json("\"x-team\"", "\"webhook-signature\""),
        "endpoint ep_1: sealedHeaders.webhook-signature is reserved or not a string");
    assertRejected(
        json("\"https://", "\"ftp://"),
        "endpoint ep_1: url must be an absolute http(s) URL with a host");
    assertRejected("[1,2]", "endpoint ep_1: value must be a JSON object");
    assertRejected("{not json", "endpoint ep_1: value is not JSON");
  }

  @Test
  void refusesADocumentFiledUnderAnotherKey() {
    assertThatThrownBy(() -> DOCS.decode("ep_9", DOCS.encode(FULL)))
        .hasMessage("endpoint ep_9: id 'ep_1' differs from the record key");
  }

  private static String json(String find, String replace) {
    Endpoint simple =
        new Endpoint(
            "ep_1",
            null,
            URI.create("https://hooks.acme.test/in"),
            true,
            new EventTypeFilter(List.of("*")),
            List.of(new EndpointSecret(CURRENT, null)),
            Duration.ofSeconds(3),
            5,
            0,
            Map.of("x-team", "billing"),
            false);
    return new String(DOCS.encode(simple), StandardCharsets.UTF_8).replace(find, replace);
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> DOCS.decode("ep_1", json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith(message);
  }
}
