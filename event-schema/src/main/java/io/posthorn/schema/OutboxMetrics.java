package io.posthorn.schema;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.posthorn.schema.catalog.CatalogType;

/**
 * The writer's meters: {@value #DEPRECATED} (counter, tag {@code event_type}), one per event of a
 * deprecated type emitted. Micrometer is an optional dependency of this library: a service that
 * uses this class needs {@code io.micrometer:micrometer-core} itself.
 */
public final class OutboxMetrics implements OutboxListener {
  public static final String DEPRECATED = "posthorn.outbox.deprecated.emitted";

  private final MeterRegistry registry;

  public OutboxMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void deprecatedTypeEmitted(Envelope event, CatalogType type) {
    Counter.builder(DEPRECATED)
        .description("Events of a type the catalog marks deprecated, emitted by this writer")
        .tag("event_type", type.type().name())
        .register(registry)
        .increment();
  }
}
