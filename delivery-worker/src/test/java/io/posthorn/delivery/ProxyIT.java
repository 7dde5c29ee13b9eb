package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.dispatch.EgressProxy;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ReceivedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker with {@code worker.http.proxy} on the real stack: every delivery goes through a
 * forward proxy (decision 0036), which is sent its credentials, and the address policy still judges
 * each endpoint's host.
 */
@Timeout(90)
class ProxyIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String USER = "posthorn";
  private static final String PASSWORD = "hunter2-proxy";

  @Test
  void everyDeliveryGoesThroughTheProxyWhichIsSentItsCredentials() {
    try (ForwardProxy proxy = ForwardProxy.requiring(USER, PASSWORD);
        WorkerFixture w = new WorkerFixture(b -> b.egressProxy(authenticated(proxy)))) {
      int port = w.receiver.port();
      List<String> urls =
          List.of(
              "http://127.0.0.1:" + port + "/ep0",
              "http://127.0.0.1:" + port + "/ep1",
              "http://loopback.posthorn.test:" + port + "/ep2");
      for (int i = 0; i < urls.size(); i++) {
        w.endpoints.put(endpoint(w, "ep" + i, urls.get(i)));
      }
      w.start(DeliveryListener.NONE);

      for (int i = 0; i < 5; i++) {
        w.publish("order.created", null);
      }

      await().atMost(WAIT).until(() -> w.receiver.count() >= 15);
      assertThat(w.receiver.requests())
          .hasSize(15)
          .extracting(r -> r.header("via"))
          .as("every delivery came through the proxy")
          .containsOnly(ForwardProxy.VIA);
      assertThat(proxy.admitted())
          .hasSize(15)
          .allSatisfy(
              s -> {
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.proxyAuthorization()).isEqualTo(Credentials.basic(USER, PASSWORD));
              })
          .extracting(ForwardProxy.Seen::target)
          .as("absolute-form, naming the endpoint; two origins, each with its own pool")
          .containsOnly(urls.toArray(String[]::new));
      assertThat(proxy.seen())
          .filteredOn(s -> !s.admitted())
          .as("okhttp answers the proxy's 407 with the credentials")
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.proxyAuthorization()).isNull());
      assertThat(w.receiver.requests())
          .extracting(ReceivedRequest::headers)
          .noneSatisfy(h -> assertThat(h).containsKey("proxy-authorization"));
    }
  }

  @Test
  void anHttpsEndpointIsReachedThroughAConnectTunnelCarryingTheCredentials() {
    Map<String, AttemptOutcome> outcomes = new ConcurrentHashMap<>();
    try (ForwardProxy proxy = ForwardProxy.requiring(USER, PASSWORD);
        WorkerFixture w = new WorkerFixture(b -> b.egressProxy(authenticated(proxy)))) {
      // The tunnel ends at the plain-HTTP receiver, so the TLS handshake fails after the CONNECT.
      String target = "loopback.posthorn.test:" + w.receiver.port();
      w.endpoints.put(endpoint(w, "tls", "https://" + target + "/tls"));
      w.start(recordOutcomes(outcomes));

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> outcomes.containsKey("tls"));
      assertThat(proxy.admitted())
          .isNotEmpty()
          .allSatisfy(
              s -> {
                assertThat(s.method()).isEqualTo("CONNECT");
                assertThat(s.target()).isEqualTo(target);
                assertThat(s.proxyAuthorization()).isEqualTo(Credentials.basic(USER, PASSWORD));
              });
      assertThat(outcomes.get("tls")).isInstanceOf(AttemptOutcome.Retryable.class);
      assertThat(w.receiver.requests("/tls")).isEmpty();
    }
  }

  @Test
  void aTargetResolvingToAPrivateAddressIsRefusedBeforeTheProxySeesIt() {
    Map<String, AttemptOutcome> outcomes = new ConcurrentHashMap<>();
    try (ForwardProxy proxy = ForwardProxy.open();
        WorkerFixture w =
            new WorkerFixture(
                b ->
                    b.allowPrivateNetworks(false)
                        .egressProxy(EgressProxy.parse("http://127.0.0.1:" + proxy.port())))) {
      int port = w.receiver.port();
      String allowed = "http://loopback.posthorn.test:" + port + "/allowed";
      w.endpoints.put(
          endpoint(w, "by_name", "http://loopback.posthorn.test:" + port + "/refused")
              .withPrivateNetworkAllowed(false));
      w.endpoints.put(
          endpoint(w, "to_metadata", "http://metadata.posthorn.test/latest/meta-data")
              .withPrivateNetworkAllowed(false));
      w.endpoints.put(
          endpoint(w, "literal", "http://10.0.0.1/hook").withPrivateNetworkAllowed(false));
      w.endpoints.put(endpoint(w, "allowed", allowed));
      w.start(recordOutcomes(outcomes));

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> outcomes.size() == 4);
      assertThat(outcomes)
          .hasEntrySatisfying(
              "by_name",
              o ->
                  assertThat(o.error())
                      .isEqualTo(
                          "loopback.posthorn.test resolves to 127.0.0.1, which is in the"
                              + " loopback range 127.0.0.0/8"))
          .hasEntrySatisfying(
              "to_metadata",
              o ->
                  assertThat(o.error())
                      .isEqualTo(
                          "metadata.posthorn.test resolves to 169.254.169.254, which is in the"
                              + " cloud metadata range 169.254.169.254/32"))
          .hasEntrySatisfying(
              "literal",
              o -> assertThat(o.error()).isEqualTo("10.0.0.1 is in the private range 10.0.0.0/8"))
          .hasEntrySatisfying(
              "allowed", o -> assertThat(o).isInstanceOf(AttemptOutcome.Delivered.class));
      assertThat(outcomes)
          .extractingByKeys("by_name", "to_metadata", "literal")
          .allSatisfy(o -> assertThat(o).isInstanceOf(AttemptOutcome.Rejected.class));
      assertThat(proxy.seen())
          .as("only the endpoint allowed private networks reached the proxy (itself on loopback)")
          .extracting(ForwardProxy.Seen::target)
          .containsExactly(allowed);
      assertThat(w.receiver.requests("/refused")).isEmpty();
    }
  }

  private static EgressProxy authenticated(ForwardProxy proxy) {
    return EgressProxy.parse("http://127.0.0.1:" + proxy.port()).withCredentials(USER, PASSWORD);
  }

  private static Endpoint endpoint(WorkerFixture w, String id, String url) {
    return Endpoint.simple(id, URI.create(url), SigningSecret.parse(w.secretText));
  }

  /** The first outcome of each endpoint's first attempt. */
  private static DeliveryListener recordOutcomes(Map<String, AttemptOutcome> outcomes) {
    return new DeliveryListener() {
      @Override
      public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
        outcomes.putIfAbsent(request.endpoint().id(), outcome);
      }
    };
  }
}
