package io.posthorn.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The path parameters' patterns in the OpenAPI document accept exactly what {@link PathIds}
 * accepts, on samples at and around each shape's edges.
 */
class PathIdsContractTest {
  private static final JsonNode DOC = OpenApiRoute.document();

  private static final Map<String, List<String>> SAMPLES =
      Map.of(
          "endpointId",
          List.of(
              "ep_0123456789abcdef01234567",
              "ep_0123456789abcdef0123456",
              "ep_0123456789ABCDEF01234567",
              "ep_0123456789abcdef012345678",
              "rc_0123456789abcdef01234567"),
          "recoveryId",
          List.of("rc_0123456789abcdef01234567", "rc_0123456789abcdef0123456", "rc_x"),
          "keyId",
          List.of(
              "key_0123456789abcdef",
              "key_admin_0123456789ab",
              "key_0123456789abcde",
              "key_admin_0123456789abc",
              "key_0123456789ABCDEF"),
          "tenantId",
          List.of("acme", "a", "a".repeat(100), "a".repeat(101), "-acme", "ac me", "a.b_c-d"));

  @Test
  void documentedPatternsAcceptWhatTheServerAccepts() {
    SAMPLES.forEach(
        (name, samples) -> {
          Pattern documented = Pattern.compile(pattern(name));
          for (String sample : samples) {
            boolean server = accepts(name, sample);
            assertThat(documented.matcher(sample).find()).as(name + " " + sample).isEqualTo(server);
          }
        });
  }

  @Test
  void eventIdsAreDocumentedAsUuids() {
    assertThat(DOC.at("/components/parameters/eventId/schema/format").asText()).isEqualTo("uuid");
    assertThatThrownBy(() -> PathIds.require("eventId", "not-a-uuid"))
        .isInstanceOf(RuntimeException.class);
  }

  private static String pattern(String name) {
    JsonNode schema = DOC.at("/components/parameters/" + name + "/schema");
    if (schema.has("$ref")) {
      schema = DOC.at(schema.path("$ref").asText().substring(1));
    }
    return schema.path("pattern").asText();
  }

  private static boolean accepts(String name, String value) {
    try {
      PathIds.require(name, value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
