package io.posthorn.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.ops.PosthornCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code posthorn verify} through the command line: exit codes and what it prints. */
class VerifyCommandTest {
  @TempDir Path dir;

  @Test
  void aGenuineRequestExitsZero() throws Exception {
    long now = Instant.now().getEpochSecond();
    PosthornCli.Result r =
        verify(SignatureCheckTest.SECRET, now, SignatureCheckTest.BODY, SignatureCheckTest.BODY);

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("genuine: signature 1 of the header matches");
  }

  @Test
  void eachForgeryExitsOneNamingItsReason() throws Exception {
    long now = Instant.now().getEpochSecond();
    String pretty = SignatureCheckTest.BODY.replace(",", ",\n  ");

    assertThat(
            verify(
                SignatureCheckTest.OTHER_SECRET,
                now,
                SignatureCheckTest.BODY,
                SignatureCheckTest.BODY))
        .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
        .satisfies(r -> assertThat(r.out()).startsWith("wrong secret:"));
    assertThat(verify(SignatureCheckTest.SECRET, now, SignatureCheckTest.BODY, pretty))
        .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
        .satisfies(
            r ->
                assertThat(r.out())
                    .startsWith("body changed: the JSON was parsed and serialized again"));
    assertThat(
            verify(
                SignatureCheckTest.SECRET,
                now - 3600,
                SignatureCheckTest.BODY,
                SignatureCheckTest.BODY))
        .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
        .satisfies(
            r ->
                assertThat(r.out())
                    .startsWith(
                        "timestamp skew: the signature matches, but the request was"
                            + " signed 1 h 0 min ago"));
  }

  @Test
  void aMalformedSecretIsBadUsageWithoutEchoingIt() throws Exception {
    Path body = Files.writeString(dir.resolve("body.json"), "{}");

    PosthornCli.Result r =
        PosthornCli.run(
            "verify",
            "--secret",
            "whsec_not base64!",
            "--id",
            "x",
            "--timestamp",
            "1",
            "--signature",
            "v1,abc",
            "--body-file",
            body.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("--secret: a signing secret must be whsec_ followed by base64")
        .doesNotContain("not base64!")
        .doesNotContain("Exception");
  }

  @Test
  void aMissingBodyFileAndABadTimestampAreNamed() {
    PosthornCli.Result missing =
        PosthornCli.run(
            "verify",
            "--secret",
            SignatureCheckTest.SECRET,
            "--id",
            "x",
            "--timestamp",
            "1",
            "--signature",
            "v1,abc",
            "--body-file",
            dir.resolve("nope.json").toString());
    PosthornCli.Result badTime =
        PosthornCli.run(
            "verify",
            "--secret",
            SignatureCheckTest.SECRET,
            "--id",
            "x",
            "--timestamp",
            "yesterday",
            "--signature",
            "v1,abc",
            "--body-file",
            "-");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json does not exist");
    assertThat(badTime.exit()).isEqualTo(2);
    assertThat(badTime.err())
        .contains(
            "--timestamp must be unix seconds (the webhook-timestamp header), got 'yesterday'");
  }

  private PosthornCli.Result verify(
      String secret, long timestamp, String signedBody, String receivedBody) throws Exception {
    Path body = Files.writeString(dir.resolve("body.json"), receivedBody);
    String signature =
        new com.standardwebhooks.Webhook(SignatureCheckTest.SECRET)
            .sign(SignatureCheckTest.ID, timestamp, signedBody);
    return PosthornCli.run(
        "verify",
        "--secret",
        secret,
        "--id",
        SignatureCheckTest.ID,
        "--timestamp",
        Long.toString(timestamp),
        "--signature",
        signature,
        "--body-file",
        body.toString());
  }
}
