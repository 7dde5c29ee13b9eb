package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one catalog file into a {@link CatalogType}, refusing a file that is not a complete,
 * self-consistent entry. A file has one of two shapes (docs/event-catalog.md):
 *
 * <ul>
 *   <li>one version: a JSON Schema (draft 2020-12) for an object, with {@code title} equal to the
 *       file's type name, a {@code description}, an integer {@code version}, {@code examples} that
 *       conform and optionally {@code deprecated};
 *   <li>several versions: {@code title}, {@code description}, optionally {@code deprecated}, and
 *       {@code versions}, an array of such schemas (each with {@code version} and {@code
 *       examples}), in ascending version order.
 * </ul>
 *
 * Unknown keywords are refused, so a misspelt {@code requried} fails the start, not a payload.
 */
final class CatalogFile {
  /** Draft 2020-12 plus the catalog's own {@code version} annotation, and nothing unknown. */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012())
          .keyword(new AnnotationKeyword("version"))
          .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
          .build();

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDialect(
          DIALECT,
          registry ->
              registry.schemaRegistryConfig(
                  SchemaRegistryConfig.builder()
                      .locale(Locale.ENGLISH)
                      .formatAssertionsEnabled(true)
                      .preloadSchema(true)
                      .build()));

  private static final Set<String> TYPE_KEYS =
      Set.of("$schema", "$comment", "title", "description", "deprecated", "versions");

  private CatalogFile() {}

  static CatalogType read(String typeName, URL url) {
    try {
      return parse(typeName, url, tree(url));
    } catch (RuntimeException e) {
      throw new InvalidCatalogException(CatalogFiles.display(url), e.getMessage(), e);
    }
  }

  private static CatalogType parse(String typeName, URL url, JsonNode file) {
    EventType type = EventType.of(typeName);
    require(file.isObject(), "must be a JSON object");
    require(
        file.path("title").asText().equals(typeName),
        "\"title\" must be \"" + typeName + "\", the file name");
    String description = file.path("description").asText();
    require(
        !description.isBlank(),
        "\"description\" must say what happened when this event is emitted");
    JsonNode deprecated = file.path("deprecated");
    require(
        deprecated.isMissingNode() || deprecated.isBoolean(),
        "\"deprecated\" must be true or false");
    List<CatalogVersion> versions = new ArrayList<>();
    if (file.has("versions")) {
      for (Iterator<String> names = file.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        require(
            TYPE_KEYS.contains(name),
            "\""
                + name
                + "\" is not allowed beside \"versions\" (allowed: "
                + String.join(", ", TYPE_KEYS.stream().sorted().toList())
                + "): it belongs inside a version's schema");
      }
      JsonNode list = file.get("versions");
      require(list.isArray() && !list.isEmpty(), "\"versions\" must be a non-empty array");
      for (int i = 0; i < list.size(); i++) {
        String where = "\"versions\"[" + i + "]";
        CatalogVersion version = version(url, list.get(i), where, "#/versions/" + i);
        if (!versions.isEmpty()) {
          require(
              version.version() > versions.get(versions.size() - 1).version(),
              where + ": versions must be listed in ascending order, without repeats");
        }
        versions.add(version);
      }
    } else {
      versions.add(version(url, file, "", ""));
    }
    return new CatalogType(type, description, deprecated.asBoolean(false), versions);
  }

  private static CatalogVersion version(URL url, JsonNode schema, String where, String fragment) {
    String prefix = where.isEmpty() ? "" : where + ": ";
    require(schema.isObject(), prefix + "must be a JSON Schema object");
    require(
        schema.path("type").asText().equals("object"),
        prefix + "\"type\" must be \"object\": a payload is a JSON object");
    JsonNode version = schema.path("version");
    require(
        version.isIntegralNumber() && version.asInt() >= 1,
        prefix + "\"version\" must be an integer, 1 or more");
    JsonNode examples = schema.path("examples");
    require(
        examples.isArray() && !examples.isEmpty() && examples.get(0).isObject(),
        prefix + "\"examples\" must hold at least one example payload (a JSON object)");
    Schema compiled;
    try {
      compiled = REGISTRY.getSchema(SchemaLocation.of(url + fragment), schema);
    } catch (RuntimeException e) {
      throw new IllegalStateException(prefix + e.getMessage(), e);
    }
    CatalogVersion entry =
        new CatalogVersion(
            version.asInt(), new JsonObjectText(examples.get(0).toString()), compiled, schema);
    for (int i = 0; i < examples.size(); i++) {
      List<Violation> violations = entry.violations(examples.get(i));
      require(
          violations.isEmpty(),
          prefix + "\"examples\"[" + i + "] breaks the schema: " + violations);
    }
    return entry;
  }

  private static JsonNode tree(URL url) {
    try (InputStream in = url.openStream()) {
      return EnvelopeCodec.tree(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot be read: " + e.getMessage(), e);
    } catch (InvalidEventException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void require(boolean condition, String rule) {
    if (!condition) {
      throw new IllegalStateException(rule);
    }
  }
}
