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
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;
import java.util.Locale;

/**
 * Reads one catalog file into a {@link CatalogType}, refusing a file that is not a complete,
 * self-consistent entry: a JSON Schema (draft 2020-12) for an object, with {@code title} equal to
 * the file's type name, a {@code description}, an integer {@code version} and {@code examples} that
 * conform. Unknown keywords are refused, so a misspelt {@code requried} fails the build, not
 * production.
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

  private CatalogFile() {}

  static CatalogType read(String typeName, URL url) {
    try {
      return parse(typeName, url, tree(url));
    } catch (RuntimeException e) {
      throw new IllegalStateException("event catalog file " + url + ": " + e.getMessage(), e);
    }
  }

  private static CatalogType parse(String typeName, URL url, JsonNode file) {
    EventType type = EventType.of(typeName);
    require(
        file.path("title").asText().equals(typeName),
        "\"title\" must be \"" + typeName + "\", the file name");
    require(
        file.path("type").asText().equals("object"),
        "\"type\" must be \"object\": a payload is a JSON object");
    String description = file.path("description").asText();
    require(
        !description.isBlank(),
        "\"description\" must say what happened when this event is emitted");
    JsonNode version = file.path("version");
    require(
        version.isIntegralNumber() && version.asInt() >= 1,
        "\"version\" must be an integer, 1 or more");
    JsonNode examples = file.path("examples");
    require(
        examples.isArray() && !examples.isEmpty() && examples.get(0).isObject(),
        "\"examples\" must hold at least one example payload (a JSON object)");
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(url.toString()), file);
    CatalogType entry =
        new CatalogType(
            type,
            description,
            version.asInt(),
            new JsonObjectText(examples.get(0).toString()),
            schema);
    for (int i = 0; i < examples.size(); i++) {
      List<Violation> violations = entry.violations(examples.get(i));
      require(violations.isEmpty(), "\"examples\"[" + i + "] breaks the schema: " + violations);
    }
    return entry;
  }

  private static JsonNode tree(URL url) {
    try (InputStream in = url.openStream()) {
      return EnvelopeCodec.tree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + url, e);
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
