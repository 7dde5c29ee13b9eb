package io.posthorn.registry.http;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.schema.EventType;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of every path parameter, checked by {@link ApiServer} before a handler runs, so a
 * malformed id is a 400 naming the parameter and never reaches a lookup: ids the registry hands out
 * have one exact form, event ids are UUIDs, tenant ids follow the tenant rule. A parameter not
 * listed here must still be 1-200 letters, digits or {@code _ . : -}.
 */
final class PathIds {
  private static final String HEX24 = "[0-9a-f]{24}";
  private static final Map<String, Shape> SHAPES =
      Map.of(
          "endpointId", new Shape(Pattern.compile("ep_" + HEX24), "ep_ followed by 24 hex digits"),
          "connectionId",
              new Shape(Pattern.compile("cn_" + HEX24), "cn_ followed by 24 hex digits"),
          "recoveryId", new Shape(Pattern.compile("rc_" + HEX24), "rc_ followed by 24 hex digits"),
          "keyId",
              new Shape(
                  Pattern.compile("key_[0-9a-f]{16}|key_admin_[0-9a-f]{12}"),
                  "an API key id such as" + " key_0123456789abcdef"),
          "eventId",
              new Shape(
                  Pattern.compile(
                      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
                  "a UUID such as 0190f5a2-7c1e-7a3b-9d2f-5c8e1b4a6f00"),
          "eventType",
              new Shape(
                  Pattern.compile("(?=.{1,200}$)" + EventType.NAME_RULE.pattern()),
                  "an event type name such as order.completed (at most 200 characters)"),
          "tenantId",
              new Shape(
                  Tenants.ID,
                  "1-100 letters, digits, '_', '.' or '-', starting with a letter or digit"));
  private static final Shape OTHER =
      new Shape(
          Pattern.compile("[A-Za-z0-9_.:-]{1,200}"), "1-200 letters, digits, '_', '.', ':' or '-'");

  private record Shape(Pattern pattern, String description) {}

  private PathIds() {}

  /** Refuses {@code value} naming {@code name} unless it has the parameter's shape. */
  static void require(String name, String value) {
    Shape shape = SHAPES.getOrDefault(name, OTHER);
    if (!shape.pattern().matcher(value).matches()) {
      throw new InvalidInputException(name, name + " must be " + shape.description());
    }
  }
}
