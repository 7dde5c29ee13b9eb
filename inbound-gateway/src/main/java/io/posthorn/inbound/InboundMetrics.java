package io.posthorn.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.posthorn.inbound.verify.Verdict;
import io.posthorn.schema.connection.Provider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters (docs/operations/metrics.md): {@code posthorn.inbound.requests} (a timer
 * tagged {@code provider} and {@code outcome}) and {@code posthorn.inbound.unverified} (a counter
 * tagged {@code provider} and {@code reason}, at zero from the start for every pair, so the alert
 * on a spike sees the first failure).
 */
final class InboundMetrics implements InboundListener {
  private final MeterRegistry meters;

  InboundMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (Provider p : Provider.values()) {
      for (Verdict.Reason r : Verdict.Reason.values()) {
        unverified(p.wireName(), r);
      }
    }
  }

  private Counter unverified(String provider, Verdict.Reason reason) {
    return Counter.builder("posthorn.inbound.unverified")
        .description("Requests refused with 401: signature or timestamp wrong or missing")
        .tag("provider", provider)
        .tag("reason", reason.tag())
        .register(meters);
  }

  @Override
  public void requestAnswered(
      String connectionId, String provider, IngestOutcome outcome, long nanos) {
    Timer.builder("posthorn.inbound.requests")
        .description("Requests to connection URLs, by outcome, from arrival to outcome")
        .tag("provider", provider)
        .tag("outcome", outcome.tag())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (outcome instanceof IngestOutcome.Unverified u) {
      unverified(provider, u.refusal().reason()).increment();
    }
  }
}
