package io.posthorn.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses guessable secrets at start ({@code registry.admin-key}, {@code registry.secret-key}).
 * Real strength cannot be measured from one sample, so this only catches keys that are obviously
 * not random. A key (its characters; the master key's 32 bytes) is weak when it has
 *
 * <ul>
 *   <li>fewer than {@value #MIN_DISTINCT} distinct symbols (all zeros, {@code aaaa…}), or
 *   <li>less than {@value #MIN_BITS} bits by its own symbol frequencies (length × Shannon entropy
 *       per symbol: {@code abab…} has 1 bit per symbol), or
 *   <li>is one shorter string repeated ({@code 0123456789abcdef0123456789abcdef}).
 * </ul>
 *
 * A random 32-byte key (base64, hex or raw) passes with a wide margin: about 150 bits by this
 * estimate, at least 85 for 32 random hex characters (128 true bits).
 */
final class SecretStrength {
  static final int MIN_DISTINCT = 8;
  static final int MIN_BITS = 80;

  private SecretStrength() {}

  /** Why {@code key} looks guessable, or empty. */
  static Optional<String> weakness(String key) {
    return weakness(key.codePoints().toArray(), "characters");
  }

  /** Why the raw key bytes look guessable, or empty. */
  static Optional<String> weakness(byte[] key) {
    int[] symbols = new int[key.length];
    for (int i = 0; i < key.length; i++) {
      symbols[i] = key[i] & 0xff;
    }
    return weakness(symbols, "byte values");
  }

  private static Optional<String> weakness(int[] symbols, String unit) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int s : symbols) {
      counts.merge(s, 1, Integer::sum);
    }
    if (counts.size() < MIN_DISTINCT) {
      return Optional.of(
          "it has only "
              + counts.size()
              + " distinct "
              + unit
              + " (at least "
              + MIN_DISTINCT
              + " needed)");
    }
    double bits = 0;
    for (int c : counts.values()) {
      double p = (double) c / symbols.length;
      bits -= c * (Math.log(p) / Math.log(2));
    }
    if (bits < MIN_BITS) {
      return Optional.of(
          "its "
              + unit
              + " carry about "
              + Math.round(bits)
              + " bits by their frequencies (at least "
              + MIN_BITS
              + " needed)");
    }
    if (repeats(symbols)) {
      return Optional.of("it is a shorter sequence repeated");
    }
    return Optional.empty();
  }

  /** Whether the sequence is some shorter sequence repeated whole. */
  private static boolean repeats(int[] s) {
    for (int period = 1; period <= s.length / 2; period++) {
      if (s.length % period != 0) {
        continue;
      }
      boolean same = true;
      for (int i = period; i < s.length && same; i++) {
        same = s[i] == s[i - period];
      }
      if (same) {
        return true;
      }
    }
    return false;
  }
}
