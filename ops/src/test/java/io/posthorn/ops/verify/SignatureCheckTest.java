package io.posthorn.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.standardwebhooks.Webhook;
import io.posthorn.schema.signature.SignatureCheck;
import io.posthorn.schema.signature.Verdict;
import io.posthorn.schema.signature.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signatures made by the independent Standard Webhooks library, judged by {@link SignatureCheck}.
 */
class SignatureCheckTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";
  static final String ID = "0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f";
  static final String BODY =
      "{\"id\":\""
          + ID
          + "\",\"eventType\":\"order.completed\",\"aggregateType\":\"Order\","
          + "\"aggregateId\":\"ord_42\",\"payload\":{\"lines\": [{\"qty\": 2, \"sku\": \"A-1\"}], \"orderId\": \"ord_42\","
          + " \"currency\": \"EUR\", \"discount\": 0.5, \"totalCents\": 4200},\"occurredAt\":\"2026-01-15T10:30:00.123456Z\","
          + "\"metadata\":{\"source\": \"checkout\"}}";
  // Payload and metadata as PostgreSQL renders jsonb: keys by length, then bytes; ", " and ": ".
  static final long TIMESTAMP = 1_768_473_000L;
  static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP + 30);

  @Test
  void aRequestSignedWithTheSecretIsGenuine() throws Exception {
    Verdict v = check(SECRET, sign(SECRET, BODY), BODY, NOW);

    assertThat(v).isEqualTo(new Verdict.Genuine(1));
    assertThat(v.genuine()).isTrue();
  }

  @Test
  void eitherSignatureOfARotationOverlapVerifies() throws Exception {
    Verdict v = check(SECRET, sign(OTHER_SECRET, BODY) + " " + sign(SECRET, BODY), BODY, NOW);

    assertThat(v).isEqualTo(new Verdict.Genuine(2));
  }

  @Test
  void anotherSecretIsNamedAsTheWrongSecret() throws Exception {
    Verdict v = check(OTHER_SECRET, sign(SECRET, BODY), BODY, NOW);

    assertThat(v).isInstanceOf(Verdict.WrongSecret.class);
    assertThat(v.explain())
        .startsWith("wrong secret: none of the 1 v1 signature(s) was made with this secret");
  }

  @Test
  void prettyPrintedJsonIsNamedAsABodyChange() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(BODY));

    Verdict v = check(SECRET, sign(SECRET, BODY), pretty, NOW);

    assertThat(v).isInstanceOf(Verdict.BodyChanged.class);
    assertThat(v.explain()).startsWith("body changed: the JSON was parsed and serialized again");
  }

  @Test
  void keysSortedAlphabeticallyByAFrameworkAreABodyChangeToo() throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    String sorted = json.writeValueAsString(json.readValue(BODY, Map.class));

    Verdict v = check(SECRET, sign(SECRET, BODY), sorted, NOW);

    assertThat(v).isInstanceOf(Verdict.BodyChanged.class);
  }

  @Test
  void aTrailingNewlineIsNamed() throws Exception {
    Verdict v = check(SECRET, sign(SECRET, BODY), BODY + "\n", NOW);

    assertThat(v).isEqualTo(new Verdict.BodyChanged("trailing whitespace or a newline was added"));
  }

  @Test
  void editedContentCannotBeToldFromAWrongSecret() throws Exception {
    Verdict v = check(SECRET, sign(SECRET, BODY), BODY.replace("4200", "1"), NOW);

    assertThat(v).isInstanceOf(Verdict.WrongSecret.class);
    assertThat(v.explain()).contains("if the secret is right, the body's content was edited");
  }

  @Test
  void anotherEventsBodyIsNamed() throws Exception {
    String other = BODY.replace(ID, "11111111-2222-3333-4444-555555555555");

    Verdict v = check(SECRET, sign(SECRET, BODY), other, NOW);

    assertThat(v.explain())
        .isEqualTo(
            "body changed: it is the body of event 11111111-2222-3333-4444-555555555555,"
                + " but webhook-id is "
                + ID);
  }

  @Test
  void aGenuineButOldRequestIsTimestampSkew() throws Exception {
    Verdict v = check(SECRET, sign(SECRET, BODY), BODY, NOW.plus(Duration.ofMinutes(7)));

    assertThat(v).isInstanceOf(Verdict.TimestampSkew.class);
    assertThat(v.explain())
        .startsWith(
            "timestamp skew: the signature matches, but the request was signed 7 min 30 s"
                + " ago, beyond the 5 min 0 s tolerance");
  }

  @Test
  void aTimestampFromTheFutureIsSkewToo() throws Exception {
    Verdict v = check(SECRET, sign(SECRET, BODY), BODY, NOW.minus(Duration.ofMinutes(10)));

    assertThat(v.explain()).contains("signed 9 min 30 s in the future");
  }

  @Test
  void aHeaderWithoutV1SignaturesIsNotSigned() {
    Verdict v =
        SignatureCheck.check(
            VerificationKey.parse(SECRET),
            ID,
            TIMESTAMP,
            "v2,abc",
            utf8(BODY),
            NOW,
            SignatureCheck.DEFAULT_TOLERANCE);

    assertThat(v).isInstanceOf(Verdict.NoSignature.class);
  }

  private static Verdict check(String secret, String header, String body, Instant now) {
    return SignatureCheck.check(
        VerificationKey.parse(secret),
        ID,
        TIMESTAMP,
        header,
        utf8(body),
        now,
        SignatureCheck.DEFAULT_TOLERANCE);
  }

  static String sign(String secret, String body) throws Exception {
    return new Webhook(secret).sign(ID, TIMESTAMP, body);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
