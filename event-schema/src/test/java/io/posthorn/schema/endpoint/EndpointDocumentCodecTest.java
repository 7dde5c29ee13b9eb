package io.posthorn.schema.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointDocumentCodecTest {
  private static final SecretSeal SEAL = SecretSeal.fromBase64(SecretSeal.generateMasterKey());
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static EndpointDocument document(String id) {
    return new EndpointDocument(
        id,
        "acme",
        "https://hooks.acme.test/in",
        true,
        List.of("order.*", "user.created"),
        List.of(
            new EndpointDocument.Secret(SEAL.seal(id, SECRET), null),
            new EndpointDocument.Secret(
                SEAL.seal(id, SECRET), Instant.parse("2026-11-22T10:00:00Z"))),
        2500,
        7,
        20,
        Map.of("authorization", SEAL.sealHeader(id, "authorization", "Bearer t0ken")),
        Map.of(),
        false);
  }

  @Test
  void roundTripsEveryField() {
    EndpointDocument doc = document("ep_1");

    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(doc)))
        .isEqualTo(doc);
  }

  @Test
  void roundTripsOAuthSettings_andChecksTheTokenUrl() {
    EndpointDocument base = document("ep_1");
    EndpointDocument doc =
        new EndpointDocument(
            base.id(),
            base.tenantId(),
            base.url(),
            base.enabled(),
            base.eventTypes(),
            base.secrets(),
            base.timeoutMs(),
            base.maxInFlight(),
            base.rateLimitPerSecond(),
            base.sealedHeaders(),
            base.legacyPlainHeaders(),
            base.privateNetworkAllowed(),
            new EndpointDocument.OAuth(
                "https://auth.acme.test/token",
                "posthorn",
                SEAL.sealClientSecret("ep_1", "client-s3cret"),
                "hooks:write",
                null));
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);

    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(doc)))
        .isEqualTo(doc);
    assertThat(SEAL.openClientSecret("ep_1", doc.oauth().sealedClientSecret()))
        .isEqualTo("client-s3cret");
    assertThatThrownBy(() -> SEAL.open("ep_1", doc.oauth().sealedClientSecret()))
        .hasMessageContaining("does not open");
    assertThat(new String(EndpointDocumentCodec.encode(base), StandardCharsets.UTF_8))
        .doesNotContain("oauth");
    assertThatThrownBy(() -> decode(json.replace("https://auth.acme.test/token", "ftp://x")))
        .hasMessage("endpoint ep_1: oauth.tokenUrl must be an absolute http(s) URL with a host");
  }

  @Test
  void roundTripsTlsSettings_withTheKeySealedForTheEndpoint() {
    EndpointDocument base = document("ep_1");
    String key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    EndpointDocument doc =
        new EndpointDocument(
            base.id(),
            base.tenantId(),
            base.url(),
            base.enabled(),
            base.eventTypes(),
            base.secrets(),
            base.timeoutMs(),
            base.maxInFlight(),
            base.rateLimitPerSecond(),
            base.sealedHeaders(),
            base.legacyPlainHeaders(),
            base.privateNetworkAllowed(),
            null,
            new EndpointDocument.Tls(
                "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n",
                SEAL.sealClientKey("ep_1", key),
                null));
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);

    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(doc)))
        .isEqualTo(doc);
    assertThat(json).doesNotContain("PRIVATE KEY");
    assertThat(SEAL.openClientKey("ep_1", doc.tls().sealedClientKey())).isEqualTo(key);
    assertThatThrownBy(() -> SEAL.openClientKey("ep_2", doc.tls().sealedClientKey()))
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> SEAL.openClientSecret("ep_1", doc.tls().sealedClientKey()))
        .hasMessageContaining("does not open");
    assertThat(new String(EndpointDocumentCodec.encode(base), StandardCharsets.UTF_8))
        .doesNotContain("tls");
    assertThatThrownBy(() -> decode(json.replaceAll("\"sealedClientKey\":\"[^\"]*\"", "\"x\":1")))
        .hasMessage("endpoint ep_1: tls: a client certificate goes with its key");
  }

  @Test
  void roundTripsVersionPins_writtenOnlyWhenThereAreSome_andChecked() {
    EndpointDocument base = document("ep_1");
    EndpointDocument pinned =
        new EndpointDocument(
            base.id(),
            base.tenantId(),
            base.url(),
            base.enabled(),
            base.eventTypes(),
            base.secrets(),
            base.timeoutMs(),
            base.maxInFlight(),
            base.rateLimitPerSecond(),
            base.sealedHeaders(),
            base.legacyPlainHeaders(),
            base.privateNetworkAllowed(),
            null,
            null,
            false,
            DeliveryOrder.CONCURRENT,
            Map.of("order.completed", List.of(3, 2, 3)));
    String json = new String(EndpointDocumentCodec.encode(pinned), StandardCharsets.UTF_8);

    assertThat(json).contains("\"schemaVersions\":{\"order.completed\":[2,3]}");
    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(pinned)))
        .isEqualTo(pinned);
    assertThat(new String(EndpointDocumentCodec.encode(base), StandardCharsets.UTF_8))
        .doesNotContain("schemaVersions");
    assertThatThrownBy(() -> decode(json.replace("[2,3]", "[0]")))
        .hasMessage(
            "endpoint ep_1: schemaVersions.order.completed must hold versions, integers of 1 or"
                + " more");
    assertThatThrownBy(() -> decode(json.replace("order.completed\":[", "order.*\":[")))
        .hasMessage("endpoint ep_1: schemaVersions.order.*: must be keyed by an exact event type");
  }

  @Test
  void aPendingVerificationTravelsOnADisabledEndpoint_andOnlyThere() {
    EndpointDocument d = document("ep_1");
    EndpointDocument pending =
        new EndpointDocument(
            d.id(),
            d.tenantId(),
            d.url(),
            false,
            d.eventTypes(),
            d.secrets(),
            d.timeoutMs(),
            d.maxInFlight(),
            d.rateLimitPerSecond(),
            d.sealedHeaders(),
            Map.of(),
            false,
            null,
            null,
            true);
    String json = new String(EndpointDocumentCodec.encode(pending), StandardCharsets.UTF_8);

    assertThat(json).contains("\"status\":\"disabled\"").endsWith("\"verification\":\"pending\"}");
    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(pending)))
        .isEqualTo(pending);
    assertThat(new String(EndpointDocumentCodec.encode(d), StandardCharsets.UTF_8))
        .doesNotContain("verification");
    assertThatThrownBy(() -> decode(json.replace("\"disabled\"", "\"enabled\"")))
        .hasMessage(
            "endpoint ep_1: verification must be pending, on a disabled endpoint, or absent");
    assertThatThrownBy(() -> decode(json.replace("\"pending\"", "\"done\"")))
        .hasMessage(
            "endpoint ep_1: verification must be pending, on a disabled endpoint, or absent");
  }

  @Test
  void aSealedSecretOpensOnlyForItsEndpoint() {
    String sealed = SEAL.seal("ep_1", SECRET);

    assertThat(SEAL.open("ep_1", sealed)).isEqualTo(SECRET);
    assertThat(sealed).doesNotContain("whsec_");
    assertThatThrownBy(() -> SEAL.open("ep_2", sealed))
        .hasMessageContaining("does not open")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void namesTheFieldThatIsWrong() {
    String json =
        new String(EndpointDocumentCodec.encode(document("ep_1")), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decode(json.replace("\"order.*\"", "\"Order\"")))
        .isInstanceOf(InvalidEndpointDocumentException.class)
        .hasMessageStartingWith("endpoint ep_1: eventTypes: event type pattern 'Order'");
    assertThatThrownBy(() -> decode(json.replace("\"maxInFlight\":7", "\"maxInFlight\":0")))
        .hasMessage("endpoint ep_1: maxInFlight must be an integer between 1 and 10000");
    assertThatThrownBy(() -> decode(json.replace("\"authorization\"", "\"Connection\"")))
        .hasMessage("endpoint ep_1: sealedHeaders.Connection is reserved or not a string");
  }

  @Test
  void headerValuesTravelSealed_boundToTheirEndpointAndName() {
    EndpointDocument doc = document("ep_1");
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);
    String sealed = doc.sealedHeaders().get("authorization");

    assertThat(json).doesNotContain("t0ken").doesNotContain("\"headers\"");
    assertThat(SEAL.openHeader("ep_1", "Authorization", sealed)).isEqualTo("Bearer t0ken");
    assertThatThrownBy(() -> SEAL.openHeader("ep_1", "x-other", sealed))
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> SEAL.openHeader("ep_2", "authorization", sealed))
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> SEAL.open("ep_1", sealed)).hasMessageContaining("does not open");
  }

  @Test
  void aDocumentWithPlainHeadersFromAnEarlierRegistryIsStillRead() {
    String json =
        new String(EndpointDocumentCodec.encode(document("ep_1")), StandardCharsets.UTF_8)
            .replaceFirst("\"sealedHeaders\":\\{[^}]*}", "\"headers\":{\"X-Team\":\"billing\"}");

    EndpointDocument doc = decode(json);

    assertThat(doc.legacyPlainHeaders()).containsExactly(Map.entry("x-team", "billing"));
    assertThat(doc.sealedHeaders()).isEmpty();
  }

  @Test
  void refusesAnAmbiguousIpv4SpellingSayingSoEvenWhereUriSeesNoHost() {
    String json =
        new String(EndpointDocumentCodec.encode(document("ep_1")), StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> decode(json.replace("https://hooks.acme.test/in", "http://127.1:8080/in")))
        .hasMessageStartingWith(
            "endpoint ep_1: url host 127.1 is an ambiguous IPv4 spelling (only 2 parts; read as "
                + "127.0.0.1)");
    assertThatThrownBy(
            () -> decode(json.replace("https://hooks.acme.test/in", "http://2130706433/in")))
        .hasMessageStartingWith("endpoint ep_1: url host 2130706433 is an ambiguous IPv4 spelling");
    assertThatThrownBy(
            () -> decode(json.replace("https://hooks.acme.test/in", "https://u@0x7f.1:443/")))
        .hasMessageStartingWith("endpoint ep_1: url host 0x7f.1 is an ambiguous IPv4 spelling");
    assertThatThrownBy(
            () -> decode(json.replace("https://hooks.acme.test/in", "https://hooks_acme.test/in")))
        .hasMessage("endpoint ep_1: url must be an absolute http(s) URL with a host");
  }

  @Test
  void roundTripsOrderedDelivery_andReadsItsAbsenceAsConcurrent() {
    EndpointDocument base = document("ep_1");
    EndpointDocument doc =
        new EndpointDocument(
            base.id(),
            base.tenantId(),
            base.url(),
            base.enabled(),
            base.eventTypes(),
            base.secrets(),
            base.timeoutMs(),
            base.maxInFlight(),
            base.rateLimitPerSecond(),
            base.sealedHeaders(),
            base.legacyPlainHeaders(),
            base.privateNetworkAllowed(),
            null,
            null,
            DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.BLOCK));
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);

    assertThat(json).contains("\"delivery\":\"ordered\",\"orderedOnDeadLetter\":\"block\"");
    assertThat(EndpointDocumentCodec.decode("ep_1", EndpointDocumentCodec.encode(doc)))
        .isEqualTo(doc);
    assertThat(new String(EndpointDocumentCodec.encode(base), StandardCharsets.UTF_8))
        .doesNotContain("delivery");
    assertThat(base.order()).isEqualTo(DeliveryOrder.CONCURRENT);
    assertThatThrownBy(() -> decode(json.replace("\"ordered\"", "\"sorted\"")))
        .hasMessage("endpoint ep_1: delivery must be concurrent or ordered, got sorted");
    assertThatThrownBy(() -> decode(json.replace("\"block\"", "\"halt\"")))
        .hasMessage("endpoint ep_1: orderedOnDeadLetter must be skip or block, got halt");
  }

  private static EndpointDocument decode(String json) {
    return EndpointDocumentCodec.decode("ep_1", json.getBytes(StandardCharsets.UTF_8));
  }
}
