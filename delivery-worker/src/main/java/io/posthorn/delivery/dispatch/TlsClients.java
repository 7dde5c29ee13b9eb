package io.posthorn.delivery.dispatch;

import io.posthorn.delivery.endpoint.EndpointTls;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * One okhttp client per endpoint with its own TLS settings (decision 0044): derived from the client
 * the endpoint would otherwise use ({@link OkHttpClient#newBuilder()}, so the address policy, the
 * egress proxy, the dispatcher and timeouts stay), with the endpoint's client certificate and
 * trust, and its own connection pool so no other endpoint reuses a connection that presented the
 * certificate.
 *
 * <p>Keyed by endpoint id and whether its address is checked; a change of the settings replaces the
 * client (the old pool's idle connections closed). Bounded like {@link OriginClients}: past {@code
 * maxEndpoints}, the least recently used client goes. Thread-safe.
 */
final class TlsClients {
  private record Key(String endpointId, boolean checked) {}

  private record Entry(EndpointTls tls, OkHttpClient client) {}

  private final int maxEndpoints;
  private final int maxIdle;
  private final Duration keepAlive;

  /** Access order: the eldest entry is the least recently used. Guarded by this. */
  private final LinkedHashMap<Key, Entry> clients = new LinkedHashMap<>(16, 0.75f, true);

  TlsClients(int maxIdle, Duration keepAlive, int maxEndpoints) {
    this.maxEndpoints = maxEndpoints;
    this.maxIdle = maxIdle;
    this.keepAlive = keepAlive;
  }

  /**
   * The client for the endpoint's settings over {@code base}.
   *
   * @throws IllegalArgumentException naming the field when a PEM does not parse (never its text)
   */
  OkHttpClient client(
      String endpointId, boolean checked, EndpointTls tls, Supplier<OkHttpClient> base) {
    Key key = new Key(endpointId, checked);
    synchronized (this) {
      Entry entry = clients.get(key);
      if (entry != null && entry.tls().equals(tls)) {
        return entry.client();
      }
      HandshakeCertificates certificates = tls.handshakeCertificates();
      OkHttpClient client =
          base.get()
              .newBuilder()
              .sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager())
              .connectionPool(
                  new ConnectionPool(maxIdle, keepAlive.toMillis(), TimeUnit.MILLISECONDS))
              .build();
      if (entry != null) {
        entry.client().connectionPool().evictAll();
      } else if (clients.size() >= maxEndpoints) {
        Iterator<Map.Entry<Key, Entry>> eldest = clients.entrySet().iterator();
        eldest.next().getValue().client().connectionPool().evictAll();
        eldest.remove();
      }
      clients.put(key, new Entry(tls, client));
      return client;
    }
  }

  /** Endpoints with a client, for tests. */
  synchronized int size() {
    return clients.size();
  }

  /** Closes every idle connection and forgets every client. */
  synchronized void evictAll() {
    clients.values().forEach(e -> e.client().connectionPool().evictAll());
    clients.clear();
  }
}
