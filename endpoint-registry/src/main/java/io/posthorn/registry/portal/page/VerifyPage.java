package io.posthorn.registry.portal.page;

/**
 * How to verify signatures, and the "paste a request" box: what was pasted (never the secret, which
 * is not echoed back) and the verdict, if checked.
 */
public record VerifyPage(
    String webhookId,
    String timestamp,
    String signature,
    String body,
    String verdict,
    boolean genuine) {
  public static VerifyPage empty() {
    return new VerifyPage("", "", "", "", null, false);
  }
}
