package io.posthorn.registry.endpoint;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.schema.endpoint.SecretSeal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Custom header values are a subscriber's credentials (an {@code Authorization} value, an API key),
 * so they are write-only: sealed ({@link SecretSeal#sealHeader}, bound to the endpoint and the
 * header's name) before they are stored or published, and shown by the API only by name with {@link
 * #MASKED} for the value. {@link #MASKED} sent back in an update keeps the stored value, so a
 * client may send what it read.
 */
final class EndpointHeaders {
  /** What the API shows for every header value, and what keeps a stored value in an update. */
  static final String MASKED = "********";

  private EndpointHeaders() {}

  /**
   * The sealed headers for {@code requested}: a plain value is sealed, {@link #MASKED} keeps the
   * value in {@code currentSealed}; a header left out is dropped.
   */
  static Map<String, String> seal(
      SecretSeal seal,
      String endpointId,
      Map<String, String> requested,
      Map<String, String> currentSealed) {
    Map<String, String> out = new LinkedHashMap<>();
    requested.forEach(
        (name, value) -> {
          if (!value.equals(MASKED)) {
            out.put(name, seal.sealHeader(endpointId, name, value));
          } else if (currentSealed.containsKey(name)) {
            out.put(name, currentSealed.get(name));
          } else {
            throw new InvalidInputException(
                "headers." + name,
                "headers."
                    + name
                    + ": "
                    + MASKED
                    + " stands for the stored"
                    + " value, and this endpoint has no such header; send the value");
          }
        });
    return out;
  }

  /** Every name with {@link #MASKED} for its value: what the API shows. */
  static Map<String, String> masked(Map<String, String> sealed) {
    Map<String, String> out = new LinkedHashMap<>();
    sealed.keySet().stream().sorted().forEach(name -> out.put(name, MASKED));
    return out;
  }
}
