package io.posthorn.ops;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dev stack's subscriber: a receiver that checks every request's signature with the independent
 * Standard Webhooks library and prints one line per delivery. It is registered through the
 * registry's API, which generates its secret ({@link #useSecret}).
 */
final class DemoEndpoint implements AutoCloseable {
  static final String PATH = "/webhooks/demo";

  private final RecordingReceiver receiver = RecordingReceiver.start();
  private volatile Webhook verifier = verifier(newSecret());
  private final Set<String> verifiedIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger badSignatures = new AtomicInteger();

  DemoEndpoint(PrintWriter out, boolean printEach) {
    receiver.keepRequests(false);
    receiver.onRequest(
        request -> {
          boolean ok = verify(request);
          if (printEach) {
            out.printf(
                "%s %-16s %s  %s%n",
                ok ? "delivered" : "REJECTED ",
                request.header("posthorn-event-type"),
                request.header("webhook-id"),
                ok ? "signature verified" : "BAD SIGNATURE");
          }
        });
  }

  private boolean verify(ReceivedRequest request) {
    try {
      verifier.verify(request.bodyText(), request.headers());
      verifiedIds.add(request.header("webhook-id"));
      return true;
    } catch (WebhookVerificationException e) {
      badSignatures.incrementAndGet();
      return false;
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until {@code count} distinct events verified, a signature failed, or the timeout passed.
   */
  synchronized void awaitVerified(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long left;
    while (verified() < count
        && badSignatures() == 0
        && (left = deadline - System.nanoTime()) > 0) {
      wait(Math.max(1, left / 1_000_000));
    }
  }

  URI url() {
    return receiver.url(PATH);
  }

  /** Verifies with {@code secret} from now on: the one the registry generated for this endpoint. */
  void useSecret(String secret) {
    this.verifier = verifier(secret);
  }

  /** Distinct events whose signature verified. */
  int verified() {
    return verifiedIds.size();
  }

  int badSignatures() {
    return badSignatures.get();
  }

  private static Webhook verifier(String secret) {
    try {
      return new Webhook(secret);
    } catch (EmptyWebhookSecretException e) {
      throw new IllegalStateException("a generated secret is never empty", e);
    }
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public void close() {
    receiver.close();
  }
}
