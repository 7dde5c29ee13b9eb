package io.posthorn.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.posthorn.schema.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay's Micrometer meters, kept by listening to it:
 *
 * <ul>
 *   <li>{@code posthorn.relay.events.published}, {@code posthorn.relay.rows.quarantined}, {@code
 *       posthorn.relay.heartbeats}: counters;
 *   <li>{@code posthorn.relay.engine.restarts}: counter, tag {@code reason} = {@code stalled},
 *       {@code failed} or {@code topic_missing};
 *   <li>{@code posthorn.relay.slot.retained.wal} (bytes): WAL the slot keeps PostgreSQL from
 *       recycling, as of the last check (every second or so);
 *   <li>{@code posthorn.relay.lag} (seconds): now minus {@code occurred_at} of the last published
 *       event; it also grows while the outbox is quiet, so alert on it only with rows waiting;
 *   <li>{@code posthorn.relay.active}: 1 while this relay owns the slot, 0 while standby or
 *       stopped;
 *   <li>{@code posthorn.relay.catalog.waiting}: 1 while a row waits for the event catalog to gain
 *       its type or version (nothing behind it is relayed meanwhile); {@code
 *       posthorn.relay.catalog.waits}: counter of those waits, tag {@code outcome} = {@code found}
 *       or {@code given_up} (quarantined, or the relay stopped);
 *   <li>{@code posthorn.relay.streaming}: 1 while this relay's engine streams from the slot, 0
 *       while it stands by, starts or restarts its engine, or is stopped. Summed over the relays of
 *       one slot it is 1 when all is well.
 * </ul>
 */
public final class RelayMetrics implements RelayListener {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter published;
  private final Counter quarantined;
  private final Counter heartbeats;
  private final AtomicLong retainedWal = new AtomicLong();
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong streaming = new AtomicLong();
  private final AtomicLong catalogWaiting = new AtomicLong();
  private final AtomicReference<Instant> lastOccurredAt = new AtomicReference<>();

  public RelayMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  /** {@code clock} is the "now" of the lag gauge. */
  public RelayMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.published =
        Counter.builder("posthorn.relay.events.published")
            .description("Outbox rows published as envelopes, acknowledged by Kafka")
            .register(registry);
    this.quarantined =
        Counter.builder("posthorn.relay.rows.quarantined")
            .description("Outbox rows that could not become envelopes, sent to the invalid topic")
            .register(registry);
    this.heartbeats =
        Counter.builder("posthorn.relay.heartbeats")
            .description("Heartbeat messages that came back through the replication slot")
            .register(registry);
    Gauge.builder("posthorn.relay.slot.retained.wal", retainedWal, AtomicLong::get)
        .baseUnit("bytes")
        .description("WAL the replication slot keeps from being recycled")
        .register(registry);
    Gauge.builder("posthorn.relay.lag", this, RelayMetrics::lagSeconds)
        .baseUnit("seconds")
        .description("Now minus occurred_at of the last published event")
        .register(registry);
    Gauge.builder("posthorn.relay.active", active, AtomicLong::get)
        .description("1 while this relay owns the replication slot")
        .register(registry);
    Gauge.builder("posthorn.relay.streaming", streaming, AtomicLong::get)
        .description("1 while this relay's engine streams from the replication slot")
        .register(registry);
    Gauge.builder("posthorn.relay.catalog.waiting", catalogWaiting, AtomicLong::get)
        .description("1 while a row waits for the event catalog to gain its type or version")
        .register(registry);
    for (String reason : EngineRestart.REASONS) {
      restarts(reason);
    }
    catalogWaits(true);
    catalogWaits(false);
  }

  private double lagSeconds() {
    Instant last = lastOccurredAt.get();
    return last == null ? 0 : Duration.between(last, clock.instant()).toMillis() / 1000.0;
  }

  @Override
  public void active() {
    active.set(1);
    streaming.set(0);
  }

  @Override
  public void streaming() {
    streaming.set(1);
  }

  @Override
  public void standby(String holder) {
    active.set(0);
    streaming.set(0);
  }

  @Override
  public void stopped(Throwable error) {
    active.set(0);
    streaming.set(0);
  }

  @Override
  public void published(Envelope envelope) {
    published.increment();
    lastOccurredAt.set(envelope.occurredAt());
  }

  @Override
  public void quarantined(String rowId, String reason) {
    quarantined.increment();
  }

  @Override
  public void heartbeat() {
    heartbeats.increment();
  }

  @Override
  public void slotChecked(SlotStatus status) {
    retainedWal.set(status.retainedWalBytes());
  }

  @Override
  public void engineRestarting(EngineRestart why) {
    streaming.set(0);
    restarts(why.reason()).increment();
  }

  @Override
  public void catalogWaitStarted(String rowId, String missing) {
    catalogWaiting.set(1);
  }

  @Override
  public void catalogWaitEnded(String rowId, boolean found) {
    catalogWaiting.set(0);
    catalogWaits(found).increment();
  }

  private Counter catalogWaits(boolean found) {
    return Counter.builder("posthorn.relay.catalog.waits")
        .tag("outcome", found ? "found" : "given_up")
        .description("Rows held for the event catalog to gain their type or version, by outcome")
        .register(registry);
  }

  private Counter restarts(String reason) {
    return Counter.builder("posthorn.relay.engine.restarts")
        .tag("reason", reason)
        .description(
            "Engine restarts by the watchdog (stalled), after an error (failed) or a missing topic (topic_missing)")
        .register(registry);
  }
}
