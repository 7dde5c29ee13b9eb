package io.posthorn.schema.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON form of an {@link EndpointDocument}, UTF-8, fields in this order:
 *
 * <pre>{@code
 * {"id":"ep_1","tenantId":"acme"|null,"url":"https://…","status":"enabled"|"disabled",
 *  "eventTypes":["order.*"],"secrets":[{"sealed":"v1.…","expiresAt":"2026-…Z"|null}],
 *  "timeoutMs":3000,"maxInFlight":50,"rateLimitPerSecond":0,"sealedHeaders":{"authorization":"v1.…"},
 *  "privateNetworkAllowed":false,
 *  "oauth":{"tokenUrl":"https://…","clientId":"…","sealedClientSecret":"v1.…","scope":"…"|null,
 *           "audience":"…"|null},
 *  "tls":{"clientCertificate":"-----BEGIN CERTIFICATE-----…"|null,"sealedClientKey":"v1.…"|null,
 *         "caBundle":"-----BEGIN CERTIFICATE-----…"|null},
 *  "verification":"pending",
 *  "delivery":"ordered","orderedOnDeadLetter":"skip"|"block",
 *  "schemaVersions":{"invoice.paid":[2]}}
 * }</pre>
 *
 * <p>{@code delivery} and {@code orderedOnDeadLetter} are written only for an ordered endpoint
 * (decision 0045); absent, they read as {@code concurrent} and {@code skip}. A worker older than
 * them delivers the endpoint concurrently: upgrade the workers first.
 *
 * <p>{@code schemaVersions} is written only for an endpoint that pins versions (decision 0047); a
 * worker older than it skips the field and delivers every version, so upgrade the workers (and the
 * relays, which write the {@code posthorn-schema-version} header workers filter on) before pinning.
 *
 * <p>{@code verification} is written only for a disabled endpoint waiting for the answer to its
 * challenge (decision 0046). A worker older than it reads a disabled endpoint and dead-letters the
 * challenge: the endpoint is never enabled, so upgrade the workers before asking for verification.
 *
 * <p>{@code oauth} is written only for an endpoint that has it (decision 0043); a worker older than
 * it skips the field and sends no bearer token, so upgrade the workers before using it. The same
 * holds for {@code tls} (decision 0044): an older worker presents no client certificate.
 *
 * <p>{@code sealedHeaders} replaced the plain {@code "headers":{"x-team":"billing"}} of earlier
 * registries: {@code headers} is still read (as {@link EndpointDocument#legacyPlainHeaders}) and
 * written only when a document holds plain headers, which the registry's never do. A worker older
 * than {@code sealedHeaders} ignores the field (unknown fields are skipped) and sends no custom
 * headers: upgrade the workers before the registry.
 *
 * <p>{@link #decode} checks every field and names the one that is wrong; unknown fields are
 * ignored, so a newer writer may add fields older readers skip. Thread-safe.
 */
public final class EndpointDocumentCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EndpointDocumentCodec() {}

  public static byte[] encode(EndpointDocument d) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", d.id());
    doc.put("tenantId", d.tenantId());
    doc.put("url", d.url());
    doc.put("status", d.enabled() ? "enabled" : "disabled");
    ArrayNode types = doc.putArray("eventTypes");
    d.eventTypes().forEach(types::add);
    ArrayNode secrets = doc.putArray("secrets");
    for (EndpointDocument.Secret s : d.secrets()) {
      ObjectNode secret = secrets.addObject();
      secret.put("sealed", s.sealed());
      secret.put("expiresAt", s.expiresAt() == null ? null : s.expiresAt().toString());
    }
    doc.put("timeoutMs", d.timeoutMs());
    doc.put("maxInFlight", d.maxInFlight());
    doc.put("rateLimitPerSecond", d.rateLimitPerSecond());
    ObjectNode sealedHeaders = doc.putObject("sealedHeaders");
    d.sealedHeaders().forEach(sealedHeaders::put);
    if (!d.legacyPlainHeaders().isEmpty()) {
      ObjectNode headers = doc.putObject("headers");
      d.legacyPlainHeaders().forEach(headers::put);
    }
    doc.put("privateNetworkAllowed", d.privateNetworkAllowed());
    if (d.oauth() != null) {
      ObjectNode oauth = doc.putObject("oauth");
      oauth.put("tokenUrl", d.oauth().tokenUrl());
      oauth.put("clientId", d.oauth().clientId());
      oauth.put("sealedClientSecret", d.oauth().sealedClientSecret());
      oauth.put("scope", d.oauth().scope());
      oauth.put("audience", d.oauth().audience());
    }
    if (!d.schemaVersions().isEmpty()) {
      ObjectNode pins = doc.putObject("schemaVersions");
      d.schemaVersions().forEach((type, versions) -> versions.forEach(pins.putArray(type)::add));
    }
    if (d.tls() != null) {
      ObjectNode tls = doc.putObject("tls");
      tls.put("clientCertificate", d.tls().clientCertificate());
      tls.put("sealedClientKey", d.tls().sealedClientKey());
      tls.put("caBundle", d.tls().caBundle());
    }
    if (d.verificationPending()) {
      doc.put("verification", "pending");
    }
    if (d.order().ordered()) {
      doc.put("delivery", d.order().delivery().wire());
      doc.put("orderedOnDeadLetter", d.order().onDeadLetter().wire());
    }
    return doc.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param key the record key, which must equal the document's {@code id}
   * @throws InvalidEndpointDocumentException naming the endpoint and the field
   */
  public static EndpointDocument decode(String key, byte[] value) {
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
    return new EndpointDocument(
        id,
        f.text("tenantId", false),
        url(f),
        status.equals("enabled"),
        eventTypes(f),
        secrets(f),
        f.integer("timeoutMs", 1, EndpointDocument.MAX_TIMEOUT_MS),
        f.integer("maxInFlight", 1, EndpointDocument.MAX_IN_FLIGHT),
        f.integer("rateLimitPerSecond", 0, EndpointDocument.MAX_RATE_PER_SECOND),
        headers(f, "sealedHeaders"),
        headers(f, "headers"),
        f.bool("privateNetworkAllowed"),
        oauth(f),
        tls(f),
        verificationPending(f, status.equals("enabled")),
        order(f),
        schemaVersions(f));
  }

  private static DeliveryOrder order(Fields f) {
    String delivery = f.text("delivery", false);
    String onDeadLetter = f.text("orderedOnDeadLetter", false);
    DeliveryOrder.Delivery d =
        delivery == null
            ? DeliveryOrder.Delivery.CONCURRENT
            : DeliveryOrder.Delivery.fromWire(delivery);
    if (d == null) {
      throw invalid(f.key, "delivery must be concurrent or ordered, got " + delivery);
    }
    DeliveryOrder.OnDeadLetter o =
        onDeadLetter == null
            ? DeliveryOrder.OnDeadLetter.SKIP
            : DeliveryOrder.OnDeadLetter.fromWire(onDeadLetter);
    if (o == null) {
      throw invalid(f.key, "orderedOnDeadLetter must be skip or block, got " + onDeadLetter);
    }
    return new DeliveryOrder(d, o);
  }

  private static Map<String, List<Integer>> schemaVersions(Fields f) {
    JsonNode node = f.doc.path("schemaVersions");
    Map<String, List<Integer>> pins = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return pins;
    }
    if (!node.isObject()) {
      throw invalid(f.key, "schemaVersions must be an object of version arrays");
    }
    for (Map.Entry<String, JsonNode> pin : node.properties()) {
      String field = "schemaVersions." + pin.getKey();
      if (!EndpointDocument.isTypePattern(pin.getKey()) || pin.getKey().endsWith("*")) {
        throw invalid(f.key, field + ": must be keyed by an exact event type");
      }
      if (!pin.getValue().isArray() || pin.getValue().isEmpty()) {
        throw invalid(f.key, field + " must be a non-empty array of versions");
      }
      List<Integer> versions = new ArrayList<>();
      for (JsonNode v : pin.getValue()) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
          throw invalid(f.key, field + " must hold versions, integers of 1 or more");
        }
        versions.add(v.asInt());
      }
      pins.put(pin.getKey(), versions);
    }
    return pins;
  }

  private static boolean verificationPending(Fields f, boolean enabled) {
    String v = f.text("verification", false);
    if (v == null) {
      return false;
    }
    if (!v.equals("pending") || enabled) {
      throw invalid(f.key, "verification must be pending, on a disabled endpoint, or absent");
    }
    return true;
  }

  private static EndpointDocument.Tls tls(Fields f) {
    JsonNode node = f.doc.path("tls");
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid(f.key, "tls must be an object");
    }
    Fields t = new Fields(f.key, node);
    try {
      return new EndpointDocument.Tls(
          t.text("clientCertificate", false),
          t.text("sealedClientKey", false),
          t.text("caBundle", false));
    } catch (IllegalArgumentException e) {
      throw invalid(f.key, "tls: " + e.getMessage());
    }
  }

  private static EndpointDocument.OAuth oauth(Fields f) {
    JsonNode node = f.doc.path("oauth");
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid(f.key, "oauth must be an object");
    }
    Fields o = new Fields(f.key, node);
    String tokenUrl = o.text("tokenUrl", true);
    if (!isHttpUrl(tokenUrl)) {
      throw invalid(f.key, "oauth.tokenUrl must be an absolute http(s) URL with a host");
    }
    return new EndpointDocument.OAuth(
        tokenUrl,
        o.text("clientId", true),
        o.text("sealedClientSecret", true),
        o.text("scope", false),
        o.text("audience", false));
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      return url.isAbsolute()
          && (scheme.equals("https") || scheme.equals("http"))
          && url.getHost() != null
          && !(EndpointHost.parse(url.getHost()) instanceof EndpointHost.Ambiguous);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String url(Fields f) {
    String text = f.text("url", true);
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
        throw invalid(f.key, "url must be an absolute http(s) URL with a host");
      }
      // The worker's HTTP client would connect to spellings java.net.URI cannot read (127.1): judge
      // them.
      if (EndpointHost.parse(hostOf(url)) instanceof EndpointHost.Ambiguous a) {
        throw invalid(f.key, "url host " + a.reason());
      }
      if (url.getHost() == null) {
        throw invalid(f.key, "url must be an absolute http(s) URL with a host");
      }
      return text;
    } catch (URISyntaxException e) {
      throw invalid(f.key, "url is not a URI: " + e.getReason());
    }
  }

  /**
   * The host as written: {@link URI#getHost()}, or read from the authority when URI cannot parse
   * it.
   */
  private static String hostOf(URI url) {
    if (url.getHost() != null) {
      return url.getHost();
    }
    String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = host.lastIndexOf(':');
    return colon >= 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
  }

  private static List<String> eventTypes(Fields f) {
    List<String> patterns = new ArrayList<>();
    for (JsonNode n : f.array("eventTypes")) {
      if (!EndpointDocument.isTypePattern(n.asText()) || !n.isTextual()) {
        throw invalid(
            f.key,
            "eventTypes: event type pattern '"
                + n.asText()
                + "' must be an exact type, a prefix ending in .* or *");
      }
      patterns.add(n.asText());
    }
    if (patterns.isEmpty()) {
      throw invalid(
          f.key, "eventTypes: at least one event type pattern is needed (use * for every type)");
    }
    return patterns;
  }

  private static List<EndpointDocument.Secret> secrets(Fields f) {
    List<EndpointDocument.Secret> out = new ArrayList<>();
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
      out.add(new EndpointDocument.Secret(n.path("sealed").asText(), expiresAt));
    }
    if (out.isEmpty()) {
      throw invalid(f.key, "secrets must hold at least one secret");
    }
    return out;
  }

  private static Map<String, String> headers(Fields f, String field) {
    JsonNode node = f.doc.path(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw invalid(f.key, field + " must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> h : node.properties()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (EndpointDocument.RESERVED_HEADERS.contains(name) || !h.getValue().isTextual()) {
        throw invalid(f.key, field + "." + h.getKey() + " is reserved or not a string");
      }
      out.put(name, h.getValue().asText());
    }
    return out;
  }

  private static InvalidEndpointDocumentException invalid(String key, String message) {
    return new InvalidEndpointDocumentException("endpoint " + key + ": " + message);
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
