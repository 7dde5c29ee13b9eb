package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTls;
import io.posthorn.delivery.signing.SigningSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-endpoint TLS on the real stack (decision 0044): receivers whose server certificate a private
 * CA signed, one of them requiring a client certificate from another private CA; endpoints written
 * to the endpoints topic as the registry would.
 */
@Timeout(90)
class MutualTlsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final HeldCertificate SERVER_CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("receiver ca").build();
  private static final HeldCertificate SERVER =
      new HeldCertificate.Builder()
          .commonName("receiver")
          .addSubjectAlternativeName("127.0.0.1")
          .signedBy(SERVER_CA)
          .build();
  private static final HeldCertificate CLIENT_CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("clients ca").build();
  private static final HeldCertificate CLIENT =
      new HeldCertificate.Builder().commonName("posthorn").signedBy(CLIENT_CA).build();

  private final Map<String, AttemptOutcome> outcomes = new ConcurrentHashMap<>();
  private TlsReceiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theClientCertificateIsPresentedToItsEndpointOnly() {
    receiver = TlsReceiver.start(true);
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      w.endpoints.put(
          endpoint(w, "with")
              .withTls(
                  new EndpointTls(
                      CLIENT.certificatePem() + CLIENT_CA.certificatePem(),
                      CLIENT.privateKeyPkcs8Pem(),
                      SERVER_CA.certificatePem())));
      w.endpoints.put(
          endpoint(w, "without").withTls(new EndpointTls(null, null, SERVER_CA.certificatePem())));
      w.start(record());

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> outcomes.size() == 2);
      assertThat(outcomes.get("with")).isInstanceOf(AttemptOutcome.Delivered.class);
      assertThat(outcomes.get("without"))
          .isInstanceOfSatisfying(
              AttemptOutcome.Retryable.class,
              r -> {
                assertThat(r.status()).isZero();
                assertThat(r.error()).containsPattern("SSL|certificate");
              });
      assertThat(receiver.requests()).containsOnlyKeys("/with");
    }
  }

  @Test
  void aCaBundleTrustsAPrivateCaForItsEndpointOnly() {
    receiver = TlsReceiver.start(false);
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      w.endpoints.put(
          endpoint(w, "bundle").withTls(new EndpointTls(null, null, SERVER_CA.certificatePem())));
      w.endpoints.put(endpoint(w, "plain"));
      w.start(record());

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> outcomes.size() == 2);
      assertThat(outcomes.get("bundle")).isInstanceOf(AttemptOutcome.Delivered.class);
      assertThat(outcomes.get("plain"))
          .isInstanceOfSatisfying(
              AttemptOutcome.Retryable.class,
              r -> assertThat(r.error()).startsWith("SSLHandshakeException: "));
      assertThat(receiver.requests()).containsOnlyKeys("/bundle");
    }
  }

  @Test
  void aKeyThatDoesNotParseRejectsTheAttemptNamingTheField() {
    receiver = TlsReceiver.start(true);
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      String wrongKey = CLIENT_CA.privateKeyPkcs8Pem();
      w.endpoints.put(
          endpoint(w, "bad").withTls(new EndpointTls(CLIENT.certificatePem(), wrongKey, null)));
      w.start(record());

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> outcomes.size() == 1);
      assertThat(outcomes.get("bad"))
          .isInstanceOfSatisfying(
              AttemptOutcome.Rejected.class,
              r ->
                  assertThat(r.reason())
                      .isEqualTo(
                          "tls settings of bad: tls.clientKey is not the key of the client"
                              + " certificate")
                      .doesNotContain(wrongKey.split("\n")[1]));
      assertThat(receiver.requests()).isEmpty();
    }
  }

  private Endpoint endpoint(WorkerFixture w, String id) {
    return Endpoint.simple(id, receiver.url("/" + id), SigningSecret.parse(w.secretText));
  }

  private DeliveryListener record() {
    return new DeliveryListener() {
      @Override
      public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
        outcomes.put(request.endpoint().id(), outcome);
      }
    };
  }

  /** An HTTPS receiver with a certificate from {@link #SERVER_CA}; counts requests by path. */
  private static final class TlsReceiver implements AutoCloseable {
    private final HttpsServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private TlsReceiver(HttpsServer server) {
      this.server = server;
    }

    /**
     * @param requireClientCertificate refuse a handshake without a certificate {@link #CLIENT_CA}
     *     signed
     */
    static TlsReceiver start(boolean requireClientCertificate) {
      HandshakeCertificates certificates =
          new HandshakeCertificates.Builder()
              .heldCertificate(SERVER)
              .addTrustedCertificate(CLIENT_CA.certificate())
              .build();
      try {
        HttpsServer server =
            HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(
            new HttpsConfigurator(certificates.sslContext()) {
              @Override
              public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(requireClientCertificate);
                params.setSSLParameters(ssl);
              }
            });
        TlsReceiver receiver = new TlsReceiver(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    URI url(String path) {
      return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    Map<String, AtomicInteger> requests() {
      return Map.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        requests
            .computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
            .incrementAndGet();
        exchange.sendResponseHeaders(204, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
