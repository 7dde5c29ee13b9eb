package io.posthorn.inbound.verify;

/** What a {@link Verifier} made of a request. */
public sealed interface Verdict {
  /**
   * The provider signed it.
   *
   * @param deliveryId the provider's id of this delivery, the same on every re-delivery ({@code
   *     X-GitHub-Delivery}, {@code webhook-id}, the Stripe event id…), or {@code null} when the
   *     request carries none
   */
  record Verified(String deliveryId) implements Verdict {}

  /**
   * It may not be accepted. The reason goes to the log and a meter, never into the answer.
   *
   * @param detail for the log: which header, how stale; never a secret or a signature
   */
  record Refused(Reason reason, String detail) implements Verdict {}

  /** Why a request was refused: the {@code reason} tag of the refusals meter. */
  enum Reason {
    /** A header the provider always sends is absent. */
    MISSING_HEADER("missing_header"),
    /** A header is there but not in the provider's format. */
    MALFORMED_HEADER("malformed_header"),
    /** No signature matches the body under the connection's secret. */
    BAD_SIGNATURE("bad_signature"),
    /** The signed timestamp is further from now than the connection's tolerance. */
    STALE_TIMESTAMP("stale_timestamp");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  static Refused missing(String header) {
    return new Refused(Reason.MISSING_HEADER, "no " + header + " header");
  }

  static Refused malformed(String header) {
    return new Refused(Reason.MALFORMED_HEADER, header + " is not in the provider's format");
  }

  static Refused badSignature(String header) {
    return new Refused(Reason.BAD_SIGNATURE, header + " does not match the body");
  }
}
