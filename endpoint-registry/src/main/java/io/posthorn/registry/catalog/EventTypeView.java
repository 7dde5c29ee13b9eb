package io.posthorn.registry.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.RegistryJson;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.CatalogVersion;
import java.util.List;

/** One catalog type as the API shows it ({@code EventType} in openapi.yaml). */
record EventTypeView(
    String type,
    String description,
    boolean deprecated,
    int latestVersion,
    List<Version> versions) {

  /** One schema version with its example ({@code EventTypeVersion}). */
  record Version(int version, JsonNode schema, JsonNode example) {
    static Version of(CatalogVersion v) {
      return new Version(
          v.version(), v.schema(), RegistryJson.stored(v.example().json(), "catalog example"));
    }
  }

  /** The {@code GET /v1/event-types} page ({@code EventTypeList}). */
  record Page(List<EventTypeView> data) {}

  static EventTypeView of(CatalogType t) {
    return new EventTypeView(
        t.type().name(),
        t.description(),
        t.deprecated(),
        t.version(),
        t.versions().stream().map(Version::of).toList());
  }
}
