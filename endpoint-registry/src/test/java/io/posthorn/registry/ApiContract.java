package io.posthorn.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.posthorn.registry.http.OpenApiRoute;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's OpenAPI document ({@code openapi.yaml}, as the build serves it) used as a
 * validator for what tests send and receive: the operation (method and path template), path and
 * query parameters, the request body and its media type, the response status (it must be listed),
 * its media type, its required headers and its body. Schemas are checked with networknt's JSON
 * Schema validator in its OpenAPI 3.1 dialect, with format assertions on; the matching of paths and
 * parameters is the small part written here.
 */
final class ApiContract {
  /** The document as the registry jar carries it. */
  static final ApiContract REGISTRY = new ApiContract(OpenApiRoute.document());

  private static final String ID = "https://posthorn.io/registry/openapi.json";

  private final JsonNode doc;
  private final SchemaRegistry schemas;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  ApiContract(JsonNode doc) {
    this.doc = doc;
    String text = doc.toString();
    this.schemas =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            b ->
                b.schemas(Map.of(ID, text))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            .locale(Locale.ENGLISH)
                            .formatAssertionsEnabled(true)
                            .build()));
  }

  /** A documented operation and the path parameters of one request to it. */
  record Operation(String method, String template, JsonNode node, Map<String, String> pathParams) {
    String pointer() {
      return "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  /** The operation {@code method} on {@code rawPath} (no query), if the document lists one. */
  Optional<Operation> operation(String method, String rawPath) {
    List<String> path = segments(rawPath);
    for (var p : doc.path("paths").properties()) {
      Map<String, String> params = match(p.getKey(), path);
      JsonNode op = p.getValue().path(method.toLowerCase(Locale.ROOT));
      if (params != null && op.isObject()) {
        return Optional.of(new Operation(method, p.getKey(), op, params));
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with a request, by the contract; empty when it conforms.
   *
   * @param target the path with its raw query, as sent
   * @param body the body, {@code null} for none
   */
  List<String> requestViolations(
      String method, String target, String key, String contentType, String body) {
    List<String> out = new ArrayList<>();
    String rawPath = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    String rawQuery = target.contains("?") ? target.substring(target.indexOf('?') + 1) : null;
    Optional<Operation> found = operation(method, rawPath);
    if (found.isEmpty()) {
      out.add("no documented operation " + method + " " + rawPath);
      return out;
    }
    Operation op = found.get();
    JsonNode security = op.node().path("security");
    boolean keyless = security.isArray() && security.isEmpty();
    if (key == null && !keyless) {
      out.add("no bearer key (the operation requires apiKey)");
    }
    Map<String, Param> declared = parameters(op);
    op.pathParams()
        .forEach(
            (name, value) -> {
              Param p = declared.get("path:" + name);
              if (p == null) {
                out.add("path parameter " + name + " is not declared");
              } else {
                out.addAll(validate(p.schemaPointer(), p.coerce(value), "path parameter " + name));
              }
            });
    Set<String> seen = new HashSet<>();
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = decode(eq < 0 ? pair : pair.substring(0, eq));
        value = decode(eq < 0 ? "" : pair.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        out.add("query is not URL-encoded: " + pair);
        continue;
      }
      Param p = declared.get("query:" + name);
      if (p == null) {
        out.add("query parameter " + name + " is not declared");
      } else if (!seen.add(name)) {
        out.add("query parameter " + name + " is repeated");
      } else {
        out.addAll(validate(p.schemaPointer(), p.coerce(value), "query parameter " + name));
      }
    }
    JsonNode requestBody = op.node().path("requestBody");
    boolean hasBody = body != null && !body.isEmpty();
    if (!requestBody.isObject()) {
      if (hasBody) {
        out.add("a body was sent, but the operation takes none");
      }
      return out;
    }
    if (!hasBody) {
      if (requestBody.path("required").asBoolean(false)) {
        out.add("the request body is required");
      }
      return out;
    }
    String media = mediaType(contentType);
    if (!requestBody.path("content").has(media)) {
      out.add("request media type " + contentType + " is not documented");
      return out;
    }
    out.addAll(
        validate(
            op.pointer() + "/requestBody/content/" + escape(media) + "/schema",
            json(body),
            "request body"));
    return out;
  }

  /**
   * What is wrong with a response, by the contract; empty when it conforms. A request to no
   * documented operation may only be answered 404 or 405 with a problem.
   */
  List<String> responseViolations(
      String method, String target, int status, HttpHeaders headers, String body) {
    List<String> out = new ArrayList<>();
    String rawPath = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    String contentType = headers.firstValue("content-type").orElse(null);
    Optional<Operation> found = operation(method, rawPath);
    String responsePointer;
    if (found.isEmpty() && status == 400 && rawPath.contains("%")) {
      // A target the HTTP parser cannot decode is refused before any operation is known (the
      // document's description says so): the Invalid problem, naming the path.
      responsePointer = "/components/responses/Invalid";
    } else if (found.isEmpty()) {
      if (status != 404 && status != 405) {
        out.add(
            "status " + status + " for " + method + " " + rawPath + ", which is not documented");
        return out;
      }
      responsePointer = "/components/responses/NotFound";
    } else {
      Operation op = found.get();
      String code = Integer.toString(status);
      if (!op.node().path("responses").has(code)) {
        out.add("status " + status + " is not documented for " + op);
        return out;
      }
      responsePointer = op.pointer() + "/responses/" + code;
    }
    String[] resolved = resolve(responsePointer);
    JsonNode response = doc.at(resolved[0]);
    for (var h : response.path("headers").properties()) {
      JsonNode header = h.getValue();
      Optional<String> value = headers.firstValue(h.getKey());
      if (value.isEmpty()) {
        if (header.path("required").asBoolean(false)) {
          out.add("response header " + h.getKey() + " is missing");
        }
        continue;
      }
      String schema = resolved[0] + "/headers/" + escape(h.getKey()) + "/schema";
      out.addAll(
          validate(schema, coerce(doc.at(schema), value.get()), "response header " + h.getKey()));
    }
    JsonNode content = response.path("content");
    if (!content.isObject() || content.isEmpty()) {
      if (body != null && !body.isEmpty()) {
        out.add("a body was answered where the contract documents none: " + body);
      }
      return out;
    }
    String media = mediaType(contentType);
    if (!content.has(media)) {
      out.add("response media type " + contentType + " is not documented for status " + status);
      return out;
    }
    out.addAll(
        validate(
            resolved[0] + "/content/" + escape(media) + "/schema",
            json(body),
            "response body " + status));
    return out;
  }

  /** A declared parameter: where its schema is, to validate a value of the right JSON type. */
  private record Param(String schemaPointer, JsonNode schema) {
    JsonNode coerce(String value) {
      return ApiContract.coerce(schema, value);
    }
  }

  private Map<String, Param> parameters(Operation op) {
    Map<String, Param> out = new HashMap<>();
    JsonNode list = op.node().path("parameters");
    for (int i = 0; i < list.size(); i++) {
      String pointer = resolve(op.pointer() + "/parameters/" + i)[0];
      JsonNode p = doc.at(pointer);
      String schemaPointer = resolve(pointer + "/schema")[0];
      out.put(
          p.path("in").asText() + ":" + p.path("name").asText(),
          new Param(schemaPointer, doc.at(schemaPointer)));
    }
    return out;
  }

  /** A parameter's text as the JSON value its schema describes (an integer where it says so). */
  private static JsonNode coerce(JsonNode schema, String value) {
    if (schema.path("type").asText().equals("integer") && value.matches("-?\\d{1,18}")) {
      return LongNode.valueOf(Long.parseLong(value));
    }
    return TextNode.valueOf(value);
  }

  /** Follows {@code $ref}s from {@code pointer}; returns the pointer of the node it lands on. */
  private String[] resolve(String pointer) {
    String at = pointer;
    for (int hops = 0; hops < 10; hops++) {
      JsonNode ref = doc.at(at).path("$ref");
      if (!ref.isTextual()) {
        return new String[] {at};
      }
      at = ref.asText().substring(1);
    }
    throw new IllegalStateException("$ref loop at " + pointer);
  }

  /**
   * What is wrong with a problem body by the document's one {@code Problem} schema: for answers the
   * transport gives before any operation is known (headers over the limit).
   */
  List<String> problemViolations(String body) {
    return validate("/components/schemas/Problem", json(body), "problem body");
  }

  private List<String> validate(String schemaPointer, JsonNode value, String what) {
    if (value == null) {
      return List.of(what + " is not JSON");
    }
    Schema schema =
        compiled.computeIfAbsent(
            schemaPointer, p -> schemas.getSchema(SchemaLocation.of(ID + "#" + p)));
    return schema.validate(value).stream().map(e -> what + ": " + e).toList();
  }

  private static JsonNode json(String text) {
    try {
      JsonNode n = Api.JSON.readTree(text);
      return n == null ? MissingNode.getInstance() : n;
    } catch (IOException e) {
      return null;
    }
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
  }

  /** The path parameters if {@code path} fits {@code template}, else {@code null}. */
  private static Map<String, String> match(String template, List<String> path) {
    List<String> mine = segments(template);
    if (mine.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      String s = mine.get(i);
      if (s.startsWith("{") && s.endsWith("}")) {
        if (path.get(i).isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 1), path.get(i));
      } else if (!s.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.substring(1).split("/", -1)) {
      try {
        out.add(decode(s));
      } catch (IllegalArgumentException e) {
        out.add(s);
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** A JSON pointer token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
