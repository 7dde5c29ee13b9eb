package io.posthorn.schema.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of a {@link ConnectionDocument}:
 *
 * <pre>{@code
 * {"id":"cn_…","tenantId":"acme"|null,"provider":"github","eventTypePrefix":"inbound.github",
 *  "sealedSecret":"v1.…","toleranceSeconds":300,"allowCidrs":["192.30.252.0/22"],
 *  "rateLimitPerSecond":0,
 *  "hmac":{"header":"X-Signature","algorithm":"SHA-256","encoding":"hex","prefix":"",
 *          "timestampHeader":null,"idHeader":null}}
 * }</pre>
 *
 * {@code hmac} only for the {@code hmac} provider. {@link #decode} names the field that is wrong;
 * unknown fields are skipped. Thread-safe.
 */
public final class ConnectionDocumentCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectionDocumentCodec() {}

  public static String encode(ConnectionDocument d) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", d.id());
    doc.put("tenantId", d.tenantId());
    doc.put("provider", d.provider().wireName());
    doc.put("eventTypePrefix", d.eventTypePrefix());
    doc.put("sealedSecret", d.sealedSecret());
    doc.put("toleranceSeconds", d.tolerance().toSeconds());
    d.allowCidrs().forEach(doc.putArray("allowCidrs")::add);
    doc.put("rateLimitPerSecond", d.rateLimitPerSecond());
    if (d.hmac() != null) {
      ObjectNode h = doc.putObject("hmac");
      h.put("header", d.hmac().header());
      h.put("algorithm", d.hmac().algorithm());
      h.put("encoding", d.hmac().encoding());
      h.put("prefix", d.hmac().prefix());
      h.put("timestampHeader", d.hmac().timestampHeader());
      h.put("idHeader", d.hmac().idHeader());
    }
    return doc.toString();
  }

  /**
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static ConnectionDocument decode(String json) {
    JsonNode doc;
    try {
      doc = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("a connection document must be JSON", e);
    }
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("a connection document must be a JSON object");
    }
    Provider provider =
        Provider.of(text(doc, "provider"))
            .orElseThrow(
                () -> new IllegalArgumentException("provider must be one of " + Provider.names()));
    List<String> cidrs = new ArrayList<>();
    doc.path("allowCidrs").forEach(c -> cidrs.add(c.asText()));
    JsonNode h = doc.path("hmac");
    ConnectionDocument.Hmac hmac =
        h.isObject()
            ? new ConnectionDocument.Hmac(
                text(h, "header"),
                text(h, "algorithm"),
                text(h, "encoding"),
                optional(h, "prefix"),
                optional(h, "timestampHeader"),
                optional(h, "idHeader"))
            : null;
    try {
      return new ConnectionDocument(
          text(doc, "id"),
          optional(doc, "tenantId"),
          provider,
          text(doc, "eventTypePrefix"),
          text(doc, "sealedSecret"),
          Duration.ofSeconds(doc.path("toleranceSeconds").asLong(300)),
          hmac,
          cidrs,
          doc.path("rateLimitPerSecond").asInt(0));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("a connection document lacks " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("a connection document needs the text field " + field);
    }
    return v.asText();
  }

  private static String optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
