package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check the ITs run on every exchange catches what it must, and nothing else. */
class ApiContractTest {
  private static final ApiContract CONTRACT = ApiContract.REGISTRY;
  private static final String ENDPOINT = "/v1/endpoints/ep_0123456789abcdef01234567";
  private static final String KEY = "phk_x";
  private static final String TENANT =
      "{\"id\":\"acme\",\"allowHttp\":false,\"allowPrivateNetworks\":true,"
          + "\"createdAt\":\"2026-01-15T10:30:00.123456Z\"}";

  @Test
  void aDocumentedResponsePasses() {
    assertThat(
            CONTRACT.responseViolations(
                "GET", "/v1/tenants/acme", 200, json("application/json"), TENANT))
        .isEmpty();
  }

  @Test
  void anUndocumentedFieldInAResponseFails() {
    String extra = TENANT.replace("}", ",\"secret\":\"x\"}");

    assertThat(
            CONTRACT.responseViolations(
                "GET", "/v1/tenants/acme", 200, json("application/json"), extra))
        .singleElement()
        .asString()
        .contains("secret");
  }

  @Test
  void aMissingFieldOrAWrongTypeInAResponseFails() {
    assertThat(
            CONTRACT.responseViolations(
                "GET",
                "/v1/tenants/acme",
                200,
                json("application/json"),
                TENANT.replace("\"allowHttp\":false,", "")))
        .isNotEmpty();
    assertThat(
            CONTRACT.responseViolations(
                "GET",
                "/v1/tenants/acme",
                200,
                json("application/json"),
                TENANT.replace("2026-01-15T10:30:00.123456Z", "yesterday")))
        .isNotEmpty();
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThat(
            CONTRACT.responseViolations(
                "GET", "/v1/tenants/acme", 409, json("application/problem+json"), problem(409)))
        .singleElement()
        .asString()
        .contains("status 409 is not documented");
    assertThat(
            CONTRACT.responseViolations(
                "GET", "/v1/tenants/acme", 500, json("application/problem+json"), problem(500)))
        .isNotEmpty();
  }

  @Test
  void aProblemMustBeServedAsProblemJson() {
    assertThat(
            CONTRACT.responseViolations(
                "GET", ENDPOINT, 404, json("application/json"), problem(404)))
        .singleElement()
        .asString()
        .contains("media type");
    assertThat(
            CONTRACT.responseViolations(
                "GET", ENDPOINT, 404, json("application/problem+json"), problem(404)))
        .isEmpty();
  }

  @Test
  void anUnknownPathMayOnlyBeAnsweredWithA404Or405Problem() {
    assertThat(
            CONTRACT.responseViolations(
                "GET", "/v1/nothing", 404, json("application/problem+json"), problem(404)))
        .isEmpty();
    assertThat(
            CONTRACT.responseViolations("GET", "/v1/nothing", 200, json("application/json"), "{}"))
        .isNotEmpty();
  }

  @Test
  void theThrottledAnswerNeedsRetryAfter() {
    assertThat(
            CONTRACT.responseViolations(
                "GET", ENDPOINT, 429, json("application/problem+json"), problem(429)))
        .singleElement()
        .asString()
        .contains("Retry-After");
  }

  @Test
  void requestsAreCheckedForParametersBodiesAndMediaTypes() {
    assertThat(CONTRACT.requestViolations("GET", "/v1/endpoints?limit=5", KEY, null, null))
        .isEmpty();
    assertThat(CONTRACT.requestViolations("GET", "/v1/endpoints?limit=500", KEY, null, null))
        .isNotEmpty();
    assertThat(CONTRACT.requestViolations("GET", "/v1/endpoints?colour=red", KEY, null, null))
        .singleElement()
        .asString()
        .contains("colour");
    assertThat(CONTRACT.requestViolations("GET", "/v1/endpoints/ep_1", KEY, null, null))
        .singleElement()
        .asString()
        .contains("endpointId");
    assertThat(
            CONTRACT.requestViolations(
                "POST",
                "/v1/endpoints",
                KEY,
                "application/json",
                "{\"url\":\"https://example.com/\",\"eventTypes\":[\"*\"],\"colour\":1}"))
        .singleElement()
        .asString()
        .contains("colour");
    assertThat(
            CONTRACT.requestViolations(
                "POST",
                "/v1/endpoints",
                KEY,
                "text/plain",
                "{\"url\":\"https://example.com/\",\"eventTypes\":[\"*\"]}"))
        .singleElement()
        .asString()
        .contains("media type");
    assertThat(
            CONTRACT.requestViolations("POST", ENDPOINT + "/enable", KEY, "application/json", "{}"))
        .singleElement()
        .asString()
        .contains("takes none");
    assertThat(CONTRACT.requestViolations("POST", ENDPOINT + "/enable", null, null, null))
        .singleElement()
        .asString()
        .contains("bearer");
  }

  @Test
  void nullStandsForTheDefaultOfAnOptionalField_butNotForARequiredOne() {
    assertThat(
            CONTRACT.requestViolations(
                "POST",
                "/v1/endpoints",
                KEY,
                "application/json",
                "{\"url\":\"https://example.com/\",\"eventTypes\":[\"*\"],"
                    + "\"description\":null,\"timeoutMs\":null,\"headers\":null}"))
        .isEmpty();
    assertThat(
            CONTRACT.requestViolations(
                "PATCH", ENDPOINT, KEY, "application/json", "{\"timeoutMs\":null}"))
        .isNotEmpty();
  }

  private static String problem(int status) {
    return "{\"type\":\"https://posthorn.io/problems/not-found\",\"title\":\"Not found\",\"status\":"
        + status
        + ",\"detail\":\"no\",\"instance\":\"/v1/x\",\"field\":\"path\"}";
  }

  private static HttpHeaders json(String type) {
    return HttpHeaders.of(Map.of("content-type", List.of(type)), (a, b) -> true);
  }
}
