package io.posthorn.delivery.dispatch;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * One okhttp client per endpoint origin, each with its own {@link ConnectionPool} and all sharing
 * the base client's dispatcher, executor, Dns and TLS set-up ({@link OkHttpClient#newBuilder()}).
 * okhttp looks for a reusable connection by scanning its pool under a lock per connection; with one
 * pool for every subscriber that scan grew with the number of subscribers (decision 0022).
 *
 * <p>Bounded: past {@code maxOrigins} origins ({@value #MAX_ORIGINS} in the worker), pools whose
 * connections have all idled out (a deleted endpoint's, after the keep-alive) are dropped first,
 * then the least recently used (its idle connections closed). Thread-safe.
 */
final class OriginClients {
  static final int MAX_ORIGINS = 2048;

  private final OkHttpClient base;
  private final int maxOrigins;
  private final int maxIdlePerOrigin;
  private final Duration keepAlive;

  /** Access order: the eldest entry is the least recently used origin. Guarded by this. */
  private final LinkedHashMap<String, OkHttpClient> clients = new LinkedHashMap<>(64, 0.75f, true);

  OriginClients(OkHttpClient base, int maxIdlePerOrigin, Duration keepAlive, int maxOrigins) {
    this.base = base;
    this.maxOrigins = maxOrigins;
    this.maxIdlePerOrigin = maxIdlePerOrigin;
    this.keepAlive = keepAlive;
  }

  OkHttpClient forUrl(HttpUrl url) {
    String origin = url.scheme() + "://" + url.host() + ":" + url.port();
    synchronized (this) {
      OkHttpClient client = clients.get(origin);
      if (client == null) {
        client =
            base.newBuilder()
                .connectionPool(
                    new ConnectionPool(
                        maxIdlePerOrigin, keepAlive.toMillis(), TimeUnit.MILLISECONDS))
                .build();
        if (clients.size() >= maxOrigins) {
          prune();
        }
        clients.put(origin, client);
      }
      return client;
    }
  }

  /** Origins with a pool, for tests and metrics. */
  synchronized int size() {
    return clients.size();
  }

  /** Closes every idle connection and forgets every pool. */
  synchronized void evictAll() {
    clients.values().forEach(c -> c.connectionPool().evictAll());
    clients.clear();
  }

  private void prune() {
    clients.values().removeIf(c -> c.connectionPool().connectionCount() == 0);
    Iterator<Map.Entry<String, OkHttpClient>> eldest = clients.entrySet().iterator();
    while (clients.size() >= maxOrigins && eldest.hasNext()) {
      eldest
          .next()
          .getValue()
          .connectionPool()
          .evictAll(); // calls on the wire finish; their connections idle out
      eldest.remove();
    }
  }
}
