package io.posthorn.schema.catalog;

/**
 * One way a payload breaks its type's schema.
 *
 * @param pointer the JSON pointer (RFC 6901) of the offending value inside the payload, {@code ""}
 *     for the payload itself; for a missing or disallowed property, the pointer that property has
 *     or would have
 * @param rule the JSON Schema keyword that failed ({@code required}, {@code type}, {@code
 *     minimum}…)
 * @param message what is wrong, in English
 */
public record Violation(String pointer, String rule, String message) {

  /** {@code payload/lines/0/quantity: must have a minimum value of 1 (rule: minimum)}. */
  @Override
  public String toString() {
    return "payload" + pointer + ": " + message + " (rule: " + rule + ")";
  }
}
