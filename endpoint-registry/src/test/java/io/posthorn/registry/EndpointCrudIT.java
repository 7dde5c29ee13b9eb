package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointCrudIT {
  private static RegistryFixture f;
  private static String acme;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    acme = f.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static JsonNode create(String key, String body) {
    Api.Response r = f.api.post("/v1/endpoints", key, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  @Test
  void createsReadsUpdatesDisablesEnablesAndDeletesAnEndpoint() {
    JsonNode created =
        create(
            acme,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\","
                + "\"user.created\"],\"description\":\"billing\",\"timeoutMs\":5000,\"maxInFlight\":7,"
                + "\"rateLimitPerSecond\":20,\"headers\":{\"X-Team\":\"billing\"},\"metadata\":{\"owner\":\"ada\"}}");
    String id = created.path("id").asText();
    assertThat(created.path("secret").asText()).startsWith("whsec_");
    assertThat(created.path("tenantId").asText()).isEqualTo("acme");

    JsonNode read = f.api.get("/v1/endpoints/" + id, acme).json();
    assertThat(read.path("url").asText()).isEqualTo("https://hooks.acme.example/in");
    assertThat(read.path("eventTypes").toString()).isEqualTo("[\"order.*\",\"user.created\"]");
    assertThat(read.path("headers").path("x-team").asText()).isEqualTo("********"); // write-only
    assertThat(read.path("metadata").path("owner").asText()).isEqualTo("ada");
    assertThat(read.path("timeoutMs").asInt()).isEqualTo(5000);
    assertThat(read.has("secret")).isFalse();

    Api.Response patched =
        f.api.call(
            "PATCH",
            "/v1/endpoints/" + id,
            acme,
            "{\"eventTypes\":[\"payment.*\"],\"timeoutMs\":30000,\"description\":null}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("eventTypes").toString()).isEqualTo("[\"payment.*\"]");
    assertThat(patched.json().path("description").asText()).isEmpty();
    assertThat(patched.json().path("maxInFlight").asInt()).isEqualTo(7);

    Api.Response disabled =
        f.api.post("/v1/endpoints/" + id + "/disable", acme, "{\"reason\":\"maintenance\"}");
    assertThat(disabled.json().path("status").asText()).isEqualTo("disabled");
    assertThat(disabled.json().path("disabledReason").asText()).isEqualTo("maintenance");
    Api.Response enabled = f.api.post("/v1/endpoints/" + id + "/enable", acme, null);
    assertThat(enabled.json().path("status").asText()).isEqualTo("enabled");
    assertThat(enabled.json().path("disabledReason").isNull()).isTrue();

    assertThat(f.api.call("DELETE", "/v1/endpoints/" + id, acme, null).status()).isEqualTo(204);
    assertThat(f.api.get("/v1/endpoints/" + id, acme).status()).isEqualTo(404);
    assertThat(
            f.text(
                "SELECT count(*) FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                    + id
                    + "' AND document IS NULL"))
        .isEqualTo("1");
  }

  @Test
  void listsPageByPageWithFiltersAndNeverShowsSecrets() {
    String key = f.tenantKey("pager");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String types = i % 2 == 0 ? "[\"order.*\"]" : "[\"user.created\"]";
      ids.add(
          create(
                  key,
                  "{\"url\":\"https://hooks.acme.example/" + i + "\",\"eventTypes\":" + types + "}")
              .path("id")
              .asText());
    }
    f.api.post("/v1/endpoints/" + ids.get(4) + "/disable", key, null);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Api.Response page =
          f.api.get("/v1/endpoints?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key);
      assertThat(page.text()).doesNotContain("whsec_").doesNotContain("\"secret\"");
      page.json().path("data").forEach(e -> seen.add(e.path("id").asText()));
      cursor =
          page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(ids);

    assertThat(ids(f.api.get("/v1/endpoints?eventType=order.completed", key)))
        .containsExactly(ids.get(0), ids.get(2), ids.get(4));
    assertThat(ids(f.api.get("/v1/endpoints?eventType=order.completed&status=enabled", key)))
        .containsExactly(ids.get(0), ids.get(2));
    assertThat(ids(f.api.get("/v1/endpoints?status=disabled", key))).containsExactly(ids.get(4));
  }

  @Test
  void anAdminRegistersGlobalEndpointsAndFiltersByTenant() {
    JsonNode global =
        create(
            RegistryFixture.ADMIN_KEY,
            "{\"tenantId\":null,\"url\":\"https://hooks.globex.example/ops\",\"eventTypes\":[\"posthorn.*\"]}");
    assertThat(global.path("tenantId").isNull()).isTrue();
    String forAcme =
        create(
                RegistryFixture.ADMIN_KEY,
                "{\"tenantId\":\"acme\",\"url\":\"https://hooks.acme.example/admin\",\"eventTypes\":[\"*\"]}")
            .path("id")
            .asText();

    assertThat(ids(f.api.get("/v1/endpoints?tenantId=acme&limit=100", RegistryFixture.ADMIN_KEY)))
        .contains(forAcme)
        .doesNotContain(global.path("id").asText());
    assertThat(f.api.get("/v1/endpoints/" + forAcme, acme).status()).isEqualTo(200);
    assertThat(f.api.get("/v1/endpoints/" + global.path("id").asText(), acme).status())
        .isEqualTo(404);
  }

  @Test
  void httpAndPrivateAddressesNeedTheTenantsAllowance() {
    String key = f.tenantKey("lab");
    String body = "{\"url\":\"http://internal.acme.example/in\",\"eventTypes\":[\"*\"]}";
    assertThat(f.api.post("/v1/endpoints", key, body).status()).isEqualTo(400);

    Api.Response tenant =
        f.api.call(
            "PUT",
            "/v1/tenants/lab",
            RegistryFixture.ADMIN_KEY,
            "{\"allowHttp\":true,\"allowPrivateNetworks\":true}");
    assertThat(tenant.status()).as(tenant.toString()).isEqualTo(200);

    assertThat(f.api.post("/v1/endpoints", key, body).status()).isEqualTo(201);
    assertThat(f.api.get("/v1/tenants/lab", key).json().path("allowHttp").asBoolean()).isTrue();
  }

  @Test
  void changingATenantsAllowancesRepublishesEachOfItsEndpointsInTheSameTransaction() {
    String key = f.tenantKey("lab2");
    f.api.call(
        "PUT",
        "/v1/tenants/lab2",
        RegistryFixture.ADMIN_KEY,
        "{\"allowHttp\":true," + "\"allowPrivateNetworks\":true}");
    String body = "{\"url\":\"http://internal.acme.example/in\",\"eventTypes\":[\"*\"]}";
    String first = create(key, body).path("id").asText();
    String second = create(key, body).path("id").asText();
    String other =
        create(acme, "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}")
            .path("id")
            .asText();
    long feedBefore = f.count("SELECT count(*) FROM posthorn_registry.endpoint_feed");

    Api.Response revoked =
        f.api.call(
            "PUT",
            "/v1/tenants/lab2",
            RegistryFixture.ADMIN_KEY,
            "{\"allowHttp\":true,\"allowPrivateNetworks\":false}");

    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    assertThat(f.count("SELECT count(*) FROM posthorn_registry.endpoint_feed"))
        .isEqualTo(feedBefore + 2);
    for (String id : List.of(first, second)) {
      assertThat(
              f.text(
                  "SELECT document->>'privateNetworkAllowed' FROM posthorn_registry.endpoint_feed"
                      + " WHERE endpoint_id = '"
                      + id
                      + "' ORDER BY seq DESC LIMIT 1"))
          .isEqualTo("false");
    }
    assertThat(
            f.count(
                "SELECT count(*) FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                    + other
                    + "'"))
        .isEqualTo(1);

    f.api.call(
        "PUT",
        "/v1/tenants/lab2",
        RegistryFixture.ADMIN_KEY,
        "{\"allowHttp\":true," + "\"allowPrivateNetworks\":false}");
    assertThat(f.count("SELECT count(*) FROM posthorn_registry.endpoint_feed"))
        .as("unchanged: nothing republished")
        .isEqualTo(feedBefore + 2);
  }

  private static List<String> ids(Api.Response page) {
    List<String> out = new ArrayList<>();
    page.json().path("data").forEach(e -> out.add(e.path("id").asText()));
    return out;
  }
}
