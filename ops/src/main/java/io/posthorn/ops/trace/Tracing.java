package io.posthorn.ops.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.registry.RegistryListener;
import io.posthorn.relay.RelayListener;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Traces of a Posthorn process (decision 0034): on when an OTLP endpoint is configured with the
 * standard variables, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full URL) or {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} (the base; {@code /v1/traces} is added), unless {@code
 * OTEL_TRACES_EXPORTER=none}; spans go there as OTLP/HTTP protobuf, in batches. {@code
 * OTEL_SERVICE_NAME} overrides the service name ({@code posthorn-relay}, …). Off otherwise: {@link
 * #OFF}'s listeners are the no-op ones, so a process without traces does no tracing work at all.
 *
 * <p>The spans come from listeners ({@link #relayListener()}, {@link #deliveryListener()}, {@link
 * #registryListener()}), not from code in the relay, the worker or the registry.
 */
public final class Tracing implements AutoCloseable {
  public static final Tracing OFF = new Tracing(null, Clock.systemUTC());

  private final SdkTracerProvider provider;
  private final Clock clock;

  private Tracing(SdkTracerProvider provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
  }

  /** Tracing as the environment asks, for the service {@code service} ({@code posthorn-worker}). */
  public static Tracing fromEnvironment(Map<String, String> env, String service) {
    Optional<String> url = endpoint(env);
    if (url.isEmpty()) {
      return OFF;
    }
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(url.get()).build();
    return with(
        BatchSpanProcessor.builder(exporter).build(),
        env.getOrDefault("OTEL_SERVICE_NAME", service),
        Clock.systemUTC());
  }

  /** Tracing whose spans go to {@code processor}: tests pass an in-memory exporter's. */
  static Tracing with(SpanProcessor processor, String service, Clock clock) {
    Resource resource =
        Resource.getDefault()
            .merge(Resource.builder().put(AttributeKey.stringKey("service.name"), service).build());
    return new Tracing(
        SdkTracerProvider.builder().setResource(resource).addSpanProcessor(processor).build(),
        clock);
  }

  /** The OTLP/HTTP traces URL the environment names, if any. */
  static Optional<String> endpoint(Map<String, String> env) {
    if ("none".equalsIgnoreCase(env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp").strip())) {
      return Optional.empty();
    }
    String traces = env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip();
    if (!traces.isEmpty()) {
      return Optional.of(traces);
    }
    String base = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip();
    if (base.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces");
  }

  public boolean enabled() {
    return provider != null;
  }

  /** Spans for the relay's publishes; the no-op listener when off. */
  public RelayListener relayListener() {
    return enabled() ? new RelaySpans(tracer(), clock) : RelayListener.NONE;
  }

  /** Spans for the worker's attempts; the no-op listener when off. */
  public DeliveryListener deliveryListener() {
    return enabled() ? new AttemptSpans(tracer()) : DeliveryListener.NONE;
  }

  /** Spans for the registry's API requests; the no-op listener when off. */
  public RegistryListener registryListener() {
    return enabled() ? new ApiSpans(tracer(), clock) : RegistryListener.NONE;
  }

  private Tracer tracer() {
    return provider.get("io.posthorn");
  }

  /** Sends the spans still buffered and stops. */
  @Override
  public void close() {
    if (provider != null) {
      provider.close();
    }
  }
}
