package io.posthorn.registry.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.schema.EventType;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.connection.Cidr;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a connection's create or update body field by field and refuses the first bad one naming
 * it: an unknown provider, an event type prefix outside {@code inbound.}, a CIDR that is not one, a
 * generic HMAC scheme that is incomplete (or given for another provider), a secret a scheme cannot
 * use, numbers out of range, unknown fields.
 */
final class ConnectionInput {
  static final int MAX_DESCRIPTION = 500;
  static final int MAX_PREFIX = 100;
  static final int MAX_CIDRS = 50;
  static final int MIN_SECRET = 8;
  static final int MAX_SECRET = 1000;
  static final int MAX_TOLERANCE_SECONDS = 3600;
  static final int MAX_RATE_PER_SECOND = 100_000;
  private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");
  private static final Set<String> HMAC_FIELDS =
      Set.of("header", "algorithm", "encoding", "prefix", "timestampHeader", "idHeader");

  private ConnectionInput() {}

  /** A create request: the owner, the settings, and the secret ({@code null}: generate one). */
  record Create(String tenantId, ConnectionSettings settings, String secret) {}

  static Create create(JsonInput in, Caller caller) {
    String tenant = Tenants.requested(in, caller, "a connection of no tenant");
    String name = in.requiredText("provider", 40);
    Provider provider =
        Provider.of(name)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "provider", "provider must be one of " + Provider.names()));
    ConnectionSettings s =
        new ConnectionSettings(
            provider,
            in.optionalText("description", MAX_DESCRIPTION).orElse(""),
            in.optionalText("eventTypePrefix", MAX_PREFIX)
                .map(ConnectionInput::prefix)
                .orElse(provider.defaultEventTypePrefix()),
            in.optionalInt("toleranceSeconds", 1, MAX_TOLERANCE_SECONDS)
                .map(Duration::ofSeconds)
                .orElse(ConnectionDocument.DEFAULT_TOLERANCE),
            hmac(provider, in.optionalObject("hmac", 4096)),
            cidrs(in).orElse(List.of()),
            in.optionalInt("rateLimitPerSecond", 0, MAX_RATE_PER_SECOND).orElse(0));
    String secret = in.optionalText("secret", MAX_SECRET).map(ConnectionInput::secret).orElse(null);
    in.rejectUnknown();
    return new Create(tenant, s, secret);
  }

  /** An update: present fields replace the current ones; the provider cannot change. */
  record Patch(ConnectionSettings settings, String secret) {}

  static Patch update(JsonInput in, ConnectionSettings current) {
    if (in.has("provider")) {
      throw new InvalidInputException(
          "provider", "provider cannot change: create another connection");
    }
    if (in.has("tenantId")) {
      throw new InvalidInputException("tenantId", "tenantId cannot change");
    }
    ConnectionSettings s =
        new ConnectionSettings(
            current.provider(),
            in.optionalText("description", MAX_DESCRIPTION).orElse(current.description()),
            in.optionalText("eventTypePrefix", MAX_PREFIX)
                .map(ConnectionInput::prefix)
                .orElse(current.eventTypePrefix()),
            in.optionalInt("toleranceSeconds", 1, MAX_TOLERANCE_SECONDS)
                .map(Duration::ofSeconds)
                .orElse(current.tolerance()),
            in.has("hmac")
                ? hmac(current.provider(), in.optionalObject("hmac", 4096))
                : current.hmac(),
            cidrs(in).orElse(current.allowCidrs()),
            in.optionalInt("rateLimitPerSecond", 0, MAX_RATE_PER_SECOND)
                .orElse(current.rateLimitPerSecond()));
    String secret = in.optionalText("secret", MAX_SECRET).map(ConnectionInput::secret).orElse(null);
    in.rejectUnknown();
    return new Patch(s, secret);
  }

  private static String secret(String s) {
    if (s.length() < MIN_SECRET) {
      throw new InvalidInputException(
          "secret", "secret must be at least " + MIN_SECRET + " characters");
    }
    if (!s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new InvalidInputException("secret", "secret must be printable ASCII without spaces");
    }
    return s;
  }

  private static String prefix(String p) {
    if (!p.startsWith(EventCatalog.INBOUND_PREFIX) || !EventType.NAME_RULE.matcher(p).matches()) {
      throw new InvalidInputException(
          "eventTypePrefix",
          "eventTypePrefix must be an event type name starting with inbound., such as"
              + " inbound.github");
    }
    return p;
  }

  private static Optional<List<String>> cidrs(JsonInput in) {
    return in.optionalStrings("allowCidrs", MAX_CIDRS, 50)
        .map(
            list -> {
              for (int i = 0; i < list.size(); i++) {
                try {
                  Cidr.parse(list.get(i));
                } catch (IllegalArgumentException e) {
                  throw new InvalidInputException(
                      "allowCidrs[" + i + "]",
                      "allowCidrs["
                          + i
                          + "] must be a CIDR such as 192.30.252.0/22: "
                          + e.getMessage());
                }
              }
              return List.copyOf(list);
            });
  }

  private static ConnectionDocument.Hmac hmac(Provider provider, Optional<ObjectNode> given) {
    if (provider != Provider.HMAC) {
      if (given.isPresent()) {
        throw new InvalidInputException("hmac", "hmac is only for the hmac provider");
      }
      return null;
    }
    ObjectNode o =
        given.orElseThrow(
            () ->
                new InvalidInputException(
                    "hmac", "hmac is required for the hmac provider (at least its header)"));
    o.fieldNames()
        .forEachRemaining(
            name -> {
              if (!HMAC_FIELDS.contains(name)) {
                throw new InvalidInputException(
                    "hmac." + name, "hmac." + name + " is not a known field");
              }
            });
    String algorithm = text(o, "algorithm", 10).orElse("SHA-256").toUpperCase(Locale.ROOT);
    if (!algorithm.equals("SHA-256") && !algorithm.equals("SHA-512")) {
      throw new InvalidInputException(
          "hmac.algorithm", "hmac.algorithm must be SHA-256 or SHA-512");
    }
    String encoding = text(o, "encoding", 10).orElse("hex").toLowerCase(Locale.ROOT);
    if (!encoding.equals("hex") && !encoding.equals("base64")) {
      throw new InvalidInputException("hmac.encoding", "hmac.encoding must be hex or base64");
    }
    return new ConnectionDocument.Hmac(
        header(o, "header")
            .orElseThrow(() -> new InvalidInputException("hmac.header", "hmac.header is required")),
        algorithm,
        encoding,
        text(o, "prefix", 40).orElse(""),
        header(o, "timestampHeader").orElse(null),
        header(o, "idHeader").orElse(null));
  }

  private static Optional<String> header(ObjectNode o, String field) {
    Optional<String> name = text(o, field, 100);
    name.ifPresent(
        n -> {
          if (!HEADER_NAME.matcher(n).matches()) {
            throw new InvalidInputException(
                "hmac." + field, "hmac." + field + " must be an HTTP header name");
          }
        });
    return name;
  }

  private static Optional<String> text(ObjectNode o, String field, int max) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual() || n.asText().length() > max) {
      throw new InvalidInputException(
          "hmac." + field, "hmac." + field + " must be a string of at most " + max + " characters");
    }
    return Optional.of(n.asText());
  }
}
