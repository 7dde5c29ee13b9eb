package io.posthorn.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.http.OpenApiRoute;
import org.junit.jupiter.api.Test;

/** The OpenAPI document's limits for keys and tenants are the ones the code enforces. */
class AccessLimitsTest {
  private static final JsonNode DOC = OpenApiRoute.document();

  @Test
  void keyDescriptionAndTenantIdLimitsMatchTheCode() {
    assertThat(DOC.at("/components/schemas/KeyRequest/properties/description/maxLength").asInt())
        .isEqualTo(AccessRoutes.MAX_KEY_DESCRIPTION);
    assertThat(DOC.at("/components/schemas/TenantId/pattern").asText())
        .isEqualTo(Tenants.ID.pattern());
    assertThat(DOC.at("/components/parameters/keyId/schema/pattern").asText())
        .contains(ApiKeys.BOOTSTRAP_ID);
  }
}
