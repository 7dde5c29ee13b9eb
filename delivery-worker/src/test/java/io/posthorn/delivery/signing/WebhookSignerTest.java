package io.posthorn.delivery.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpHeaders;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks our signatures against the independent Standard Webhooks reference library. */
class WebhookSignerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String MSG_ID = "0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f";
  private static final byte[] BODY =
      "{\"id\":\"0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f\",\"eventType\":\"order.completed\",\"payload\":{\"name\":\"caf\u00e9\"}}"
          .getBytes(UTF_8);

  @Test
  void referenceLibraryAcceptsOurSignature() throws Exception {
    String secret = newSecret();
    long now = Instant.now().getEpochSecond();

    String signature = WebhookSigner.sign(List.of(SigningSecret.parse(secret)), MSG_ID, now, BODY);

    assertThatCode(() -> new Webhook(secret).verify(text(BODY), headers(MSG_ID, now, signature)))
        .doesNotThrowAnyException();
  }

  @Test
  void signsExactlyAsTheReferenceLibraryDoes() throws Exception {
    String secret = newSecret();

    String ours =
        WebhookSigner.sign(List.of(SigningSecret.parse(secret)), MSG_ID, 1_768_473_000L, BODY);

    assertThat(ours).isEqualTo(new Webhook(secret).sign(MSG_ID, 1_768_473_000L, text(BODY)));
  }

  @Test
  void matchesThePublishedStandardWebhooksExample() {
    SigningSecret secret = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    String signature =
        WebhookSigner.sign(
            List.of(secret),
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            "{\"test\": 2432232314}".getBytes(UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void twoSecretsGiveTwoSpaceSeparatedV1Signatures() {
    List<SigningSecret> secrets =
        List.of(SigningSecret.parse(newSecret()), SigningSecret.parse(newSecret()));

    String signature = WebhookSigner.sign(secrets, MSG_ID, 1_768_473_000L, BODY);

    assertThat(signature).matches("v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=");
    assertThat(signature.split(" ")[0]).isNotEqualTo(signature.split(" ")[1]);
  }

  @Test
  void referenceLibraryAcceptsRotatedPairWithOldSecretAlone() {
    String oldSecret = newSecret();
    String newSecret = newSecret();
    long now = Instant.now().getEpochSecond();

    String signature =
        WebhookSigner.sign(
            List.of(SigningSecret.parse(oldSecret), SigningSecret.parse(newSecret)),
            MSG_ID,
            now,
            BODY);

    assertThatCode(() -> new Webhook(oldSecret).verify(text(BODY), headers(MSG_ID, now, signature)))
        .doesNotThrowAnyException();
  }

  @Test
  void referenceLibraryAcceptsRotatedPairWithNewSecretAlone() {
    String oldSecret = newSecret();
    String newSecret = newSecret();
    long now = Instant.now().getEpochSecond();

    String signature =
        WebhookSigner.sign(
            List.of(SigningSecret.parse(oldSecret), SigningSecret.parse(newSecret)),
            MSG_ID,
            now,
            BODY);

    assertThatCode(() -> new Webhook(newSecret).verify(text(BODY), headers(MSG_ID, now, signature)))
        .doesNotThrowAnyException();
  }

  @Test
  void referenceLibraryRejectsABodyWithOneByteChanged() {
    String secret = newSecret();
    long now = Instant.now().getEpochSecond();
    String signature = WebhookSigner.sign(List.of(SigningSecret.parse(secret)), MSG_ID, now, BODY);
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 3] ^= 0x01;

    assertThatThrownBy(
            () -> new Webhook(secret).verify(text(tampered), headers(MSG_ID, now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void referenceLibraryRejectsAnotherSecret() {
    long now = Instant.now().getEpochSecond();
    String signature =
        WebhookSigner.sign(List.of(SigningSecret.parse(newSecret())), MSG_ID, now, BODY);

    assertThatThrownBy(
            () -> new Webhook(newSecret()).verify(text(BODY), headers(MSG_ID, now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void signatureCoversTheWebhookId() {
    SigningSecret secret = SigningSecret.parse(newSecret());

    assertThat(WebhookSigner.sign(List.of(secret), "msg_a", 1_768_473_000L, BODY))
        .isNotEqualTo(WebhookSigner.sign(List.of(secret), "msg_b", 1_768_473_000L, BODY));
  }

  @Test
  void refusesToSignWithoutSecrets() {
    assertThatThrownBy(() -> WebhookSigner.sign(List.of(), MSG_ID, 1_768_473_000L, BODY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MSG_ID);
  }

  @Test
  void parseRefusesSecretWithoutPrefixWithoutEchoingIt() {
    String key = base64(32);

    assertThatThrownBy(() -> SigningSecret.parse("sk_" + key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_")
        .message()
        .doesNotContain(key);
  }

  @Test
  void parseRefusesBadBase64WithoutEchoingIt() {
    String key = "not*base64!" + base64(32);

    assertThatThrownBy(() -> SigningSecret.parse("whsec_" + key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64")
        .message()
        .doesNotContain(key);
  }

  @Test
  void parseRefusesTooShortKeyWithoutEchoingIt() {
    String key = base64(16);

    assertThatThrownBy(() -> SigningSecret.parse("whsec_" + key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 16")
        .message()
        .doesNotContain(key);
  }

  @Test
  void parseRefusesTooLongKey() {
    assertThatThrownBy(() -> SigningSecret.parse("whsec_" + base64(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 65");
  }

  @Test
  void toStringIsRedacted() {
    String key = base64(32);

    assertThat(SigningSecret.parse("whsec_" + key)).hasToString("whsec_***");
  }

  @Test
  void secretsWithTheSameKeyAreEqual() {
    String secret = newSecret();

    assertThat(SigningSecret.parse(secret)).isEqualTo(SigningSecret.parse(secret));
  }

  private static String newSecret() {
    return "whsec_" + base64(32);
  }

  private static String base64(int bytes) {
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String text(byte[] body) {
    return new String(body, UTF_8);
  }

  private static HttpHeaders headers(String id, long timestamp, String signature) {
    return HttpHeaders.of(
        Map.of(
            "webhook-id", List.of(id),
            "webhook-timestamp", List.of(Long.toString(timestamp)),
            "webhook-signature", List.of(signature)),
        (name, value) -> true);
  }
}
