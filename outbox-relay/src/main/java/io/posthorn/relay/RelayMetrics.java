package io.posthorn.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.posthorn.schema.Envelope;

/**
 * Counts what the relay publishes and quarantines, as Micrometer meters:
 * {@code posthorn.relay.events.published} and {@code posthorn.relay.rows.quarantined}.
 */
public final class RelayMetrics implements RelayListener {
  private final Counter published;
  private final Counter quarantined;

  public RelayMetrics(MeterRegistry registry) {
    this.published = Counter.builder("posthorn.relay.events.published")
        .description("Outbox rows published as envelopes, acknowledged by Kafka").register(registry);
    this.quarantined = Counter.builder("posthorn.relay.rows.quarantined")
        .description("Outbox rows that could not become envelopes, sent to the invalid topic").register(registry);
  }

  @Override
  public void published(Envelope envelope) {
    published.increment();
  }

  @Override
  public void quarantined(String rowId, String reason) {
    quarantined.increment();
  }
}
