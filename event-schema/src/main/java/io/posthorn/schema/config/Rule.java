package io.posthorn.schema.config;

import io.posthorn.schema.Durations;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A check on one key's value, as a {@link ConfigDef.Validator} that says in words what it wants:
 * {@link Settings#parse} turns a refusal into {@code <key> must be <rule>, got <value>}. Range
 * checks that relate several keys stay in the component's config record.
 */
public abstract sealed class Rule implements ConfigDef.Validator {
  private final String words;

  private Rule(String words) {
    this.words = words;
  }

  /** A duration ({@link Durations}: {@code 250ms}, {@code 10s}, {@code 5m}, … or ISO-8601). */
  public static Rule duration() {
    return new DurationRule(null);
  }

  /** A duration, or this word (e.g. {@code unlimited}). */
  public static Rule durationOr(String word) {
    return new DurationRule(word);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Rule between(int min, int max) {
    return new Between(min, max);
  }

  /** One of these words. */
  public static Rule oneOf(String... words) {
    return new OneOf(List.of(words));
  }

  /** What a value must be, after "must be". */
  public String words() {
    return words;
  }

  abstract boolean accepts(Object value);

  @Override
  public void ensureValid(String name, Object value) {
    if (value != null && !accepts(value)) {
      throw new ConfigException(name, value, "must be " + words);
    }
  }

  @Override
  public String toString() {
    return words;
  }

  /** True for a duration value (with or without a word). */
  public boolean isDuration() {
    return this instanceof DurationRule;
  }

  static final class DurationRule extends Rule {
    private final String word;

    DurationRule(String word) {
      super(
          "a duration such as 250ms, 10s, 5m, 1h, 1d or PT10S"
              + (word == null ? "" : ", or " + word));
      this.word = word;
    }

    @Override
    boolean accepts(Object value) {
      String text = value.toString().strip();
      if (text.equals(word)) {
        return true;
      }
      try {
        Durations.parse(text);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  static final class Between extends Rule {
    private final int min;
    private final int max;

    Between(int min, int max) {
      super("between " + min + " and " + max);
      this.min = min;
      this.max = max;
    }

    @Override
    boolean accepts(Object value) {
      int v = ((Number) value).intValue();
      return v >= min && v <= max;
    }
  }

  static final class OneOf extends Rule {
    private final List<String> choices;

    OneOf(List<String> choices) {
      super(String.join(" or ", choices));
      this.choices = choices;
    }

    @Override
    boolean accepts(Object value) {
      return choices.contains(value.toString().strip());
    }
  }
}
