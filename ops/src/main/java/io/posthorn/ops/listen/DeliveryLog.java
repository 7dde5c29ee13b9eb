package io.posthorn.ops.listen;

import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.signature.SignatureCheck;
import io.posthorn.schema.signature.Verdict;
import io.posthorn.schema.signature.VerificationKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code posthorn listen} does with each delivery: verifies its signature, counts the attempt
 * (per {@code webhook-id}, as this listener saw them), measures the latency from the event's {@code
 * occurredAt}, forwards it when asked, prints one line, and answers the worker: the app's status
 * when forwarding, else 200 for a genuine delivery and 400 for one that is not. Thread-safe.
 */
final class DeliveryLog {
  private final VerificationKey secret;
  private final Forwarder forwarder;
  private final PrintWriter out;
  private final Clock clock;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  /**
   * @param forwarder {@code null} to answer without forwarding
   */
  DeliveryLog(VerificationKey secret, Forwarder forwarder, PrintWriter out, Clock clock) {
    this.secret = secret;
    this.forwarder = forwarder;
    this.out = out;
    this.clock = clock;
  }

  ScriptedReply handle(ReceivedRequest request) {
    String id = String.valueOf(request.header("webhook-id"));
    int attempt = attempts.merge(id, 1, Integer::sum);
    Verdict verdict = verdict(request);
    String line =
        String.format(
            "%s  %-24s %s  attempt %d  %s  %s",
            request.receivedAt(),
            request.header("posthorn-event-type"),
            id,
            attempt,
            latency(request),
            verdict.genuine() ? "signature ok" : "NOT GENUINE: " + verdict.explain());
    int status;
    if (forwarder == null) {
      status = verdict.genuine() ? 200 : 400;
    } else {
      Forwarder.Result result = forwarder.forward(request);
      status =
          switch (result) {
            case Forwarder.Result.Answered a -> a.status();
            case Forwarder.Result.Failed f -> 502;
          };
      line +=
          "  -> "
              + forwarder.target()
              + " "
              + switch (result) {
                case Forwarder.Result.Answered a -> a.status();
                case Forwarder.Result.Failed f -> "failed (" + f.why() + "), answered 502";
              };
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
    return ScriptedReply.status(status);
  }

  private Verdict verdict(ReceivedRequest request) {
    String timestamp = request.header("webhook-timestamp");
    String signature = request.header("webhook-signature");
    if (request.header("webhook-id") == null || timestamp == null || signature == null) {
      return new Verdict.NoSignature(signature == null ? "(no webhook headers)" : signature);
    }
    try {
      return SignatureCheck.check(
          secret,
          request.header("webhook-id"),
          Long.parseLong(timestamp),
          signature,
          request.body(),
          clock.instant(),
          SignatureCheck.DEFAULT_TOLERANCE);
    } catch (NumberFormatException e) {
      return new Verdict.NoSignature("webhook-timestamp '" + timestamp + "' is not unix seconds");
    }
  }

  /** From the event's {@code occurredAt} to its arrival here: the whole pipeline's latency. */
  private static String latency(ReceivedRequest request) {
    try {
      Duration d =
          Duration.between(
              EnvelopeCodec.decode(request.body(), null, null).occurredAt(), request.receivedAt());
      return d.toMillis() < 10_000
          ? "latency " + d.toMillis() + " ms"
          : "latency " + d.toSeconds() + " s";
    } catch (InvalidEventException e) {
      return "latency ? (body is not an envelope)";
    }
  }
}
