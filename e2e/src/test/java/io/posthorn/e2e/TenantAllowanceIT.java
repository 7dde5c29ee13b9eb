package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tenant's allowances are part of its endpoints' documents: revoking {@code allowPrivateNetworks}
 * republishes them, so the workers' address guard applies within a second, on the real stack
 * (registry, relay, worker; neither allows private networks for every tenant).
 */
@Timeout(180)
class TenantAllowanceIT {
  private static final DevStack stack = DevStack.shared();
  private static final RecordingReceiver receiver =
      RecordingReceiver.start(); // on 127.0.0.1: loopback
  private static RegistryPipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline =
        new RegistryPipeline(
            "tenantallow", w -> w.allowPrivateNetworks(false), r -> r.allowPrivateNetworks(false));
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  @Test
  void revokingAllowPrivateNetworksStopsDeliveriesToAPrivateAddressWithinASecond()
      throws Exception {
    pipeline.call("PUT", "/v1/tenants/acme", "{\"allowHttp\":true,\"allowPrivateNetworks\":true}");
    String id =
        pipeline
            .call(
                "POST",
                "/v1/endpoints",
                "{\"tenantId\":\"acme\",\"url\":\""
                    + receiver.url("/private")
                    + "\",\"eventTypes\":[\"posthorn.ping\"]}")
            .path("id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String eventId = pipeline.emitPing("allowed");
              await()
                  .atMost(Duration.ofSeconds(20))
                  .until(() -> delivered(eventId) || attempted(eventId));
              return delivered(eventId);
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.routed(id) != null && pipeline.routed(id).privateNetworkAllowed());
    pipeline.call("PUT", "/v1/tenants/acme", "{\"allowHttp\":true,\"allowPrivateNetworks\":false}");
    long revoked =
        System.nanoTime(); // answered after the tenant and its endpoints' feed rows committed
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> !pipeline.routed(id).privateNetworkAllowed());
    long millis = (System.nanoTime() - revoked) / 1_000_000;
    System.out.println("tenant allowance revoked -> worker feed: " + millis + " ms");
    assertThat(millis).as("revocation reached the workers' feed, ms").isLessThanOrEqualTo(1000);

    String refused = pipeline.emitPing("refused");
    await().atMost(Duration.ofSeconds(30)).until(() -> attempted(refused));
    JsonNode attempt =
        pipeline.call("GET", "/v1/events/" + refused + "/attempts", null).path("data").get(0);
    assertThat(attempt.path("outcome").asText()).isEqualTo("rejected");
    assertThat(attempt.path("error").asText()).contains("127.0.0.1");
    assertThat(delivered(refused)).as("delivered to 127.0.0.1 after the revocation").isFalse();
  }

  private static boolean delivered(String eventId) {
    return receiver.requests("/private").stream()
        .anyMatch(r -> eventId.equals(r.header("webhook-id")));
  }

  private static boolean attempted(String eventId) throws Exception {
    return pipeline.call("GET", "/v1/events/" + eventId + "/attempts", null).path("data").size()
        > 0;
  }
}
