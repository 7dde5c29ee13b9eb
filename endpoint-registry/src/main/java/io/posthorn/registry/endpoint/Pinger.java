package io.posthorn.registry.endpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * Sends a {@code posthorn.ping} to one endpoint through the workers (decision 0046): the production
 * implementation writes a task record to the redeliveries topic ({@code redelivery.Redeliveries}),
 * so the ping goes out like any delivery (signing, address policy, egress proxy, OAuth, mTLS) and
 * its attempt comes back to the attempt log. Tests record the calls. Called outside any database
 * transaction; may block until Kafka acknowledges.
 */
@FunctionalInterface
public interface Pinger {

  /**
   * A ping to send.
   *
   * @param eventId the ping's event id (its {@code webhook-id}), chosen by the caller so it can be
   *     stored before the ping is sent
   * @param message the payload's {@code message}
   * @param challenge the payload's {@code challenge}, {@code null} for a plain ping
   * @param dueAt when a worker may attempt it
   */
  record Ping(UUID eventId, String message, String challenge, Instant dueAt) {
    @Override
    public String toString() {
      return "Ping[" + eventId + " " + message + "]";
    }
  }

  /**
   * @param tenantId the endpoint's tenant, {@code null} for a global endpoint
   * @throws RuntimeException when the ping could not be written
   */
  void ping(String endpointId, String tenantId, Ping ping);
}
