package io.posthorn.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The registry's Micrometer meters, kept by listening to it (docs/operations/metrics.md lists them
 * with their Prometheus names):
 *
 * <ul>
 *   <li>{@code posthorn.registry.http.requests}: timer, tags {@code method}, {@code route} (the
 *       route's pattern, never the raw path) and {@code status}; buckets from 5 ms to 10 s;
 *   <li>{@code posthorn.registry.attempts.stored}: counter, attempt records stored in the log;
 *   <li>{@code posthorn.registry.attempts.lag}: gauge, records on the attempts topic not yet read;
 *   <li>{@code posthorn.registry.housekeeping.runs}: counter, tags {@code chore}, {@code outcome};
 *   <li>{@code posthorn.registry.endpoints.auto_disabled}: counter, tag {@code reason};
 *   <li>{@code posthorn.registry.recoveries}: counter, tag {@code state};
 *   <li>{@code posthorn.registry.endpoints.verifications}: counter, tag {@code outcome} ({@code
 *       verified}, {@code expired}): verification handshakes ended (decision 0046);
 *   <li>{@code posthorn.registry.url_checks.pings}: counter, pings the periodic URL check wrote;
 *   <li>{@code posthorn.registry.endpoints}: gauge, tag {@code state} ({@code enabled}, {@code
 *       disabled}), as counted by the last housekeeping run.
 * </ul>
 *
 * Counters with a known set of tag values exist from the start, at zero, so that {@code rate()} and
 * {@code increase()} see their first increment.
 */
final class RegistryMetrics implements RegistryListener {
  static final List<String> DISABLE_REASONS = List.of("gone", "asked", "failing");
  static final List<String> RECOVERY_STATES = List.of("started", "done", "failed");
  static final List<String> VERIFICATION_OUTCOMES = List.of("verified", "expired");

  /** Enough resolution for a p99 of a JSON API on one database; ten buckets per route/status. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Counter stored;
  private final Counter checkPings;
  private final AtomicLong enabled = new AtomicLong();
  private final AtomicLong disabled = new AtomicLong();

  /**
   * @param attemptLag records on the attempts topic not yet read by this registry
   * @param chores the housekeeping chores' names, as given to {@link #choreRan}
   */
  RegistryMetrics(MeterRegistry registry, LongSupplier attemptLag, List<String> chores) {
    this.registry = registry;
    this.stored =
        Counter.builder("posthorn.registry.attempts.stored")
            .description("attempt records stored in the attempt log")
            .register(registry);
    Gauge.builder("posthorn.registry.attempts.lag", attemptLag::getAsLong)
        .description("records on the attempts topic this registry has not read yet")
        .register(registry);
    Gauge.builder("posthorn.registry.endpoints", enabled, AtomicLong::get)
        .tag("state", "enabled")
        .description("endpoints by state, as of the last housekeeping run")
        .register(registry);
    Gauge.builder("posthorn.registry.endpoints", disabled, AtomicLong::get)
        .tag("state", "disabled")
        .description("endpoints by state, as of the last housekeeping run")
        .register(registry);
    for (String chore : chores) {
      choreCounter(chore, "ok");
      choreCounter(chore, "failed");
    }
    DISABLE_REASONS.forEach(this::disableCounter);
    RECOVERY_STATES.forEach(this::recoveryCounter);
    VERIFICATION_OUTCOMES.forEach(this::verificationCounter);
    this.checkPings =
        Counter.builder("posthorn.registry.url_checks.pings")
            .description("pings the periodic URL check wrote to idle endpoints")
            .register(registry);
  }

  @Override
  public void endpointVerification(String endpointId, String outcome) {
    verificationCounter(outcome).increment();
  }

  @Override
  public void urlChecked(int pinged) {
    checkPings.increment(pinged);
  }

  private Counter verificationCounter(String outcome) {
    return Counter.builder("posthorn.registry.endpoints.verifications")
        .description("endpoint verification handshakes ended, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void requestAnswered(String method, String route, int status, Duration took) {
    Timer.builder("posthorn.registry.http.requests")
        .description("admin API requests by route pattern and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(took);
  }

  @Override
  public void attemptsStored(int records) {
    stored.increment(records);
  }

  @Override
  public void choreRan(String chore, Duration took, boolean failed) {
    choreCounter(chore, failed ? "failed" : "ok").increment();
  }

  @Override
  public void endpointAutoDisabled(String endpointId, String reason) {
    disableCounter(reason).increment();
  }

  @Override
  public void recovery(String state) {
    recoveryCounter(state).increment();
  }

  @Override
  public void endpointsCounted(long enabledCount, long disabledCount) {
    enabled.set(enabledCount);
    disabled.set(disabledCount);
  }

  private Counter choreCounter(String chore, String outcome) {
    return Counter.builder("posthorn.registry.housekeeping.runs")
        .description("housekeeping chores run, by chore and outcome")
        .tag("chore", chore)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter disableCounter(String reason) {
    return Counter.builder("posthorn.registry.endpoints.auto_disabled")
        .description("endpoints the registry disabled by itself, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  private Counter recoveryCounter(String state) {
    return Counter.builder("posthorn.registry.recoveries")
        .description("recover jobs started, done and failed")
        .tag("state", state)
        .register(registry);
  }
}
