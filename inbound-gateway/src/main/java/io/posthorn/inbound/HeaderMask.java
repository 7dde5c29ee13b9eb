package io.posthorn.inbound;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers of a request as the inbound log stores them: credentials and signatures replaced by
 * {@value #MASKED} (a signature is a keyed digest of the body: kept, it would let whoever reads the
 * log test guesses of the secret offline).
 */
final class HeaderMask {
  static final String MASKED = "********";
  private static final String[] SECRET_PARTS = {
    "authorization", "cookie", "signature", "token", "secret", "api-key", "apikey", "password"
  };

  private HeaderMask() {}

  static Map<String, String> mask(Map<String, String> headers, String extraSecretHeader) {
    Map<String, String> out = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          out.put(lower, secret(lower, extraSecretHeader) ? MASKED : value);
        });
    return out;
  }

  private static boolean secret(String lower, String extra) {
    if (extra != null && lower.equalsIgnoreCase(extra)) {
      return true;
    }
    for (String part : SECRET_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }
}
