package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.SIGNED_AT;
import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.connection.ConnectionDocument;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The generic scheme. Expected digests were computed with openssl: {@code printf '%s'
 * '1767225600.{"order":42}' | openssl dgst -sha512 -binary -hmac generic-secret-abcdef | base64},
 * and GitHub's published example for the SHA-256 hex form.
 */
class HmacVerifierTest {
  private static final String SHA512_B64 =
      "RZPR47k2P7hPyo2dSqei16klzbdEk0sSi4mCK5z4n3XjBciD390K0tA2IBVxPYvC6YkQpr6ctVb1ErzZeOXSrg==";

  private final ManualClock clock = new ManualClock(SIGNED_AT);

  private HmacVerifier verifier(String secret, ConnectionDocument.Hmac scheme) {
    return new HmacVerifier(secret, scheme, clock, Duration.ofMinutes(5));
  }

  private final ConnectionDocument.Hmac timestamped =
      new ConnectionDocument.Hmac(
          "X-Signature", "SHA-512", "base64", "", "X-Timestamp", "X-Request-Id");

  @Test
  void acceptsSha512Base64OverTimestampAndBody_withTheIdHeader() {
    Verdict verdict =
        verifier("generic-secret-abcdef", timestamped)
            .verify(
                request(
                    "{\"order\":42}",
                    "X-Signature",
                    SHA512_B64,
                    "X-Timestamp",
                    "1767225600",
                    "X-Request-Id",
                    "req-7"));

    assertThat(verdict).isEqualTo(new Verdict.Verified("req-7"));
  }

  @Test
  void acceptsSha256HexWithAPrefix_withoutATimestamp() {
    ConnectionDocument.Hmac scheme =
        new ConnectionDocument.Hmac("X-Sig", "SHA-256", "hex", "sha256=", null, null);

    Verdict verdict =
        verifier("It's a Secret to Everybody", scheme)
            .verify(
                request(
                    "Hello, World!",
                    "X-Sig",
                    "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"));

    assertThat(verdict).isEqualTo(new Verdict.Verified(null));
  }

  @Test
  void refusesATamperedBody_aWrongSecret_aStaleTimestamp_andAMissingTimestamp() {
    String[] headers = {"X-Signature", SHA512_B64, "X-Timestamp", "1767225600"};
    assertThat(
            verifier("generic-secret-abcdef", timestamped)
                .verify(request("{\"order\":43}", headers)))
        .isEqualTo(Verdict.badSignature("X-Signature"));
    assertThat(verifier("wrong", timestamped).verify(request("{\"order\":42}", headers)))
        .isEqualTo(Verdict.badSignature("X-Signature"));
    assertThat(
            verifier("generic-secret-abcdef", timestamped)
                .verify(request("{\"order\":42}", "X-Signature", SHA512_B64)))
        .isEqualTo(Verdict.missing("X-Timestamp"));

    clock.advance(Duration.ofMinutes(6));
    assertThat(
            verifier("generic-secret-abcdef", timestamped)
                .verify(request("{\"order\":42}", headers)))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.STALE_TIMESTAMP);
  }
}
