package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.DeliveryOrder.OnDeadLetter;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's delivery order through the API (decision 0045): stored, shown, published on the
 * feed for the workers, changed field by field, and a bad value refused naming its field.
 */
class DeliveryOrderIT {
  private static RegistryFixture f;
  private static String key;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    key = f.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void anOrderedEndpointIsStoredShownAndPublished_andSkipReleasesItsBlock() {
    Api.Response plain = create("");
    Api.Response created = create(",\"delivery\":\"ordered\",\"orderedOnDeadLetter\":\"block\"");
    String id = created.json().path("id").asText();

    assertThat(plain.json().path("delivery").asText()).isEqualTo("concurrent");
    assertThat(plain.json().path("orderedOnDeadLetter").asText()).isEqualTo("skip");
    assertThat(latestDocument(plain.json().path("id").asText()).order())
        .isEqualTo(DeliveryOrder.CONCURRENT);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(f.api.get("/v1/endpoints/" + id, key).json().path("orderedOnDeadLetter").asText())
        .isEqualTo("block");
    assertThat(latestDocument(id).order()).isEqualTo(DeliveryOrder.ordered(OnDeadLetter.BLOCK));

    Api.Response skip =
        f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"orderedOnDeadLetter\":\"skip\"}");

    assertThat(skip.status()).as(skip.toString()).isEqualTo(200);
    assertThat(skip.json().path("delivery").asText()).isEqualTo("ordered");
    assertThat(latestDocument(id).order()).isEqualTo(DeliveryOrder.ordered(OnDeadLetter.SKIP));
  }

  @Test
  void aBadDeliveryOrderIsRefusedNamingTheField_andChangesNothing() {
    long before = f.count("SELECT count(*) FROM posthorn_registry.endpoints");
    Api.Response badMode = create(",\"delivery\":\"fifo\"");
    Api.Response badChoice = create(",\"delivery\":\"ordered\",\"orderedOnDeadLetter\":\"halt\"");
    String id = create("").json().path("id").asText();
    Api.Response nullMode = f.api.call("PATCH", "/v1/endpoints/" + id, key, "{\"delivery\":null}");

    assertThat(badMode.status()).isEqualTo(400);
    assertThat(badMode.json().path("field").asText()).isEqualTo("delivery");
    assertThat(badChoice.status()).isEqualTo(400);
    assertThat(badChoice.json().path("field").asText()).isEqualTo("orderedOnDeadLetter");
    assertThat(nullMode.status()).isEqualTo(400);
    assertThat(nullMode.json().path("field").asText()).isEqualTo("delivery");
    assertThat(f.count("SELECT count(*) FROM posthorn_registry.endpoints")).isEqualTo(before + 1);
    assertThat(f.text("SELECT delivery FROM posthorn_registry.endpoints WHERE id = '" + id + "'"))
        .isEqualTo("concurrent");
  }

  private static Api.Response create(String more) {
    return f.api.post(
        "/v1/endpoints",
        key,
        "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]" + more + "}");
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
