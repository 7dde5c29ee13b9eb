package io.posthorn.ops.listen;

import java.net.URI;
import java.util.List;

/**
 * Where {@code posthorn listen} registers its temporary endpoint, and removes it again. The dev
 * stack's implementation writes the endpoint document straight to the endpoints topic ({@link
 * TopicRegistrar}); a registry-backed one (issue 7) will call the registry's API instead. Calls
 * return once the change is durable; implementations need not be thread-safe.
 */
interface EndpointRegistrar extends AutoCloseable {
  /** What to register: where to deliver, which event types ({@code *}, {@code order.*}), whose. */
  record TemporaryEndpoint(String endpointId, URI url, List<String> eventTypes, String tenantId) {}

  /** The endpoint as registered, with the signing secret its deliveries carry ({@code whsec_…}). */
  record Registered(String endpointId, String secret) {}

  Registered register(TemporaryEndpoint endpoint);

  void remove(String endpointId);

  @Override
  void close();
}
