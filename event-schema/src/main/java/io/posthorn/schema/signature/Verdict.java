package io.posthorn.schema.signature;

import java.time.Duration;

/** What {@link SignatureCheck} concluded about one captured request. */
public sealed interface Verdict {
  /** One line for a person: what is wrong and what to do. */
  String explain();

  /** Whether the request is genuine and fresh. */
  default boolean genuine() {
    return this instanceof Genuine;
  }

  /** A signature matches and the timestamp is within the tolerance. */
  record Genuine(int matchedSignature) implements Verdict {
    @Override
    public String explain() {
      return "genuine: signature "
          + matchedSignature
          + " of the header matches this secret and body";
    }
  }

  /**
   * The signature matches, but the timestamp is too far from now: a replayed capture or a skewed
   * clock.
   */
  record TimestampSkew(Duration age, Duration tolerance) implements Verdict {
    @Override
    public String explain() {
      String when =
          age.isNegative() ? describe(age.negated()) + " in the future" : describe(age) + " ago";
      return "timestamp skew: the signature matches, but the request was signed "
          + when
          + ", beyond the "
          + describe(tolerance)
          + " tolerance: a replayed (old) capture, or the receiver's clock is off";
    }
  }

  /**
   * No signature matches the body as given, but one matches the body after undoing a change (a
   * trailing newline, line endings, JSON re-serialization): the body was altered on its way to the
   * verifier.
   */
  record BodyChanged(String how) implements Verdict {
    @Override
    public String explain() {
      return "body changed: "
          + how
          + "; the signature matches the original bytes with this secret. Verify the"
          + " raw request body, byte for byte, before any parsing";
    }
  }

  /** The body names another event than the {@code webhook-id} header. */
  record OtherEvent(String bodyId, String webhookId) implements Verdict {
    @Override
    public String explain() {
      return "body changed: it is the body of event " + bodyId + ", but webhook-id is " + webhookId;
    }
  }

  /**
   * No signature matches this secret, whatever the body's whitespace: the secret is wrong (another
   * endpoint's, or one rotated out), or the body's content was edited.
   */
  record WrongSecret(int signatures, String timestampNote) implements Verdict {
    @Override
    public String explain() {
      return "wrong secret: none of the "
          + signatures
          + " v1 signature(s) was made with this secret over this"
          + " body. Check the endpoint's current secret (while a rotation overlaps, either may sign); if the"
          + " secret is right, the body's content was edited"
          + timestampNote;
    }
  }

  /** The signature header holds no {@code v1,<base64>} entry at all. */
  record NoSignature(String header) implements Verdict {
    @Override
    public String explain() {
      return "not signed: the webhook-signature header has no v1,<base64> entry (got \""
          + header
          + "\")";
    }
  }

  static String describe(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? s / 3600 + " h " + s % 3600 / 60 + " min"
        : s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
  }
}
