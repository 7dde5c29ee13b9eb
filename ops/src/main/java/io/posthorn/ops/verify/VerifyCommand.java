package io.posthorn.ops.verify;

import io.posthorn.ops.DurationConverter;
import io.posthorn.schema.signature.SignatureCheck;
import io.posthorn.schema.signature.Verdict;
import io.posthorn.schema.signature.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code posthorn verify}: is a captured request genuine, and if not, why. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Checks a captured webhook request the way a Standard Webhooks receiver must: the signature"
            + " over id, timestamp and the exact body bytes, and the timestamp's age. When it fails it names the"
            + " reason: a wrong secret, a body changed on the way (re-serialized JSON, a trailing newline, CRLF"
            + " line endings, another event's body), or timestamp skew.",
    footer = {
      "%nThe secret may come from $POSTHORN_WEBHOOK_SECRET instead of --secret (keeps it out of shell history).",
      "%nExamples:",
      "  export POSTHORN_WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "  posthorn verify --id 0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f \\",
      "      --timestamp 1768473000 --body-file body.json \\",
      "      --signature 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='",
      "  pbpaste | posthorn verify --body-file - --id … --timestamp … \\",
      "      --signature …",
      "%nExit codes:",
      "  0  genuine: a signature matches and the timestamp is within the tolerance",
      "  1  not genuine: the line printed says why",
      "  2  bad usage (a malformed secret or timestamp, a missing file)"
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--secret",
      paramLabel = "whsec_…",
      defaultValue = "${env:POSTHORN_WEBHOOK_SECRET}",
      description = "The endpoint's signing secret (default: $POSTHORN_WEBHOOK_SECRET).")
  String secret;

  @Option(
      names = "--id",
      required = true,
      paramLabel = "ID",
      description = "The webhook-id header.")
  String id;

  @Option(
      names = "--timestamp",
      required = true,
      paramLabel = "SECONDS",
      description = "The webhook-timestamp header (unix seconds).")
  String timestamp;

  @Option(
      names = "--signature",
      required = true,
      paramLabel = "HEADER",
      description = "The webhook-signature header: one or more space-separated v1,<base64>.")
  String signature;

  @Option(
      names = "--body-file",
      required = true,
      paramLabel = "FILE",
      description = "The exact request body as received; - reads standard input.")
  String bodyFile;

  @Option(
      names = "--tolerance",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "How far the timestamp may be from now (default: ${DEFAULT-VALUE}, as the Standard Webhooks"
              + " libraries).")
  Duration tolerance;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    Verdict verdict =
        SignatureCheck.check(
            secret(), id, timestamp(), signature, body(), clock.instant(), tolerance);
    PrintWriter out = spec.commandLine().getOut();
    out.println(verdict.explain());
    out.flush();
    return verdict.genuine() ? 0 : 1;
  }

  private VerificationKey secret() {
    if (secret == null || secret.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--secret is required (or set POSTHORN_WEBHOOK_SECRET)");
    }
    try {
      return VerificationKey.parse(secret.strip());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--secret: " + e.getMessage());
    }
  }

  private long timestamp() {
    try {
      return Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--timestamp must be unix seconds (the webhook-timestamp header), got '"
              + timestamp
              + "'");
    }
  }

  private byte[] body() {
    try {
      return "-".equals(bodyFile)
          ? System.in.readAllBytes()
          : Files.readAllBytes(Path.of(bodyFile));
    } catch (NoSuchFileException e) {
      throw new ParameterException(
          spec.commandLine(), "--body-file " + bodyFile + " does not exist");
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--body-file " + bodyFile + ": " + e.getMessage());
    }
  }
}
