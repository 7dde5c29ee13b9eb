package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event catalog: one JSON Schema per event type, read from every {@code
 * io/posthorn/schema/catalog/<type>.json} on the class path (see docs/decisions/0004). The {@code
 * Outbox} writer checks each event against it before the insert; the relay checks each captured row
 * again and quarantines what fails, so rows written with plain SQL meet the same rules.
 *
 * <p>Immutable and thread-safe. A broken catalog file fails loading with the file and the rule.
 */
public final class EventCatalog {
  private final Map<EventType, CatalogType> types;

  private EventCatalog(Map<EventType, CatalogType> types) {
    this.types = types;
  }

  /** The catalog on this library's class path, read once. */
  public static EventCatalog standard() {
    return Standard.CATALOG;
  }

  /** Reads the catalog files visible to {@code loader}. */
  public static EventCatalog load(ClassLoader loader) {
    Map<EventType, CatalogType> types = new LinkedHashMap<>();
    for (Map.Entry<String, URL> file : CatalogFiles.find(loader).entrySet()) {
      CatalogType type = CatalogFile.read(file.getKey(), file.getValue());
      types.put(type.type(), type);
    }
    if (types.isEmpty()) {
      throw new IllegalStateException(
          "no event catalog files ("
              + CatalogFiles.FOLDER
              + "*"
              + CatalogFiles.SUFFIX
              + ") on the class path: is the event-schema jar repackaged without its folders?");
    }
    return new EventCatalog(Map.copyOf(types));
  }

  /** Every type, sorted by name. */
  public List<CatalogType> types() {
    List<CatalogType> sorted = new ArrayList<>(types.values());
    sorted.sort((a, b) -> a.type().name().compareTo(b.type().name()));
    return sorted;
  }

  public Optional<CatalogType> find(EventType type) {
    return Optional.ofNullable(types.get(type));
  }

  /**
   * Checks {@code payload} against the schema of {@code type}.
   *
   * @throws InvalidEventException if the payload text is not well-formed JSON
   */
  public Conformance check(EventType type, JsonObjectText payload) {
    CatalogType entry = types.get(type);
    if (entry == null) {
      return new Conformance.Unregistered(type);
    }
    JsonNode tree;
    try {
      tree = EnvelopeCodec.tree(payload.json());
    } catch (InvalidEventException e) {
      throw new InvalidEventException(
          "payload of " + type + " is not well-formed JSON: " + e.getMessage(), e);
    }
    List<Violation> violations = entry.violations(tree);
    return violations.isEmpty()
        ? new Conformance.Conforms(entry)
        : new Conformance.Violates(entry, violations);
  }

  /**
   * Checks like {@link #check} and throws unless the event may be emitted.
   *
   * @throws SchemaViolationException naming each JSON pointer and rule the payload breaks
   * @throws InvalidEventException if the type is not in the catalog and {@code unregistered} is
   *     {@link UnregisteredTypes#REFUSE}, or the payload is not well-formed JSON
   */
  public void require(EventType type, JsonObjectText payload, UnregisteredTypes unregistered) {
    switch (check(type, payload)) {
      case Conformance.Conforms conforms -> {}
      case Conformance.Unregistered u when unregistered == UnregisteredTypes.ACCEPT -> {}
      case Conformance.Unregistered u ->
          throw new InvalidEventException(
              "event type '"
                  + type
                  + "' is not in the event catalog: register it by adding "
                  + CatalogFiles.FOLDER
                  + type
                  + CatalogFiles.SUFFIX
                  + " to event-schema (docs/emitting-events.md)");
      case Conformance.Violates violates ->
          throw new SchemaViolationException(violates.type(), violates.violations());
    }
  }

  private static final class Standard {
    static final EventCatalog CATALOG = load(EventCatalog.class.getClassLoader());
  }
}
