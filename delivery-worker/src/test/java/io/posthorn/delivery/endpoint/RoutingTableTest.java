package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.signing.SigningSecret;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static Endpoint endpoint(String id) {
    return Endpoint.simple(
        id, URI.create("https://hooks.example.com/" + id), SigningSecret.generate());
  }

  private static final Endpoint GLOBAL_ALL = endpoint("global-all");
  private static final Endpoint GLOBAL_ORDERS = endpoint("global-orders").withEventTypes("order.*");
  private static final Endpoint ACME_USERS =
      endpoint("acme-users").withTenant("acme").withEventTypes("user.created");
  private static final Endpoint GLOBEX_ALL = endpoint("globex-all").withTenant("globex");
  private static final RoutingTable TABLE =
      RoutingTable.of(List.of(GLOBAL_ALL, GLOBAL_ORDERS, ACME_USERS, GLOBEX_ALL));

  @Test
  void anEventWithoutTenantReachesOnlyGlobalEndpoints() {
    assertThat(TABLE.match("user.created", null)).containsExactlyInAnyOrder(GLOBAL_ALL);
    assertThat(TABLE.match("order.completed", null))
        .containsExactlyInAnyOrder(GLOBAL_ALL, GLOBAL_ORDERS);
  }

  @Test
  void aTenantEventReachesThatTenantAndGlobalEndpointsOnly() {
    assertThat(TABLE.match("user.created", "acme"))
        .containsExactlyInAnyOrder(GLOBAL_ALL, ACME_USERS);
    assertThat(TABLE.match("user.created", "globex"))
        .containsExactlyInAnyOrder(GLOBAL_ALL, GLOBEX_ALL);
    assertThat(TABLE.match("user.deleted", "acme")).containsExactlyInAnyOrder(GLOBAL_ALL);
    assertThat(TABLE.match("user.created", "initech")).containsExactlyInAnyOrder(GLOBAL_ALL);
  }

  @Test
  void aDisabledEndpointIsKnownButReceivesNothing() {
    RoutingTable t = TABLE.apply(Map.of("global-all", GLOBAL_ALL.withEnabled(false)));

    assertThat(t.match("user.created", null)).isEmpty();
    assertThat(t.find("global-all").enabled()).isFalse();
  }

  @Test
  void removingAnEndpointForgetsItAndLeavesTheOldTableAlone() {
    Map<String, Endpoint> delete = new HashMap<>();
    delete.put("global-orders", null);
    RoutingTable t = TABLE.apply(delete);

    assertThat(t.match("order.completed", null)).containsExactly(GLOBAL_ALL);
    assertThat(t.find("global-orders")).isNull();
    assertThat(TABLE.match("order.completed", null)).hasSize(2);
  }
}
