package io.posthorn.registry.http;

import java.util.List;

/**
 * One page of a list ({@code EndpointPage}, {@code AttemptPage} in openapi.yaml).
 *
 * @param nextCursor the cursor of the next page, {@code null} on the last one
 */
public record Page<T>(List<T> data, String nextCursor) {
  public Page {
    data = List.copyOf(data);
  }
}
