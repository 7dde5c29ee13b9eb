package io.posthorn.registry.portal;

import io.posthorn.registry.portal.page.Chrome;
import io.posthorn.registry.portal.page.VerifyPage;
import io.posthorn.schema.signature.SignatureCheck;
import io.posthorn.schema.signature.Verdict;
import io.posthorn.schema.signature.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * How to verify signatures, with a "paste a request" box judged by event-schema's {@link
 * SignatureCheck}, the check {@code posthorn verify} runs, which names the reason a request fails.
 * The secret pasted is used for this one check and never shown back or logged.
 */
final class VerifyPages {
  private final Templates templates;
  private final Clock clock;

  VerifyPages(Templates templates, Clock clock) {
    this.templates = templates;
    this.clock = clock;
  }

  Outcome page(Chrome chrome) {
    return Outcome.ok(
        templates.render("verify", chrome.withTitle("Verify signatures"), VerifyPage.empty()));
  }

  Outcome check(PortalRequest r, Chrome chrome) {
    Form f = r.form();
    String id = f.raw("webhookId").strip();
    String timestamp = f.raw("timestamp").strip();
    String signature = f.raw("signature").strip();
    String body = f.raw("body").replace("\r\n", "\n");
    String verdict;
    boolean genuine = false;
    try {
      Verdict v =
          SignatureCheck.check(
              VerificationKey.parse(f.raw("secret").strip()),
              id,
              Long.parseLong(timestamp),
              signature,
              body.getBytes(StandardCharsets.UTF_8),
              clock.instant(),
              SignatureCheck.DEFAULT_TOLERANCE);
      verdict = v.explain();
      genuine = v.genuine();
    } catch (NumberFormatException e) {
      verdict = "webhook-timestamp must be unix seconds, such as 1768473000";
    } catch (IllegalArgumentException e) {
      verdict = "secret: " + e.getMessage();
    }
    return Outcome.ok(
        templates.render(
            "verify",
            chrome.withTitle("Verify signatures"),
            new VerifyPage(id, timestamp, signature, body, verdict, genuine)));
  }
}
