package io.posthorn.ops.listen;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Registers on the dev stack the way {@code posthorn dev} registers its demo endpoint: the endpoint
 * document goes straight to the compacted endpoints topic, its secret sealed with the workers'
 * master key; removal writes the tombstone. Workers pick either up within a second.
 */
final class TopicRegistrar implements EndpointRegistrar {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EndpointTopicWriter writer;

  TopicRegistrar(String bootstrap, String endpointsTopic, SigningSecretSeal seal) {
    this.writer = new EndpointTopicWriter(bootstrap, endpointsTopic, seal);
  }

  @Override
  public Registered register(TemporaryEndpoint e) {
    String secret = newSecret();
    Endpoint endpoint =
        Endpoint.simple(e.endpointId(), e.url(), SigningSecret.parse(secret))
            .withEventTypes(e.eventTypes().toArray(String[]::new))
            .withTenant(e.tenantId());
    writer.put(endpoint);
    return new Registered(e.endpointId(), secret);
  }

  @Override
  public void remove(String endpointId) {
    writer.delete(endpointId);
  }

  @Override
  public void close() {
    writer.close();
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SigningSecret.PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
