package io.posthorn.registry.endpoint;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.schema.endpoint.AddressPolicy;
import io.posthorn.schema.endpoint.EndpointHost;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * What an endpoint URL may be: absolute, at most {@value #MAX_LENGTH} characters, {@code https}
 * (plain {@code http} only where allowed), a host, no credentials or fragment, and a host whose
 * every address is public unicast ({@link AddressPolicy}) unless private networks are allowed.
 *
 * <p>The host is judged as the worker's HTTP client will connect to it: okhttp's canonical host
 * ({@link HttpUrl#host()}), read by {@link EndpointHost}. An ambiguous IPv4 spelling ({@code
 * 127.1}, {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.0.0.1}, {@code 127.0.0.1.}) is
 * refused for every tenant, saying so. The worker judges the address again at connect time, so a
 * DNS change later is caught there.
 */
final class UrlPolicy {
  static final int MAX_LENGTH = 2048;

  private UrlPolicy() {}

  /**
   * @param allowHttp the tenant (or the whole registry) may use plain http
   * @param allowPrivate the tenant (or the whole registry) may point at private addresses
   * @throws InvalidInputException naming {@code url} and saying which rule it breaks
   */
  static URI check(String text, boolean allowHttp, boolean allowPrivate) {
    if (text.length() > MAX_LENGTH) {
      throw invalid("url must be at most " + MAX_LENGTH + " characters, got " + text.length());
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("url is not a valid URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw invalid("url must be an absolute https URL");
    }
    if (scheme.equals("http") && !allowHttp) {
      throw invalid(
          "url must use https (plain http is allowed only for tenants with allowHttp, or on the dev stack)");
    }
    if (url.getRawUserInfo() != null) {
      throw invalid("url must not carry credentials (user:password@); use a custom header instead");
    }
    if (url.getRawFragment() != null) {
      throw invalid("url must not have a fragment (#…)");
    }
    if (url.getRawAuthority() == null || url.getRawAuthority().isBlank()) {
      throw invalid("url must have a host name");
    }
    HttpUrl connected = HttpUrl.parse(text);
    if (connected == null) {
      throw invalid("url host " + url.getRawAuthority() + " is not a valid host name or address");
    }
    EndpointHost host = EndpointHost.parse(connected.host());
    if (host instanceof EndpointHost.Ambiguous a) {
      throw invalid("url host " + a.reason());
    }
    if (url.getHost() == null) {
      throw invalid(
          "url host "
              + url.getRawAuthority()
              + " is not a valid host name (letters, digits, hyphens, dots)");
    }
    if (!allowPrivate) {
      requirePublic(host);
    }
    return url;
  }

  private static void requirePublic(EndpointHost host) {
    switch (host) {
      case EndpointHost.Literal l ->
          AddressPolicy.refusal(l.address())
              .ifPresent(
                  r -> {
                    throw invalid("url host " + r.reason() + ", which endpoints may not use");
                  });
      case EndpointHost.Name n -> requirePublicName(n.host());
      case EndpointHost.Ambiguous a -> throw invalid("url host " + a.reason());
    }
  }

  private static void requirePublicName(String name) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      throw invalid("url host " + name + " does not resolve");
    }
    for (InetAddress a : addresses) {
      AddressPolicy.refusal(a)
          .ifPresent(
              r -> {
                throw invalid(
                    "url host "
                        + name
                        + " resolves to "
                        + r.address()
                        + ", which "
                        + r.clause()
                        + ", which endpoints may not use");
              });
    }
  }

  private static InvalidInputException invalid(String detail) {
    return new InvalidInputException("url", detail);
  }
}
