package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route that names a resource, tried with another tenant's key: 404, and nothing changes. */
class TenantIsolationIT {
  private static RegistryFixture f;
  private static String acme;
  private static String globex;
  private static String acmeEndpoint;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    acme = f.tenantKey("acme");
    globex = f.tenantKey("globex");
    acmeEndpoint =
        f.api
            .post(
                "/v1/endpoints",
                acme,
                "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"]}")
            .json()
            .path("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void anotherTenantsKeyFindsNothingOnEveryEndpointRoute() {
    String before = f.snapshot();
    String e = "/v1/endpoints/" + acmeEndpoint;
    List<String[]> calls =
        List.of(
            new String[] {"GET", e, null},
            new String[] {"PATCH", e, "{\"timeoutMs\":1000}"},
            new String[] {"DELETE", e, null},
            new String[] {"POST", e + "/disable", null},
            new String[] {"POST", e + "/enable", null},
            new String[] {"POST", e + "/verify", null},
            new String[] {"GET", e + "/secret", null},
            new String[] {"POST", e + "/secret/rotate", null},
            new String[] {"GET", "/v1/tenants/acme", null});
    for (String[] call : calls) {
      Api.Response r = f.api.call(call[0], call[1], globex, call[2]);
      assertThat(r.status()).as(call[0] + " " + call[1] + ": " + r).isEqualTo(404);
      assertThat(r.text())
          .as(call[0] + " " + call[1])
          .doesNotContain("acme.example")
          .doesNotContain("whsec_");
    }
    assertThat(f.snapshot()).isEqualTo(before);
  }

  @Test
  void listsShowOnlyTheCallersOwnEndpoints() {
    Api.Response mine = f.api.get("/v1/endpoints?limit=100", globex);
    Api.Response filtered = f.api.get("/v1/endpoints?tenantId=acme", globex);

    assertThat(mine.json().path("data")).isEmpty();
    assertThat(filtered.json().path("data")).isEmpty();
    assertThat(f.api.get("/v1/endpoints?limit=100", acme).text()).contains(acmeEndpoint);
  }

  @Test
  void aTenantCannotCreateForAnotherTenantNorUseAdminRoutes() {
    String before = f.snapshot();
    Api.Response create =
        f.api.post(
            "/v1/endpoints",
            globex,
            "{\"tenantId\":\"acme\",\"url\":\"https://hooks.acme.example/x\",\"eventTypes\":[\"*\"]}");

    assertThat(create.status()).isEqualTo(400);
    assertThat(create.json().path("field").asText()).isEqualTo("tenantId");
    assertThat(f.api.post("/v1/api-keys", globex, "{\"tenantId\":\"globex\"}").status())
        .isEqualTo(403);
    assertThat(f.api.get("/v1/api-keys", globex).status()).isEqualTo(403);
    assertThat(f.api.call("PUT", "/v1/tenants/globex", globex, "{\"allowHttp\":true}").status())
        .isEqualTo(403);
    assertThat(f.snapshot()).isEqualTo(before);
  }

  @Test
  void everyRequestNeedsAValidKey() {
    assertThat(f.api.get("/v1/endpoints", null).status()).isEqualTo(401);
    assertThat(f.api.get("/v1/endpoints", "phk_not_a_key").json().path("field").asText())
        .isEqualTo("authorization");
    assertThat(f.api.get("/v1/event-types", null).status()).isEqualTo(401);
    // Except the OpenAPI document, which holds no data (decision 0047).
    assertThat(f.api.get("/v1/openapi.json", null).status()).isEqualTo(200);
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    Api.Response issued =
        f.api.post("/v1/api-keys", RegistryFixture.ADMIN_KEY, "{\"tenantId\":\"acme\"}");
    String key = issued.json().path("key").asText();
    assertThat(f.api.get("/v1/endpoints", key).status()).isEqualTo(200);

    f.api.call(
        "DELETE",
        "/v1/api-keys/" + issued.json().path("id").asText(),
        RegistryFixture.ADMIN_KEY,
        null);

    assertThat(f.api.get("/v1/endpoints", key).status()).isEqualTo(401);
    assertThat(f.api.get("/v1/api-keys", RegistryFixture.ADMIN_KEY).text()).doesNotContain(key);
  }
}
