package io.posthorn.schema.config;

import java.util.Collection;

/** The nearest known name to a mistyped one, by edit distance; cheap enough for start-up. */
final class Names {
  private Names() {}

  /** The closest of {@code known} within a few edits of {@code name}, or null. */
  static String nearest(String name, Collection<String> known) {
    int limit = Math.max(2, name.length() / 6);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d <= limit && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
