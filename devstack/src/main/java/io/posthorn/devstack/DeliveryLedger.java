package io.posthorn.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What a fault test sent and what the subscribers got, pair by pair: every (event id, endpoint)
 * pair written is recorded with {@link #sent}, every request a {@link RecordingReceiver} answers
 * with a 2xx through {@link #recording(Responder)} is recorded as delivered, by its {@code
 * webhook-id} header and its path (the endpoint). {@link #report()} sums it up: a pair sent and
 * never delivered is lost; a pair delivered more than once counts its extra requests as duplicates;
 * a delivery whose webhook-id was never sent is unpublished (it must not happen).
 *
 * <p>A request answered with anything else (an endpoint failure the test scripted) is counted as
 * refused, not delivered: the worker must send it again. Thread-safe; deliveries may arrive before
 * the test records their pair as sent.
 */
public final class DeliveryLedger {
  /** One event for one endpoint (the receiver's path, such as {@code /ep1}). */
  public record Pair(String eventId, String endpoint) {}

  /** A pair's first successful delivery. */
  public record Delivery(Pair pair, Instant sentAt, Instant deliveredAt) {
    public Duration latency() {
      return Duration.between(sentAt, deliveredAt);
    }
  }

  /** The totals; {@code lost} and {@code unpublished} must be 0. */
  public record Report(
      long sent, long delivered, long lost, long duplicates, long unpublished, long refused) {
    @Override
    public String toString() {
      return String.format(
          "sent %d, delivered %d, lost %d, duplicates %d, unpublished %d, refused attempts %d",
          sent, delivered, lost, duplicates, unpublished, refused);
    }
  }

  private final Map<Pair, Instant> sent = new ConcurrentHashMap<>();
  private final Map<Pair, Instant> firstDelivery = new ConcurrentHashMap<>();
  private final AtomicLong requestsDelivered = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /** Records an event sent to each of these endpoints at {@code at} (its commit). */
  public void sent(String eventId, Collection<String> endpoints, Instant at) {
    for (String endpoint : endpoints) {
      sent.putIfAbsent(new Pair(eventId, endpoint), at);
    }
  }

  /**
   * A responder that answers as {@code responder} does and records each 2xx answer as a delivery;
   * install it with {@link RecordingReceiver#respond}.
   */
  public Responder recording(Responder responder) {
    return request -> {
      ScriptedReply reply = responder.reply(request);
      if (reply instanceof ScriptedReply.Respond r && r.status() / 100 == 2) {
        delivered(request);
      } else {
        refused.incrementAndGet();
      }
      return reply;
    };
  }

  /** Records a request the subscriber accepted. */
  public void delivered(ReceivedRequest request) {
    requestsDelivered.incrementAndGet();
    firstDelivery.putIfAbsent(
        new Pair(request.header("webhook-id"), request.path()), request.receivedAt());
  }

  /** The pairs sent and not delivered (yet). */
  public Set<Pair> lost() {
    return sent.keySet().stream()
        .filter(p -> !firstDelivery.containsKey(p))
        .collect(Collectors.toSet());
  }

  /** Whether every pair sent so far has been delivered. */
  public boolean complete() {
    return firstDelivery.keySet().containsAll(sent.keySet());
  }

  /** Each delivered pair that was sent, with its sent and first-delivery times. */
  public List<Delivery> deliveries() {
    List<Delivery> out = new ArrayList<>();
    firstDelivery.forEach(
        (pair, at) -> {
          Instant sentAt = sent.get(pair);
          if (sentAt != null) {
            out.add(new Delivery(pair, sentAt, at));
          }
        });
    return out;
  }

  public Report report() {
    long distinct = firstDelivery.size();
    long unpublished = firstDelivery.keySet().stream().filter(p -> !sent.containsKey(p)).count();
    return new Report(
        sent.size(),
        distinct - unpublished,
        lost().size(),
        requestsDelivered.get() - distinct,
        unpublished,
        refused.get());
  }
}
