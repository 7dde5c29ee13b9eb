package io.posthorn.delivery.dispatch;

/**
 * How the worker's HTTP client pools connections ({@code worker.http.connection-pool}); decision
 * 0022.
 */
public enum ConnectionPooling {
  /**
   * One pool per endpoint origin (scheme, host, port), created on first use and dropped once its
   * connections have idled out: finding a pooled connection costs the origin's connections, not
   * every subscriber's. The default.
   */
  PER_ORIGIN,
  /**
   * One pool for every endpoint, as before decision 0022: each call scans every pooled connection.
   * Kept as the worker benchmark's baseline.
   */
  SHARED
}
