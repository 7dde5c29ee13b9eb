package io.posthorn.registry.http;

import java.time.Duration;

/** Told of every answered request; must be fast, thread-safe and must not throw. */
@FunctionalInterface
public interface RequestObserver {
  RequestObserver NONE = (method, route, status, took) -> {};

  /**
   * @param route the matched route's pattern, or {@code unmatched}
   * @param status the status sent; -1 if none was (the connection broke first)
   */
  void answered(String method, String route, int status, Duration took);
}
