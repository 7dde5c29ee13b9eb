package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.http.OpenApiRoute;
import io.posthorn.schema.endpoint.EndpointDocument;
import org.junit.jupiter.api.Test;

/**
 * The limits the OpenAPI document states for endpoints are the ones the code enforces: each is read
 * from the served document and compared with the Java constant, so neither can change alone.
 */
class OpenApiLimitsTest {
  private static final JsonNode DOC = OpenApiRoute.document();

  @Test
  void endpointFieldLimitsMatchTheCode() {
    assertThat(schema("Url").path("maxLength").asInt()).isEqualTo(UrlPolicy.MAX_LENGTH);
    assertThat(schema("Description").path("maxLength").asInt())
        .isEqualTo(EndpointInput.MAX_DESCRIPTION);
    assertThat(schema("EventTypes").path("maxItems").asInt())
        .isEqualTo(EndpointInput.MAX_EVENT_TYPES);
    assertThat(schema("EventTypes").at("/items/maxLength").asInt())
        .isEqualTo(EndpointInput.MAX_EVENT_TYPE_CHARS);
    assertThat(schema("SchemaVersions").path("maxProperties").asInt())
        .isEqualTo(EndpointInput.MAX_EVENT_TYPES);
    assertThat(schema("SchemaVersions").at("/additionalProperties/maxItems").asInt())
        .isEqualTo(EndpointInput.MAX_PINNED_VERSIONS);
    assertThat(schema("Metadata").path("x-max-bytes").asInt())
        .isEqualTo(EndpointInput.MAX_METADATA_BYTES);
    assertThat(schema("DisableRequest").at("/properties/reason/maxLength").asInt())
        .isEqualTo(EndpointRoutes.MAX_REASON);
  }

  @Test
  void deliverySettingRangesAndDefaultsMatchTheCode() {
    assertRange("TimeoutMs", 1, EndpointDocument.MAX_TIMEOUT_MS);
    assertThat(schema("TimeoutMs").path("default").asInt())
        .isEqualTo(EndpointSettings.DEFAULT_TIMEOUT_MS);
    assertRange("MaxInFlight", 1, EndpointDocument.MAX_IN_FLIGHT);
    assertThat(schema("MaxInFlight").path("default").asInt())
        .isEqualTo(EndpointSettings.DEFAULT_MAX_IN_FLIGHT);
    assertRange("RateLimitPerSecond", 0, EndpointDocument.MAX_RATE_PER_SECOND);
  }

  @Test
  void headerRulesMatchTheCode() {
    JsonNode headers = schema("HeadersToSet");
    assertThat(headers.path("maxProperties").asInt()).isEqualTo(EndpointInput.MAX_HEADERS);
    assertThat(headers.at("/additionalProperties/maxLength").asInt())
        .isEqualTo(EndpointInput.MAX_HEADER_CHARS);
    assertThat(headers.at("/propertyNames/pattern").asText())
        .isEqualTo(EndpointInput.HEADER_NAME.pattern());
    assertThat(headers.at("/additionalProperties/pattern").asText())
        .isEqualTo(EndpointInput.HEADER_VALUE.pattern());
    assertThat(
            schema("EndpointFields").at("/properties/headers/additionalProperties/const").asText())
        .isEqualTo(EndpointHeaders.MASKED);
  }

  @Test
  void idsAndPagesMatchTheCode() {
    assertThat(schema("TenantId").path("pattern").asText()).isEqualTo(Tenants.ID.pattern());
    JsonNode limit = DOC.at("/components/parameters/limit/schema");
    assertThat(limit.path("maximum").asInt()).isEqualTo(Cursor.MAX_LIMIT);
    assertThat(limit.path("default").asInt()).isEqualTo(Cursor.DEFAULT_LIMIT);
  }

  private static void assertRange(String name, int min, int max) {
    assertThat(schema(name).path("minimum").asInt()).as(name).isEqualTo(min);
    assertThat(schema(name).path("maximum").asInt()).as(name).isEqualTo(max);
  }

  private static JsonNode schema(String name) {
    JsonNode s = DOC.at("/components/schemas/" + name);
    assertThat(s.isObject()).as("components.schemas." + name).isTrue();
    return s;
  }
}
