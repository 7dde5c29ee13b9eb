package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.endpoint.DeliveryOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * An update body becomes a typed {@link EndpointPatch} before any domain code runs: present fields
 * replace, absent ones keep, {@code null} empties what has an empty value and is refused elsewhere.
 */
class EndpointPatchTest {
  private static final EndpointSettings CURRENT =
      new EndpointSettings(
          "https://hooks.acme.example/in",
          "orders",
          List.of("order.*"),
          3000,
          100,
          0,
          Map.of("authorization", EndpointHeaders.MASKED),
          "{\"team\":\"a\"}",
          new EndpointOAuth("https://auth.acme.example/token", "posthorn", null, null, null),
          null,
          DeliveryOrder.CONCURRENT,
          Map.of("order.completed", List.of(1)));
  private final EndpointInput input = new EndpointInput(EventCatalog::standard, false);

  @Test
  void presentFieldsReplace_absentOnesKeep() {
    EndpointSettings next = patch("{\"timeoutMs\":500,\"description\":\"new\"}").applyTo(CURRENT);

    assertThat(next.timeoutMs()).isEqualTo(500);
    assertThat(next.description()).isEqualTo("new");
    assertThat(next.url()).isEqualTo(CURRENT.url());
    assertThat(next.headers()).isEqualTo(CURRENT.headers());
    assertThat(next.metadata()).isEqualTo(CURRENT.metadata());
    assertThat(next.oauth()).isEqualTo(CURRENT.oauth());
  }

  @Test
  void deliveryOrderChangesFieldByField_andABadValueIsRefusedNamingItsField() {
    EndpointSettings ordered = patch("{\"delivery\":\"ordered\"}").applyTo(CURRENT);
    EndpointSettings blocking = patch("{\"orderedOnDeadLetter\":\"block\"}").applyTo(ordered);

    assertThat(ordered.order()).isEqualTo(DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.SKIP));
    assertThat(blocking.order()).isEqualTo(DeliveryOrder.ordered(DeliveryOrder.OnDeadLetter.BLOCK));
    assertThat(patch("{\"timeoutMs\":500}").applyTo(blocking).order()).isEqualTo(blocking.order());
    assertThatThrownBy(() -> patch("{\"delivery\":\"fifo\"}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("delivery");
    assertThatThrownBy(() -> patch("{\"orderedOnDeadLetter\":null}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("orderedOnDeadLetter");
  }

  @Test
  void oauthIsReplacedOrRemoved_namingABadField() {
    assertThat(
            patch(
                    "{\"oauth\":{\"tokenUrl\":\"https://auth.acme.example/t2\","
                        + "\"clientId\":\"c2\",\"clientSecret\":\"s3cret\",\"scope\":\"a b\"}}")
                .applyTo(CURRENT)
                .oauth())
        .isEqualTo(new EndpointOAuth("https://auth.acme.example/t2", "c2", "s3cret", "a b", null));
    assertThat(patch("{\"oauth\":null}").applyTo(CURRENT).oauth()).isNull();
    assertThatThrownBy(() -> patch("{\"oauth\":{\"tokenUrl\":\"https://a.example/t\"}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("oauth.clientId");
    assertThatThrownBy(
            () ->
                patch(
                    "{\"oauth\":{\"tokenUrl\":\"https://a.example/t\",\"clientId\":\"c\","
                        + "\"secret\":\"x\"}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("oauth.secret");
  }

  @Test
  void tlsIsReplacedOrRemoved_aBadPemRefusedByField() {
    HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("ca").build();
    String bundle = ca.certificatePem().replace("\n", "\\n");

    assertThat(patch("{\"tls\":{\"caBundle\":\"" + bundle + "\"}}").applyTo(CURRENT).tls())
        .isEqualTo(new EndpointTlsSettings(null, null, ca.certificatePem()));
    assertThat(patch("{\"tls\":null}").applyTo(CURRENT).tls()).isNull();
    assertThat(patch("{\"timeoutMs\":500}").applyTo(CURRENT).tls()).isEqualTo(CURRENT.tls());
    assertThatThrownBy(() -> patch("{\"tls\":{\"caBundle\":\"x\"}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("tls.caBundle");
    assertThatThrownBy(() -> patch("{\"tls\":{\"ca\":\"x\"}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("tls.ca");
  }

  @Test
  void versionPinsAreReplacedOrRemoved() {
    assertThat(
            patch("{\"schemaVersions\":{\"user.created\":[1]}}").applyTo(CURRENT).schemaVersions())
        .isEqualTo(Map.of("user.created", List.of(1)));
    assertThat(patch("{\"schemaVersions\":null}").applyTo(CURRENT).schemaVersions()).isEmpty();
    assertThat(patch("{\"timeoutMs\":500}").applyTo(CURRENT).schemaVersions())
        .isEqualTo(CURRENT.schemaVersions());
  }

  @Test
  void aPinnedTypeOrVersionTheCatalogLacks_isRefusedNamingTheField() {
    assertThatThrownBy(() -> patch("{\"schemaVersions\":{\"order.completed\":[1,3]}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "order.completed has no schema version 3 in the event catalog (it has v1)")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("schemaVersions.order.completed[1]");
    assertThatThrownBy(() -> patch("{\"schemaVersions\":{\"invoice.voided\":[1]}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("schemaVersions.invoice.voided");
    assertThatThrownBy(() -> patch("{\"schemaVersions\":{\"order.*\":[1]}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("schemaVersions.order.*");
    assertThatThrownBy(() -> patch("{\"schemaVersions\":{\"order.completed\":[]}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("schemaVersions.order.completed");
    assertThatThrownBy(() -> patch("{\"schemaVersions\":{\"order.completed\":[\"1\"]}}"))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("schemaVersions.order.completed[0]");
  }

  @Test
  void nullEmptiesDescriptionHeadersAndMetadata() {
    EndpointSettings next =
        patch("{\"description\":null,\"headers\":null,\"metadata\":null}").applyTo(CURRENT);

    assertThat(next.description()).isEmpty();
    assertThat(next.headers()).isEmpty();
    assertThat(next.metadata()).isEqualTo("{}");
  }

  @Test
  void nullIsRefusedWhereThereIsNoEmptyValue_namingTheField() {
    assertThatThrownBy(() -> patch("{\"url\":null}"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("url");
  }

  private EndpointPatch patch(String body) {
    return input.update(
        ApiRequest.of(null, Map.of(), null, body.getBytes(StandardCharsets.UTF_8)).json());
  }
}
