package io.posthorn.schema;

import java.util.regex.Pattern;

/**
 * An event type name such as {@code order.completed}: lowercase dot-separated segments, at least
 * two, each starting with a letter.
 */
public record EventType(String name) {
  /** The naming rule, also enforced by the relay (and, from the catalog issue on, the database). */
  public static final Pattern NAME_RULE = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$");

  public EventType {
    if (name == null || !NAME_RULE.matcher(name).matches()) {
      throw new InvalidEventException(
          "event type "
              + quoted(name)
              + " breaks the naming rule "
              + NAME_RULE.pattern()
              + " (lowercase segments separated by dots, e.g. order.completed)");
    }
  }

  public static EventType of(String name) {
    return new EventType(name);
  }

  private static String quoted(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  @Override
  public String toString() {
    return name;
  }
}
