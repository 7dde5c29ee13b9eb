package io.posthorn.delivery.dispatch;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.Credentials;

/**
 * The HTTP forward proxy every delivery goes through ({@code worker.http.proxy}; decision 0036): a
 * CONNECT tunnel for an {@code https} endpoint, an absolute-form request for an {@code http} one.
 * Optional Basic credentials answer the proxy's {@code 407} ({@code worker.http.proxy-user} and
 * {@code worker.http.proxy-password}); the password is never part of {@link #toString()}.
 */
public final class EgressProxy {
  private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private EgressProxy(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /**
   * Reads {@code http://HOST:PORT}: no path, query, or user info (credentials are separate keys, so
   * the password never sits in a setting that is shown).
   *
   * @throws IllegalArgumentException saying what is wrong, without echoing user info
   */
  public static EgressProxy parse(String url) {
    String text = url.strip();
    String shown = text.contains("@") ? "a URL with user info" : text;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be an http://HOST:PORT URL, got " + shown);
    }
    if (uri.getRawUserInfo() != null || text.contains("@")) {
      throw new IllegalArgumentException(
          "must not carry credentials: set worker.http.proxy-user and worker.http.proxy-password");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "must be an http://HOST:PORT URL (the worker speaks plain HTTP to the proxy and TLS"
              + " through its tunnel), got "
              + shown);
    }
    if (uri.getPort() < 1) {
      throw new IllegalArgumentException("must name the proxy's port, got " + shown);
    }
    boolean bare =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
    if (!bare || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "must be http://HOST:PORT with no path, query or fragment, got " + shown);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new EgressProxy(host, uri.getPort(), null, null);
  }

  /** The same proxy, answering its {@code 407} with Basic credentials. */
  public EgressProxy withCredentials(String user, String password) {
    if (user == null || user.isEmpty() || password == null) {
      throw new IllegalArgumentException("a proxy user needs a password, and a password a user");
    }
    return new EgressProxy(host, port, user, password);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Whether the proxy is sent credentials. */
  public boolean authenticated() {
    return user != null;
  }

  /** Unresolved: okhttp resolves the proxy's name through the client's (unguarded) Dns. */
  Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  /**
   * Answers a {@code 407} (and okhttp's pre-emptive challenge before a CONNECT) with the
   * credentials, once: a second {@code 407} for a request that carried them ends the call.
   */
  Authenticator authenticator() {
    if (user == null) {
      return Authenticator.NONE;
    }
    String basic = Credentials.basic(user, password);
    return (route, response) ->
        response.request().header(PROXY_AUTHORIZATION) != null
            ? null
            : response.request().newBuilder().header(PROXY_AUTHORIZATION, basic).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EgressProxy p
        && host.equals(p.host)
        && port == p.port
        && Objects.equals(user, p.user)
        && Objects.equals(password, p.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, user);
  }

  /** {@code http://HOST:PORT}, and the user when there are credentials; never the password. */
  @Override
  public String toString() {
    String where = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    return user == null ? where : where + " as " + user;
  }
}
