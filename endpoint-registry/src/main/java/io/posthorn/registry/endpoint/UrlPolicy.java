package io.posthorn.registry.endpoint;

import io.posthorn.registry.http.ApiException;
import io.posthorn.schema.endpoint.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What an endpoint URL may be: absolute, at most {@value #MAX_LENGTH} characters, {@code https}
 * (plain {@code http} only where allowed), a host, no credentials or fragment, and a host whose
 * every address is public unicast ({@link AddressPolicy}) unless private networks are allowed. The
 * worker checks the address again at connect time, so a DNS change later is caught there.
 */
final class UrlPolicy {
  static final int MAX_LENGTH = 2048;

  private UrlPolicy() {}

  /**
   * @param allowHttp the tenant (or the whole registry) may use plain http
   * @param allowPrivate the tenant (or the whole registry) may point at private addresses
   * @throws ApiException naming {@code url} and saying which rule it breaks
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
      throw invalid("url must use https (plain http is allowed only for tenants with allowHttp, or on the dev stack)");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw invalid("url must have a host name");
    }
    if (url.getRawUserInfo() != null) {
      throw invalid("url must not carry credentials (user:password@); use a custom header instead");
    }
    if (url.getRawFragment() != null) {
      throw invalid("url must not have a fragment (#…)");
    }
    if (!allowPrivate) {
      requirePublic(url.getHost());
    }
    return url;
  }

  private static void requirePublic(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw invalid("url host " + host + " does not resolve");
    }
    for (InetAddress a : addresses) {
      String refusal = AddressPolicy.refusal(a);
      if (refusal != null) {
        throw invalid("url host " + host + " resolves to a " + refusal + " address (" + a.getHostAddress()
            + "), which endpoints may not use");
      }
    }
  }

  private static ApiException invalid(String detail) {
    return ApiException.invalid("url", detail);
  }
}
