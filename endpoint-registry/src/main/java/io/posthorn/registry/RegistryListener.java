package io.posthorn.registry;

import java.time.Duration;

/**
 * Observes the registry. Its meters implement it ({@code RegistryMetrics}); tests may too. Every
 * method has a no-op default. Called on the registry's own threads (request threads, the attempt
 * consumer, housekeeping, the recover job), so implementations must be fast, thread-safe, and must
 * not throw.
 */
public interface RegistryListener {
  RegistryListener NONE = new RegistryListener() {};

  /** Calls each listener in turn (the registry's meters and ops' tracing, for instance). */
  static RegistryListener all(RegistryListener... listeners) {
    return new CompositeRegistryListener(listeners);
  }

  /**
   * The API answered a request: {@code route} is the matched route's pattern ({@code
   * /v1/endpoints/{endpointId}}), {@code unmatched} when no route has the path; {@code took} runs
   * from the request's arrival to the last byte of the answer.
   */
  default void requestAnswered(String method, String route, int status, Duration took) {}

  /** A batch of {@code records} attempt records was stored in the attempt log. */
  default void attemptsStored(int records) {}

  /** A housekeeping chore ran: {@code failed} when it threw (it runs again next time). */
  default void choreRan(String chore, Duration took, boolean failed) {}

  /**
   * An endpoint was disabled by the registry itself; {@code reason} is {@code gone} (410), {@code
   * asked} ({@code webhook-delivery: disable}) or {@code failing} (no success for {@code
   * registry.auto-disable.after}).
   */
  default void endpointAutoDisabled(String endpointId, String reason) {}

  /** Housekeeping counted the endpoints: {@code enabled} and {@code disabled} ones. */
  default void endpointsCounted(long enabled, long disabled) {}

  /**
   * An endpoint's verification handshake ended (decision 0046): {@code verified} (it answered, and
   * is enabled) or {@code expired} (its window ended without the answer).
   */
  default void endpointVerification(String endpointId, String outcome) {}

  /** The periodic URL check wrote {@code pinged} pings to idle endpoints. */
  default void urlChecked(int pinged) {}

  /** A recover job changed state: {@code started}, {@code done} or {@code failed}. */
  default void recovery(String state) {}
}
