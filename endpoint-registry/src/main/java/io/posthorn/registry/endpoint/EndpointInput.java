package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.schema.EventType;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.CatalogVersion;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.EndpointDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an endpoint's settings from a create or update body, field by field, and refuses the first
 * bad one naming it: event types that are not a pattern or name a type outside the catalog,
 * reserved or malformed headers, numbers out of range, text too long, unknown fields, version pins
 * of a type or version the catalog lacks (decision 0047). The URL's policy (scheme, addresses)
 * needs the tenant and is checked by {@link EndpointChanges}.
 */
final class EndpointInput {
  static final int MAX_DESCRIPTION = 500;
  static final int MAX_EVENT_TYPES = 50;
  static final int MAX_EVENT_TYPE_CHARS = 200;
  static final int MAX_HEADERS = 20;
  static final int MAX_HEADER_CHARS = 1000;
  static final int MAX_METADATA_BYTES = 4096;
  static final int MAX_PINNED_VERSIONS = 20;
  static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");

  /** What HTTP (and okhttp, which would otherwise refuse the request naming the value) carries. */
  static final Pattern HEADER_VALUE = Pattern.compile("^[\\t\\x20-\\x7e]*$");

  private final Supplier<EventCatalog> catalog;
  private final boolean verificationRequired;

  /**
   * @param verificationRequired {@code registry.verification.required}: {@code verify} defaults to
   *     true, and only an admin key may turn it off
   */
  EndpointInput(Supplier<EventCatalog> catalog, boolean verificationRequired) {
    this.catalog = catalog;
    this.verificationRequired = verificationRequired;
  }

  /**
   * What a create request asks for: the settings, the owner, and whether the endpoint must answer a
   * verification challenge before it is enabled (decision 0046).
   */
  record Create(String tenantId, EndpointSettings settings, boolean verify) {}

  Create create(JsonInput in, Caller caller) {
    String tenant =
        Tenants.requested(in, caller, "a global endpoint that receives every tenant's events");
    String url = in.requiredText("url", UrlPolicy.MAX_LENGTH + 1);
    List<String> types =
        in.optionalStrings("eventTypes", MAX_EVENT_TYPES, MAX_EVENT_TYPE_CHARS)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "eventTypes", "eventTypes is required (use [\"*\"] for every type)"));
    EndpointSettings s =
        new EndpointSettings(
            url,
            in.optionalText("description", MAX_DESCRIPTION).orElse(""),
            eventTypes(types),
            in.optionalInt("timeoutMs", 1, EndpointDocument.MAX_TIMEOUT_MS)
                .orElse(EndpointSettings.DEFAULT_TIMEOUT_MS),
            in.optionalInt("maxInFlight", 1, EndpointDocument.MAX_IN_FLIGHT)
                .orElse(EndpointSettings.DEFAULT_MAX_IN_FLIGHT),
            in.optionalInt("rateLimitPerSecond", 0, EndpointDocument.MAX_RATE_PER_SECOND).orElse(0),
            headers(in).orElse(Map.of()),
            metadata(in).orElse("{}"),
            oauth(in).orElse(null),
            tls(in).orElse(null),
            new DeliveryOrder(
                delivery(in).orElse(DeliveryOrder.Delivery.CONCURRENT),
                onDeadLetter(in).orElse(DeliveryOrder.OnDeadLetter.SKIP)),
            schemaVersions(in).orElse(Map.of()));
    boolean verify = verify(in, caller);
    in.rejectUnknown();
    return new Create(tenant, s, verify);
  }

  private boolean verify(JsonInput in, Caller caller) {
    Optional<Boolean> asked = in.optionalBoolean("verify");
    if (verificationRequired
        && asked.equals(Optional.of(false))
        && caller instanceof Caller.Tenant) {
      throw new InvalidInputException(
          "verify",
          "verify cannot be false: this registry verifies every new endpoint"
              + " (registry.verification.required)");
    }
    return asked.orElse(verificationRequired);
  }

  /**
   * An update: fields that are present replace the current ones; {@code null} is refused where
   * there is no empty value.
   */
  EndpointPatch update(JsonInput in) {
    for (String field :
        List.of(
            "url",
            "eventTypes",
            "timeoutMs",
            "maxInFlight",
            "rateLimitPerSecond",
            "delivery",
            "orderedOnDeadLetter")) {
      if (in.has(field) && !in.present(field)) {
        throw new InvalidInputException(field, field + " may not be null");
      }
    }
    if (in.has("tenantId")) {
      throw new InvalidInputException(
          "tenantId", "tenantId cannot change; create a new endpoint instead");
    }
    EndpointPatch patch =
        new EndpointPatch(
            in.optionalText("url", UrlPolicy.MAX_LENGTH + 1),
            orEmpty(in, "description", in.optionalText("description", MAX_DESCRIPTION), ""),
            in.optionalStrings("eventTypes", MAX_EVENT_TYPES, MAX_EVENT_TYPE_CHARS)
                .map(this::eventTypes),
            in.optionalInt("timeoutMs", 1, EndpointDocument.MAX_TIMEOUT_MS),
            in.optionalInt("maxInFlight", 1, EndpointDocument.MAX_IN_FLIGHT),
            in.optionalInt("rateLimitPerSecond", 0, EndpointDocument.MAX_RATE_PER_SECOND),
            orEmpty(in, "headers", headers(in), Map.of()),
            orEmpty(in, "metadata", metadata(in), "{}"),
            in.has("oauth") ? Optional.of(oauth(in)) : Optional.empty(),
            in.has("tls") ? Optional.of(tls(in)) : Optional.empty(),
            delivery(in),
            onDeadLetter(in),
            orEmpty(in, "schemaVersions", schemaVersions(in), Map.of()));
    in.rejectUnknown();
    return patch;
  }

  /** {@code value}; else {@code empty} when the field is present as {@code null}. */
  private static <T> Optional<T> orEmpty(JsonInput in, String field, Optional<T> value, T empty) {
    return value.isPresent() || !in.has(field) ? value : Optional.of(empty);
  }

  private List<String> eventTypes(List<String> patterns) {
    if (patterns.isEmpty()) {
      throw new InvalidInputException(
          "eventTypes", "eventTypes needs at least one entry (use [\"*\"] for every type)");
    }
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      String field = "eventTypes[" + i + "]";
      if (!EndpointDocument.isTypePattern(p)) {
        throw new InvalidInputException(
            field,
            field
                + " '"
                + p
                + "' must be an exact event type, a prefix ending in .*"
                + " (order.*), or *");
      }
      if (!p.endsWith("*")
          && (!EventType.NAME_RULE.matcher(p).matches()
              || catalog.get().find(EventType.of(p)).isEmpty())) {
        throw new InvalidInputException(
            field,
            field
                + " '"
                + p
                + "' is not in the event catalog (posthorn event-types"
                + " lists it); use a prefix such as "
                + p.split("\\.")[0]
                + ".* to match types added later");
      }
    }
    return List.copyOf(patterns);
  }

  /**
   * The schema versions accepted, by exact type: each type and each version must be in the loaded
   * catalog (a subscriber pins what it can validate); the field names the first one that is not.
   */
  private Optional<Map<String, List<Integer>>> schemaVersions(JsonInput in) {
    return in.optionalObject("schemaVersions", MAX_METADATA_BYTES).map(this::pins);
  }

  private Map<String, List<Integer>> pins(ObjectNode node) {
    if (node.size() > MAX_EVENT_TYPES) {
      throw new InvalidInputException(
          "schemaVersions", "schemaVersions pins at most " + MAX_EVENT_TYPES + " event types");
    }
    EventCatalog known = catalog.get();
    Map<String, List<Integer>> pins = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> pin : node.properties()) {
      String type = pin.getKey();
      String field = "schemaVersions." + type;
      Optional<CatalogType> entry =
          EventType.NAME_RULE.matcher(type).matches()
              ? known.find(EventType.of(type))
              : Optional.empty();
      if (entry.isEmpty()) {
        throw new InvalidInputException(
            field,
            field
                + ": '"
                + type
                + "' is not an event type in the event catalog (posthorn event-types lists"
                + " them); versions are pinned per exact type");
      }
      JsonNode versions = pin.getValue();
      if (!versions.isArray() || versions.isEmpty() || versions.size() > MAX_PINNED_VERSIONS) {
        throw new InvalidInputException(
            field, field + " must be an array of 1 to " + MAX_PINNED_VERSIONS + " schema versions");
      }
      List<Integer> accepted = new ArrayList<>();
      for (int i = 0; i < versions.size(); i++) {
        JsonNode v = versions.get(i);
        String item = field + "[" + i + "]";
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
          throw new InvalidInputException(item, item + " must be a schema version number");
        }
        if (entry.get().find(v.asInt()).isEmpty()) {
          throw new InvalidInputException(
              item,
              item
                  + ": "
                  + type
                  + " has no schema version "
                  + v.asInt()
                  + " in the event catalog (it has "
                  + entry.get().versions().stream()
                      .map(CatalogVersion::version)
                      .map(n -> "v" + n)
                      .collect(Collectors.joining(", "))
                  + ")");
        }
        accepted.add(v.asInt());
      }
      pins.put(type, accepted);
    }
    return pins;
  }

  private static Optional<Map<String, String>> headers(JsonInput in) {
    return in.optionalStringMap("headers", MAX_HEADERS, MAX_HEADER_CHARS)
        .map(
            raw -> {
              Map<String, String> out = new LinkedHashMap<>();
              raw.forEach(
                  (name, value) -> {
                    String field = "headers." + name;
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!HEADER_NAME.matcher(name).matches()) {
                      throw new InvalidInputException(field, field + " is not a valid header name");
                    }
                    if (EndpointDocument.RESERVED_HEADERS.contains(lower)
                        || lower.startsWith("webhook-")
                        || lower.startsWith("posthorn-")) {
                      throw new InvalidInputException(
                          field,
                          field
                              + " is a hop-by-hop, framing or signature header that Posthorn"
                              + " sets itself");
                    }
                    if (!HEADER_VALUE.matcher(value).matches()) {
                      throw new InvalidInputException(
                          field,
                          field
                              + " must be printable ASCII (tab allowed): no line breaks,"
                              + " control or non-ASCII characters");
                    }
                    out.put(lower, value);
                  });
              return out;
            });
  }

  private static Optional<EndpointOAuth> oauth(JsonInput in) {
    return in.optionalObject("oauth", MAX_METADATA_BYTES).map(EndpointOAuth::read);
  }

  private static Optional<EndpointTlsSettings> tls(JsonInput in) {
    return in.optionalObject("tls", 4 * EndpointTlsSettings.MAX_PEM).map(EndpointTlsSettings::read);
  }

  private static Optional<DeliveryOrder.Delivery> delivery(JsonInput in) {
    return in.optionalText("delivery", 20)
        .map(
            text -> {
              DeliveryOrder.Delivery d = DeliveryOrder.Delivery.fromWire(text);
              if (d == null) {
                throw new InvalidInputException(
                    "delivery", "delivery must be concurrent or ordered, got '" + text + "'");
              }
              return d;
            });
  }

  private static Optional<DeliveryOrder.OnDeadLetter> onDeadLetter(JsonInput in) {
    return in.optionalText("orderedOnDeadLetter", 20)
        .map(
            text -> {
              DeliveryOrder.OnDeadLetter o = DeliveryOrder.OnDeadLetter.fromWire(text);
              if (o == null) {
                throw new InvalidInputException(
                    "orderedOnDeadLetter",
                    "orderedOnDeadLetter must be skip or block, got '" + text + "'");
              }
              return o;
            });
  }

  private static Optional<String> metadata(JsonInput in) {
    return in.optionalObject("metadata", MAX_METADATA_BYTES).map(Object::toString);
  }
}
