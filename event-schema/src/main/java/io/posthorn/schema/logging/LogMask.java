package io.posthorn.schema.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts credentials and card numbers from text on its way to a log: the one masking rule set
 * every Posthorn process applies to every formatted log line, stack traces included ({@link
 * MaskingEncoder}). It masks, keeping the marker so a reader sees what was there:
 *
 * <ul>
 *   <li>{@code Bearer <token>} → {@code Bearer ***}, any case;
 *   <li>the value after {@code Authorization} / {@code Proxy-Authorization} followed by {@code :}
 *       or {@code =} (header lines, JSON, {@code Map.toString}) → {@code ***};
 *   <li>the value after a {@code password}, {@code secret}, {@code token}, {@code api-key}, {@code
 *       master-key} or {@code admin-key} key followed by {@code :} or {@code =} → {@code ***};
 *   <li>API keys {@code phk_…} → {@code phk_***}; signing secrets {@code whsec_…} → {@code
 *       whsec_***}; sealed values {@code v1.<base64url, 32+ chars>} ({@link
 *       io.posthorn.schema.endpoint.SecretSeal}) → {@code v1.***};
 *   <li>card numbers: 13–19 digits, in one run or in groups of 3–8 digits joined by single spaces
 *       or dashes, that pass the Luhn check → {@code ****} and the last four digits. Digit runs
 *       that fail the check, and runs longer than 19 digits, are left alone.
 * </ul>
 *
 * <p>It is a safety net, not a licence: code still never logs a secret on purpose. Pure and
 * thread-safe.
 */
public final class LogMask {
  static final String MASK = "***";

  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)(\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)(\\bauthorization[\"']?\\s*[:=]\\s*+[\"']?+)(?!bearer\\s+\\*\\*\\*)([^\"',;}\\]\\r\\n]*[^\"',;}\\]\\s])");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)(\\b(?:password|passwd|secret|token"
              + "|api[_-]?key|master[_-]?key|admin[_-]?key)[\"']?\\s*[:=]\\s*+[\"']?+)([^\\s\"',;&}\\]]+)");
  private static final Pattern API_KEY = Pattern.compile("\\bphk_[A-Za-z0-9_-]+");
  private static final Pattern SIGNING_SECRET = Pattern.compile("\\bwhsec_[A-Za-z0-9+/=_-]+");
  private static final Pattern SEALED = Pattern.compile("\\bv1\\.[A-Za-z0-9_-]{32,}");
  private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<!\\d)\\d+(?:[ -]\\d+)*(?!\\d)");

  private LogMask() {}

  /** {@code text} with every credential and card number masked; {@code null} stays {@code null}. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = BEARER.matcher(text).replaceAll("$1$2" + MASK);
    out = AUTHORIZATION.matcher(out).replaceAll("$1" + MASK);
    out = API_KEY.matcher(out).replaceAll("phk_" + MASK);
    out = SIGNING_SECRET.matcher(out).replaceAll("whsec_" + MASK);
    out = SEALED.matcher(out).replaceAll("v1." + MASK);
    out =
        KEY_VALUE
            .matcher(out)
            .replaceAll(
                m ->
                    m.group(2).equals(MASK)
                        ? Matcher.quoteReplacement(m.group())
                        : Matcher.quoteReplacement(m.group(1) + MASK));
    return cards(out);
  }

  private static String cards(String text) {
    Matcher m = DIGIT_GROUPS.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      List<int[]> groups = groups(text, m.start(), m.end());
      int i = 0;
      while (i < groups.size()) {
        int end = longestCard(text, groups, i);
        if (end < 0) {
          i++;
          continue;
        }
        int from = groups.get(i)[0];
        int to = groups.get(end)[1];
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, from).append("****").append(lastFour(text, from, to));
        copied = to;
        i = end + 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The digit groups of one separated run, as [start, end) offsets. */
  private static List<int[]> groups(String text, int start, int end) {
    List<int[]> groups = new ArrayList<>();
    int i = start;
    while (i < end) {
      int j = i;
      while (j < end && isDigit(text.charAt(j))) {
        j++;
      }
      groups.add(new int[] {i, j});
      i = j + 1;
    }
    return groups;
  }

  /**
   * The last group index of the longest Luhn-valid card of 13–19 digits starting at group {@code
   * first}, or -1. Several groups count as one number only when each has 3–8 digits.
   */
  private static int longestCard(String text, List<int[]> groups, int first) {
    int found = -1;
    int digits = 0;
    for (int j = first; j < groups.size(); j++) {
      if (j > first && !(groupable(groups, first) && groupable(groups, j))) {
        break;
      }
      digits += groups.get(j)[1] - groups.get(j)[0];
      if (digits > 19) {
        break;
      }
      if (digits >= 13 && luhn(text, groups, first, j)) {
        found = j;
      }
    }
    return found;
  }

  private static boolean groupable(List<int[]> groups, int i) {
    int length = groups.get(i)[1] - groups.get(i)[0];
    return length >= 3 && length <= 8;
  }

  private static boolean luhn(String text, List<int[]> groups, int first, int last) {
    int sum = 0;
    boolean twice = false;
    for (int g = last; g >= first; g--) {
      for (int k = groups.get(g)[1] - 1; k >= groups.get(g)[0]; k--) {
        int d = text.charAt(k) - '0';
        if (twice) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        twice = !twice;
      }
    }
    return sum % 10 == 0;
  }

  private static String lastFour(String text, int from, int to) {
    StringBuilder digits = new StringBuilder(4);
    for (int k = to - 1; k >= from && digits.length() < 4; k--) {
      if (isDigit(text.charAt(k))) {
        digits.append(text.charAt(k));
      }
    }
    return digits.reverse().toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
