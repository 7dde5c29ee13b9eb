package io.posthorn.schema.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.endpoint.SecretSeal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogMaskTest {

  static Stream<Arguments> table() {
    return Stream.of(
        // bearer tokens and Authorization values, in the shapes they reach a log
        row("Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9.abc-_~+/=", "Authorization: Bearer ***"),
        row(
            "headers={authorization=Bearer s3cr3t, x-team=billing}",
            "headers={authorization=Bearer ***, x-team=billing}"),
        row(
            "{\"authorization\":\"Basic dXNlcjpwYXNz\",\"x\":1}",
            "{\"authorization\":\"***\",\"x\":1}"),
        row("Proxy-Authorization: Digest username=\"a\"", "Proxy-Authorization: ***\"a\""),
        row(
            "named:{headers:'{\"Authorization\": \"Token abc\"}'}",
            "named:{headers:'{\"Authorization\": \"***\"}'}"),
        row("BEARER abc", "BEARER ***"),
        row("the authorization header is missing", "the authorization header is missing"),
        // keys, secrets and sealed values by their prefixes
        row("key phk_Zm9vYmFyYmF6cXV4LWJhel9mb28 issued", "key phk_*** issued"),
        row("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= rotated", "secret whsec_*** rotated"),
        row(
            "{\"sealed\":\"v1.q83vEjRWeJq83vEjRWeJq83vEjRWeJq8_-3vEjRW\"}",
            "{\"sealed\":\"v1.***\"}"),
        row("posthorn v1.2.3 started", "posthorn v1.2.3 started"),
        // key = value credentials
        row(
            "jdbc:postgresql://db/app?user=posthorn&password=hunter2&ssl=true",
            "jdbc:postgresql://db/app?user=posthorn&password=***&ssl=true"),
        row("master-key: c2VjcmV0", "master-key: ***"),
        row("{\"x-api-key\":\"abc123\"}", "{\"x-api-key\":\"***\"}"),
        row("admin_key=abc", "admin_key=***"),
        row("endpoint ep_1 secret rotated", "endpoint ep_1 secret rotated"),
        // card numbers: Luhn-valid 13–19 digits, plain or in groups
        row("card 4111111111111111 paid", "card ****1111 paid"),
        row("{\"pan\":\"5555555555554444\"}", "{\"pan\":\"****4444\"}"),
        row("amex 378282246310005.", "amex ****0005."),
        row("4111 1111 1111 1111", "****1111"),
        row("4111-1111-1111-1111 exp 12/27", "****1111 exp 12/27"),
        row("3782 822463 10005", "****0005"),
        row("13 digits 4222222222222", "13 digits ****2222"),
        row("19 digits 4111111111111111110", "19 digits ****1110"),
        row("card 4111 1111 1111 1111 2027", "card ****1111 2027"),
        row("x4111111111111111y", "x****1111y"),
        // digit runs that are not cards are left alone
        row("card 4111111111111112 declined", "card 4111111111111112 declined"),
        row("at 1733590000000 ms", "at 1733590000000 ms"),
        row("id 1234567890123", "id 1234567890123"),
        row("twenty 12345678901234567890", "twenty 12345678901234567890"),
        row("long run 41111111111111110000", "long run 41111111111111110000"),
        row("offsets 12 41 11 11 11 11 11 11 11", "offsets 12 41 11 11 11 11 11 11 11"),
        row(
            "2026-12-07 16:39:29.123 offset 411111111111",
            "2026-12-07 16:39:29.123 offset 411111111111"),
        row(
            "uuid 0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091",
            "uuid 0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091"),
        row("plain text", "plain text"),
        row("", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void masks(String in, String out) {
    assertThat(LogMask.mask(in)).isEqualTo(out);
  }

  @Test
  void aSealedValueAsSecretSealWritesIt_isMasked() {
    SecretSeal seal = SecretSeal.fromBase64(SecretSeal.generateMasterKey());
    String sealed = seal.seal("ep_1", "whsec_" + "A".repeat(44));

    assertThat(LogMask.mask("document " + sealed + " written"))
        .isEqualTo("document v1.*** written");
  }

  @Test
  void nullStaysNull() {
    assertThat(LogMask.mask(null)).isNull();
  }

  @Test
  void masksEveryOccurrenceOnOneLine() {
    assertThat(LogMask.mask("a 4111111111111111 b 5555555555554444 c phk_x phk_y"))
        .isEqualTo("a ****1111 b ****4444 c phk_*** phk_***");
  }

  private static Arguments row(String in, String out) {
    return Arguments.of(in, out);
  }
}
