package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event catalog: one file per event type, each with one or more JSON Schema versions (see
 * docs/event-catalog.md and decisions 0004, 0039). Posthorn's own {@code posthorn.*} types ship in
 * this jar and are always present; a product's types are files in a catalog directory, named by
 * {@value #DIR_KEY} in each component's settings or the {@value #DIR_VARIABLE} environment
 * variable, read at start without rebuilding anything.
 *
 * <p>The {@code Outbox} writer checks each event against it before the insert and stamps the
 * version it checked; the relay checks each captured row again against the stamped version and
 * quarantines what fails, so rows written with plain SQL meet the same rules.
 *
 * <p>Immutable and thread-safe. A broken file fails loading with an {@link InvalidCatalogException}
 * naming the file and the reason.
 */
public final class EventCatalog {
  /** The settings key naming the catalog directory, read by every component. */
  public static final String DIR_KEY = "catalog.dir";

  /** The environment variable naming the catalog directory (the key's usual override). */
  public static final String DIR_VARIABLE = "POSTHORN_CATALOG_DIR";

  /** The prefix of Posthorn's own types, which a catalog directory may not define. */
  public static final String OWN_PREFIX = "posthorn.";

  /**
   * The prefix of the inbound gateway's types ({@code inbound.<provider>.<kind>}, decision 0053):
   * every type under it that the catalog does not define is checked against {@link
   * #INBOUND_FAMILY}. A catalog directory may not define them either.
   */
  public static final String INBOUND_PREFIX = "inbound.";

  /** The built-in entry every {@code inbound.*} type is checked against: any JSON object. */
  public static final EventType INBOUND_FAMILY = EventType.of("inbound.request");

  private final Map<EventType, CatalogType> types;

  private EventCatalog(Map<EventType, CatalogType> types) {
    this.types = types;
  }

  /**
   * The catalog a component uses when its settings name no directory: Posthorn's own types, plus
   * the directory in {@value #DIR_VARIABLE} when that variable is set. Read once per JVM; throws
   * {@link InvalidCatalogException} on every call when that directory is invalid.
   */
  public static EventCatalog standard() {
    return Standard.get();
  }

  /** Posthorn's own {@code posthorn.*} types only. */
  public static EventCatalog builtIn() {
    return BuiltIn.CATALOG;
  }

  /**
   * Posthorn's own types plus every {@code <type>.json} in {@code dir}.
   *
   * @throws InvalidCatalogException naming the file and the reason when {@code dir} is not a
   *     directory, a file is not a valid catalog entry, or a file defines a {@code posthorn.*} type
   */
  public static EventCatalog load(Path dir) {
    Map<EventType, CatalogType> types = new LinkedHashMap<>(builtIn().types);
    for (Map.Entry<String, URL> file : CatalogFiles.inDirectory(dir).entrySet()) {
      if (file.getKey().startsWith(OWN_PREFIX) || file.getKey().startsWith(INBOUND_PREFIX)) {
        throw new InvalidCatalogException(
            CatalogFiles.display(file.getValue()),
            "posthorn.* and inbound.* types are Posthorn's own and cannot be defined or overridden"
                + " by a catalog directory",
            null);
      }
      CatalogType type = CatalogFile.read(file.getKey(), file.getValue());
      types.put(type.type(), type);
    }
    return new EventCatalog(Map.copyOf(types));
  }

  /** {@link #load(Path)} when a directory is named, else {@link #standard()}. */
  public static EventCatalog of(Optional<Path> dir) {
    return dir.map(EventCatalog::load).orElseGet(EventCatalog::standard);
  }

  /**
   * Reads the catalog files under {@code io/posthorn/schema/catalog/} visible to {@code loader}.
   */
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

  /** The entry of {@code type}; for an {@code inbound.*} type, the {@link #INBOUND_FAMILY}. */
  public Optional<CatalogType> find(EventType type) {
    return Optional.ofNullable(entry(type));
  }

  private CatalogType entry(EventType type) {
    CatalogType entry = types.get(type);
    if (entry == null && type.name().startsWith(INBOUND_PREFIX)) {
      return types.get(INBOUND_FAMILY);
    }
    return entry;
  }

  /**
   * Checks {@code payload} against the latest version of {@code type}.
   *
   * @throws InvalidEventException if the payload text is not well-formed JSON
   */
  public Conformance check(EventType type, JsonObjectText payload) {
    return check(type, 0, payload);
  }

  /**
   * Checks {@code payload} against version {@code version} of {@code type}, or its latest when
   * {@code version} is 0.
   *
   * @throws InvalidEventException if the payload text is not well-formed JSON
   */
  public Conformance check(EventType type, int version, JsonObjectText payload) {
    CatalogType entry = entry(type);
    if (entry == null) {
      return new Conformance.Unregistered(type);
    }
    Optional<CatalogVersion> schema =
        version == 0 ? Optional.of(entry.latest()) : entry.find(version);
    if (schema.isEmpty()) {
      return new Conformance.UnknownVersion(entry, version);
    }
    JsonNode tree;
    try {
      tree = EnvelopeCodec.tree(payload.json());
    } catch (InvalidEventException e) {
      throw new InvalidEventException(
          "payload of " + type + " is not well-formed JSON: " + e.getMessage(), e);
    }
    List<Violation> violations = schema.get().violations(tree);
    return violations.isEmpty()
        ? new Conformance.Conforms(entry, schema.get())
        : new Conformance.Violates(entry, schema.get(), violations);
  }

  /** Like {@link #require(EventType, int, JsonObjectText, UnregisteredTypes)} with version 0. */
  public Optional<CatalogVersion> require(
      EventType type, JsonObjectText payload, UnregisteredTypes unregistered) {
    return require(type, 0, payload, unregistered);
  }

  /**
   * Checks like {@link #check(EventType, int, JsonObjectText)} and throws unless the event may be
   * emitted.
   *
   * @return the version the payload was checked against; empty for an unregistered type let through
   * @throws SchemaViolationException naming each JSON pointer and rule the payload breaks
   * @throws InvalidEventException if the type is not in the catalog and {@code unregistered} is
   *     {@link UnregisteredTypes#REFUSE}, the version is not in the catalog, or the payload is not
   *     well-formed JSON
   */
  public Optional<CatalogVersion> require(
      EventType type, int version, JsonObjectText payload, UnregisteredTypes unregistered) {
    return switch (check(type, version, payload)) {
      case Conformance.Conforms conforms -> Optional.of(conforms.version());
      case Conformance.Unregistered u when unregistered == UnregisteredTypes.ACCEPT ->
          Optional.empty();
      case Conformance.Unregistered u ->
          throw new InvalidEventException(
              "event type '"
                  + type
                  + "' is not in the event catalog: add "
                  + type
                  + CatalogFiles.SUFFIX
                  + " to the catalog directory ("
                  + DIR_KEY
                  + ", docs/event-catalog.md)");
      case Conformance.UnknownVersion unknown ->
          throw new InvalidEventException(
              "event type '"
                  + type
                  + "' has no schema version "
                  + version
                  + " in this process's event catalog (it has "
                  + unknown.type().versions()
                  + ")");
      case Conformance.Violates violates ->
          throw new SchemaViolationException(
              violates.type(), violates.version(), violates.violations());
    };
  }

  private static final class BuiltIn {
    static final EventCatalog CATALOG = load(EventCatalog.class.getClassLoader());
  }

  /** Loaded once; a failure is kept and thrown again, so every caller sees the file and reason. */
  private static final class Standard {
    static final Object LOADED = fromEnvironment();

    private static Object fromEnvironment() {
      String dir = System.getenv(DIR_VARIABLE);
      try {
        return dir == null || dir.isBlank() ? builtIn() : load(Path.of(dir.strip()));
      } catch (InvalidCatalogException e) {
        return e;
      }
    }

    static EventCatalog get() {
      if (LOADED instanceof InvalidCatalogException e) {
        throw new InvalidCatalogException(e.file(), e.reason(), e);
      }
      return (EventCatalog) LOADED;
    }
  }
}
