package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.OAuthClient;
import io.posthorn.delivery.signing.SigningSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dispatcher is the last line: whatever an endpoint document says, a refused address is never
 * connected to. A listener on 127.0.0.1 counts the connections it accepts.
 */
@Timeout(30)
class RefusedAddressesTest {
  private ServerSocket listener;
  private final AtomicInteger accepted = new AtomicInteger();
  private HttpDispatcher dispatcher;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                  accepted.incrementAndGet();
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  if (!listener.isClosed()) {
                    throw new UncheckedIOException(e);
                  }
                }
              }
            });
    dispatcher =
        new HttpDispatcher(
            8, Executors.newVirtualThreadPerTaskExecutor(), Clock.systemUTC(), Dns.SYSTEM, false);
  }

  @AfterEach
  void close() throws IOException {
    dispatcher.close();
    listener.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      http://2130706433:PORT/  | 2130706433 is an ambiguous IPv4 spelling (a single number; read as 127.0.0.1)
      http://127.1:PORT/       | 127.1 is an ambiguous IPv4 spelling (only 2 parts; read as 127.0.0.1)
      http://127.0.1:PORT/     | 127.0.1 is an ambiguous IPv4 spelling (only 3 parts; read as 127.0.0.1)
      http://0x7f.1:PORT/      | 0x7f.1 is an ambiguous IPv4 spelling (hexadecimal parts, only 2 parts; read as 127.0.0.1)
      http://0177.0.0.1:PORT/  | 0177.0.0.1 is an ambiguous IPv4 spelling (leading zeros, octal to some software; read as 127.0.0.1 by inet_aton and browsers, as 177.0.0.1 by Java)
      http://127.0.0.1.:PORT/  | 127.0.0.1. is an ambiguous IPv4 spelling (a trailing dot; read as 127.0.0.1)
      http://[::ffff:127.0.0.1]:PORT/ | 127.0.0.1 is in the loopback range 127.0.0.0/8
      http://127.0.0.1:PORT/   | 127.0.0.1 is in the loopback range 127.0.0.0/8
      http://[::1]:PORT/       | ::1 is in the loopback range ::1/128
      http://[64:ff9b::7f00:1]:PORT/ | 64:ff9b::7f00:1 carries 127.0.0.1 (NAT64), which is in the loopback range 127.0.0.0/8
      http://[2002:7f00:1::]:PORT/ | 2002:7f00:1:: carries 127.0.0.1 (6to4), which is in the loopback range 127.0.0.0/8
      """)
  void aRefusedLiteralIsRejectedWithoutAConnection(String url, String reason) throws Exception {
    Endpoint endpoint = endpoint(url).withPrivateNetworkAllowed(false);

    AttemptOutcome outcome = dispatch(endpoint);

    assertThat(outcome).isInstanceOf(AttemptOutcome.Rejected.class);
    assertThat(outcome.error()).startsWith(reason);
    assertThat(accepted).as("connections accepted").hasValue(0);
  }

  @Test
  void anAmbiguousSpellingIsRefusedEvenWherePrivateNetworksAreAllowed() throws Exception {
    AttemptOutcome outcome =
        dispatch(endpoint("http://127.1:PORT/").withPrivateNetworkAllowed(true));

    assertThat(outcome.error()).startsWith("127.1 is an ambiguous IPv4 spelling");
    assertThat(accepted).hasValue(0);
  }

  @Test
  void theListenerCountsWhatAnAllowedEndpointConnects() throws Exception {
    AttemptOutcome outcome =
        dispatch(endpoint("http://127.0.0.1:PORT/").withPrivateNetworkAllowed(true));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() == 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      http://127.0.0.1:PORT/token | oauth token: 127.0.0.1 is in the loopback range 127.0.0.0/8
      http://localhost:PORT/token | oauth token: localhost resolves to
      """)
  void aTokenUrlIsJudgedLikeTheEndpointUrl(String tokenUrl, String reason) throws Exception {
    Endpoint endpoint =
        endpoint("http://93.184.216.34/hook")
            .withPrivateNetworkAllowed(false)
            .withOAuth(
                new OAuthClient(
                    URI.create(tokenUrl.replace("PORT", Integer.toString(listener.getLocalPort()))),
                    "posthorn",
                    "client-s3cret",
                    null,
                    null));

    AttemptOutcome outcome = dispatch(endpoint);

    assertThat(outcome).isInstanceOf(AttemptOutcome.Rejected.class);
    assertThat(outcome.error()).startsWith(reason);
    assertThat(accepted).as("connections accepted").hasValue(0);
  }

  private Endpoint endpoint(String url) {
    return Endpoint.simple(
        "ep",
        URI.create(url.replace("PORT", Integer.toString(listener.getLocalPort()))),
        SigningSecret.generate());
  }

  private AttemptOutcome dispatch(Endpoint endpoint) throws Exception {
    CompletableFuture<AttemptOutcome> done = new CompletableFuture<>();
    dispatcher.dispatch(
        new DeliveryRequest(
            endpoint,
            "evt_1",
            "order.created",
            null,
            "{}".getBytes(StandardCharsets.UTF_8),
            null,
            null,
            1),
        done::complete);
    return done.get(20, TimeUnit.SECONDS);
  }
}
