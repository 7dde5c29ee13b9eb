package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/event-types[/{eventType}]}: the loaded catalog for any key, every call checked
 * against openapi.yaml by {@link Api}; and the catalog directory reloaded while the registry runs.
 */
@Timeout(120)
class EventTypesIT {
  static final String INVOICE_PAID =
      """
      {"title": "invoice.paid", "description": "An invoice was paid in full.", "deprecated": true,
       "versions": [
        {"type": "object", "version": 1, "required": ["invoiceId"],
         "properties": {"invoiceId": {"type": "string"}},
         "examples": [{"invoiceId": "inv_1"}]},
        {"type": "object", "version": 2, "required": ["invoiceId", "amountCents"],
         "properties": {"invoiceId": {"type": "string"}, "amountCents": {"type": "integer"}},
         "examples": [{"invoiceId": "inv_2", "amountCents": 4200}]}
       ]}
      """;

  @TempDir static Path catalog;
  static RegistryFixture fx;
  static String tenantKey;

  @BeforeAll
  static void start() throws IOException {
    Files.writeString(catalog.resolve("invoice.paid.json"), INVOICE_PAID);
    fx = new RegistryFixture(b -> b.catalogDir(catalog));
    tenantKey = fx.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void listsEveryTypeSortedWithItsVersions_forATenantKey() {
    Api.Response r = fx.api.get("/v1/event-types", tenantKey);

    assertThat(r.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    r.json().path("data").forEach(t -> names.add(t.path("type").asText()));
    assertThat(names).contains("invoice.paid", "posthorn.ping").isSorted();
    assertThat(names).doesNotContain("order.completed");
  }

  @Test
  void oneTypeHasDescriptionDeprecationSchemasAndAnExamplePerVersion() {
    Api.Response r = fx.api.get("/v1/event-types/invoice.paid", RegistryFixture.ADMIN_KEY);

    assertThat(r.status()).isEqualTo(200);
    JsonNode t = r.json();
    assertThat(t.path("description").asText()).isEqualTo("An invoice was paid in full.");
    assertThat(t.path("deprecated").asBoolean()).isTrue();
    assertThat(t.path("latestVersion").asInt()).isEqualTo(2);
    assertThat(t.path("versions")).hasSize(2);
    JsonNode v1 = t.path("versions").get(0);
    assertThat(v1.path("version").asInt()).isEqualTo(1);
    assertThat(v1.path("schema").path("required").toString()).isEqualTo("[\"invoiceId\"]");
    assertThat(v1.path("example").toString()).isEqualTo("{\"invoiceId\":\"inv_1\"}");
    assertThat(t.path("versions").get(1).path("example").path("amountCents").asInt())
        .isEqualTo(4200);
  }

  @Test
  void anUnknownTypeIs404NamingIt_aMalformedOne400() {
    Api.Response unknown = fx.api.get("/v1/event-types/invoice.missing", tenantKey);
    Api.Response malformed = fx.api.get("/v1/event-types/Invoice", tenantKey);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("detail").asText()).contains("invoice.missing");
    assertThat(unknown.json().path("field").asText()).isEqualTo("eventType");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("field").asText()).isEqualTo("eventType");
  }

  @Test
  void anEndpointPinsVersionsOfACatalogType_carriedToTheWorkersDocument() {
    Api.Response created =
        fx.api.post(
            "/v1/endpoints",
            tenantKey,
            "{\"url\":\"https://hooks.acme.example/v2\",\"eventTypes\":[\"invoice.*\"],"
                + "\"schemaVersions\":{\"invoice.paid\":[2]}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("schemaVersions").toString())
        .isEqualTo("{\"invoice.paid\":[2]}");
    String id = created.json().path("id").asText();
    assertThat(
            fx.text(
                "SELECT document->>'schemaVersions' FROM posthorn_registry.endpoint_feed"
                    + " WHERE endpoint_id = '"
                    + id
                    + "' ORDER BY seq DESC LIMIT 1"))
        .isEqualTo("{\"invoice.paid\": [2]}");

    Api.Response cleared =
        fx.api.call("PATCH", "/v1/endpoints/" + id, tenantKey, "{\"schemaVersions\":null}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().path("schemaVersions").toString()).isEqualTo("{}");
  }

  @Test
  void aPinnedVersionTheLoadedCatalogLacksIs400NamingTheField_andNothingIsStored() {
    String before = fx.snapshot();

    Api.Response r =
        fx.api.post(
            "/v1/endpoints",
            tenantKey,
            "{\"url\":\"https://hooks.acme.example/v3\",\"eventTypes\":[\"invoice.paid\"],"
                + "\"schemaVersions\":{\"invoice.paid\":[2,3]}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("field").asText()).isEqualTo("schemaVersions.invoice.paid[1]");
    assertThat(r.json().path("detail").asText())
        .contains("invoice.paid has no schema version 3 in the event catalog (it has v1, v2)");
    assertThat(fx.snapshot()).isEqualTo(before);
  }

  @Test
  void noKeyIs401() {
    assertThat(fx.api.get("/v1/event-types", null).status()).isEqualTo(401);
  }

  @Test
  void aTypeFileAddedToTheDirectoryIsServedAndSubscribable_withoutARestart() throws IOException {
    String subscribe =
        "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"invoice.voided\"]}";
    assertThat(fx.api.post("/v1/endpoints", tenantKey, subscribe).status()).isEqualTo(400);

    Files.writeString(
        catalog.resolve("invoice.voided.json"),
        INVOICE_PAID.replace("invoice.paid", "invoice.voided").replace("paid in full", "voided"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.api.get("/v1/event-types/invoice.voided", tenantKey).status() == 200);
    assertThat(
            fx.api
                .get("/v1/event-types/invoice.voided", tenantKey)
                .json()
                .path("description")
                .asText())
        .isEqualTo("An invoice was voided.");
    assertThat(fx.api.post("/v1/endpoints", tenantKey, subscribe).status()).isEqualTo(201);
  }
}
