package io.posthorn.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The registry's one JSON codec: the API's responses (typed records, and the problem bodies), the
 * operational events it writes to its outbox, and request bodies, read strictly (a key given twice
 * or anything after the value is refused). Instants are written as {@link Instant#toString()}
 * (ISO-8601 in UTC); {@code null} fields are written as {@code null} unless a record says
 * otherwise.
 */
public final class RegistryJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .addModule(
              new SimpleModule("posthorn-registry")
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addDeserializer(Instant.class, new InstantText()))
          .build();
  private static final ObjectReader STRICT =
      MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RegistryJson() {}

  /** Reads back what {@link ToStringSerializer} wrote ({@link Instant#parse}). */
  private static final class InstantText extends StdScalarDeserializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      try {
        return Instant.parse(p.getValueAsString());
      } catch (DateTimeParseException e) {
        return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getText(), e.getMessage());
      }
    }
  }

  /** {@code value} (a record, a list, a tree) as compact JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new RegistryException(
          "writing a " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /** {@code value} (a record, a list) as the tree {@link #write} would write. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** JSON the registry stored itself (e.g. an endpoint's metadata), as a tree. */
  public static JsonNode stored(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RegistryException("stored " + what + " is not JSON", e);
    }
  }

  /** JSON the registry stored itself, as {@code type}. */
  public static <T> T stored(String json, TypeReference<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new RegistryException("reading " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The reader for request bodies: duplicate keys and trailing tokens are errors. */
  public static ObjectReader strictReader() {
    return STRICT;
  }

  /** The reader for JSON the registry trusts (its own resources). */
  public static ObjectReader reader() {
    return MAPPER.reader();
  }
}
