package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.schema.catalog.EventCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A create body's {@code verify}: absent takes the registry's default ({@code
 * registry.verification.required}); where verification is required only an admin may turn it off.
 */
class VerifyInputTest {
  private static final Caller TENANT = new Caller.Tenant("acme", "key_0123456789abcdef");
  private static final Caller ADMIN = new Caller.Admin("key_0123456789abcdef");
  private static final EndpointInput OPTIONAL = new EndpointInput(EventCatalog::standard, false);
  private static final EndpointInput REQUIRED = new EndpointInput(EventCatalog::standard, true);

  @Test
  void verifyIsOffUnlessAskedWhereItIsOptional() {
    assertThat(OPTIONAL.create(body(""), TENANT).verify()).isFalse();
    assertThat(OPTIONAL.create(body(",\"verify\":true"), TENANT).verify()).isTrue();
    assertThat(OPTIONAL.create(body(",\"verify\":null"), TENANT).verify()).isFalse();
  }

  @Test
  void whereItIsRequiredATenantCannotTurnItOff_anAdminCan() {
    assertThat(REQUIRED.create(body(""), TENANT).verify()).isTrue();
    assertThatThrownBy(() -> REQUIRED.create(body(",\"verify\":false"), TENANT))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("verify");
    assertThat(REQUIRED.create(body(",\"tenantId\":\"acme\",\"verify\":false"), ADMIN).verify())
        .isFalse();
    assertThat(REQUIRED.create(body(",\"tenantId\":\"acme\""), ADMIN).verify()).isTrue();
  }

  @Test
  void verifyMustBeABoolean() {
    assertThatThrownBy(() -> OPTIONAL.create(body(",\"verify\":\"yes\""), TENANT))
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("verify");
  }

  private static io.posthorn.registry.http.JsonInput body(String more) {
    return ApiRequest.of(
            null,
            Map.of(),
            null,
            ("{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"]" + more + "}")
                .getBytes(StandardCharsets.UTF_8))
        .json();
  }
}
