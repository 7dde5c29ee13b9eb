package io.posthorn.schema.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document the registry writes and the inbound gateway reads. */
class ConnectionDocumentCodecTest {
  @Test
  void roundTripsEveryField_hmacIncluded() {
    ConnectionDocument d =
        new ConnectionDocument(
            "cn_0123456789abcdef01234567",
            "acme",
            Provider.HMAC,
            "inbound.billing",
            "v1.sealed",
            Duration.ofSeconds(120),
            new ConnectionDocument.Hmac("X-Sig", "SHA-512", "base64", "", "X-Ts", "X-Id"),
            List.of("10.0.0.0/8", "2001:db8::/32"),
            50);

    assertThat(ConnectionDocumentCodec.decode(ConnectionDocumentCodec.encode(d))).isEqualTo(d);
  }

  @Test
  void roundTripsAProviderConnection_withoutHmacOrTenant() {
    ConnectionDocument d =
        new ConnectionDocument(
            "cn_1",
            null,
            Provider.GITHUB,
            Provider.GITHUB.defaultEventTypePrefix(),
            "v1.sealed",
            ConnectionDocument.DEFAULT_TOLERANCE,
            null,
            List.of(),
            0);

    assertThat(ConnectionDocumentCodec.decode(ConnectionDocumentCodec.encode(d))).isEqualTo(d);
    assertThat(d.eventTypePrefix()).isEqualTo("inbound.github");
  }

  @Test
  void namesAnUnknownProvider() {
    assertThatThrownBy(
            () ->
                ConnectionDocumentCodec.decode(
                    "{\"id\":\"cn_1\",\"provider\":\"paypal\",\"eventTypePrefix\":\"inbound.x\","
                        + "\"sealedSecret\":\"v1.x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider must be one of standard-webhooks, github");
  }
}
