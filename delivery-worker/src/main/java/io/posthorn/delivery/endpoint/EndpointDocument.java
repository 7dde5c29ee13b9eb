package io.posthorn.delivery.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.delivery.signing.SecretSeal;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The endpoint document on {@code posthorn.endpoints}: key = endpoint id, value = UTF-8 JSON (below),
 * a tombstone (null value) deletes. Secrets travel sealed ({@link SecretSeal}). The format is
 * specified in {@code docs/wire/endpoints-topic.md}; decoding checks every field and names the one
 * that is wrong.
 *
 * <pre>{@code
 * {"id":"ep_1","tenantId":"acme"|null,"url":"https://…","status":"enabled"|"disabled",
 *  "eventTypes":["order.*"],"secrets":[{"sealed":"v1.…","expiresAt":"2026-…Z"|null}],
 *  "timeoutMs":3000,"maxInFlight":50,"rateLimitPerSecond":0,"headers":{"x-team":"billing"},
 *  "privateNetworkAllowed":false}
 * }</pre>
 */
public final class EndpointDocument {
  public static final int MAX_TIMEOUT_MS = 30_000;

  /** Headers a subscriber may not set: hop-by-hop, framing, and the ones Posthorn signs or sets. */
  static final Set<String> RESERVED_HEADERS = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
      "content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature", "traceparent",
      "posthorn-event-type");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretSeal seal;

  public EndpointDocument(SecretSeal seal) {
    this.seal = seal;
  }

  public byte[] encode(Endpoint e) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", e.id());
    doc.put("tenantId", e.tenantId());
    doc.put("url", e.url().toString());
    doc.put("status", e.enabled() ? "enabled" : "disabled");
    ArrayNode types = doc.putArray("eventTypes");
    e.eventTypes().patterns().forEach(types::add);
    ArrayNode secrets = doc.putArray("secrets");
    for (EndpointSecret s : e.secrets()) {
      ObjectNode secret = secrets.addObject();
      secret.put("sealed", seal.seal(e.id(), s.secret()));
      secret.put("expiresAt", s.expiresAt() == null ? null : s.expiresAt().toString());
    }
    doc.put("timeoutMs", e.timeout().toMillis());
    doc.put("maxInFlight", e.maxInFlight());
    doc.put("rateLimitPerSecond", e.ratePerSecond());
    ObjectNode headers = doc.putObject("headers");
    e.headers().forEach(headers::put);
    doc.put("privateNetworkAllowed", e.privateNetworkAllowed());
    return doc.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param key the record key, which must equal the document's {@code id}
   * @throws InvalidEndpointException naming the endpoint and the field
   */
  public Endpoint decode(String key, byte[] value) {
    JsonNode doc;
    try {
      doc = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalid(key, "value is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid(key, "value is not readable: " + e.getMessage());
    }
    if (doc == null || !doc.isObject()) {
      throw invalid(key, "value must be a JSON object");
    }
    Fields f = new Fields(key, doc);
    String id = f.text("id", true);
    if (!id.equals(key)) {
      throw invalid(key, "id '" + id + "' differs from the record key");
    }
    String status = f.text("status", true);
    if (!status.equals("enabled") && !status.equals("disabled")) {
      throw invalid(key, "status must be enabled or disabled, got " + status);
    }
    return new Endpoint(id, f.text("tenantId", false), url(f), status.equals("enabled"), eventTypes(f),
        secrets(f), Duration.ofMillis(f.integer("timeoutMs", 1, MAX_TIMEOUT_MS)),
        f.integer("maxInFlight", 1, 10_000), f.integer("rateLimitPerSecond", 0, 1_000_000), headers(f),
        f.bool("privateNetworkAllowed"));
  }

  private static URI url(Fields f) {
    String text = f.text("url", true);
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
        throw invalid(f.key, "url must be an absolute http(s) URL with a host");
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid(f.key, "url is not a URI: " + e.getReason());
    }
  }

  private static EventTypeFilter eventTypes(Fields f) {
    List<String> patterns = new ArrayList<>();
    for (JsonNode n : f.array("eventTypes")) {
      patterns.add(n.asText());
    }
    try {
      return new EventTypeFilter(patterns);
    } catch (IllegalArgumentException e) {
      throw invalid(f.key, "eventTypes: " + e.getMessage());
    }
  }

  private List<EndpointSecret> secrets(Fields f) {
    List<EndpointSecret> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : f.array("secrets")) {
      String field = "secrets[" + i++ + "]";
      if (!n.isObject() || !n.path("sealed").isTextual()) {
        throw invalid(f.key, field + ".sealed must be a string");
      }
      Instant expiresAt = null;
      if (!n.path("expiresAt").isMissingNode() && !n.path("expiresAt").isNull()) {
        try {
          expiresAt = Instant.parse(n.path("expiresAt").asText());
        } catch (DateTimeParseException e) {
          throw invalid(f.key, field + ".expiresAt must be an ISO-8601 instant");
        }
      }
      try {
        out.add(new EndpointSecret(seal.open(f.key, n.path("sealed").asText()), expiresAt));
      } catch (IllegalArgumentException e) {
        throw invalid(f.key, field + ".sealed: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw invalid(f.key, "secrets must hold at least one secret");
    }
    return out;
  }

  private static Map<String, String> headers(Fields f) {
    JsonNode node = f.doc.path("headers");
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw invalid(f.key, "headers must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> h : node.properties()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(name) || !h.getValue().isTextual()) {
        throw invalid(f.key, "headers." + h.getKey() + " is reserved or not a string");
      }
      out.put(name, h.getValue().asText());
    }
    return out;
  }

  static InvalidEndpointException invalid(String key, String message) {
    return new InvalidEndpointException("endpoint " + key + ": " + message);
  }

  /** Typed field access that names the field when it is missing or of the wrong type. */
  private record Fields(String key, JsonNode doc) {
    String text(String name, boolean required) {
      JsonNode n = doc.path(name);
      if (n.isMissingNode() || n.isNull()) {
        if (required) {
          throw invalid(key, name + " is required");
        }
        return null;
      }
      if (!n.isTextual() || n.asText().isBlank()) {
        throw invalid(key, name + " must be a non-empty string");
      }
      return n.asText();
    }

    int integer(String name, int min, int max) {
      JsonNode n = doc.path(name);
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
        throw invalid(key, name + " must be an integer between " + min + " and " + max);
      }
      return n.asInt();
    }

    boolean bool(String name) {
      JsonNode n = doc.path(name);
      if (n.isMissingNode() || n.isNull()) {
        return false;
      }
      if (!n.isBoolean()) {
        throw invalid(key, name + " must be true or false");
      }
      return n.asBoolean();
    }

    Iterable<JsonNode> array(String name) {
      JsonNode n = doc.path(name);
      if (!n.isArray()) {
        throw invalid(key, name + " must be an array");
      }
      return n;
    }
  }
}
