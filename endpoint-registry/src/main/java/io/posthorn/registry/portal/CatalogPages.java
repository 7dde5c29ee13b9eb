package io.posthorn.registry.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.registry.portal.page.CatalogPage;
import io.posthorn.registry.portal.page.Chrome;
import java.util.ArrayList;
import java.util.List;

/** The event catalog as the API serves it: every type, and one type's schemas and examples. */
final class CatalogPages {
  private static final ObjectMapper PRETTY = new ObjectMapper();

  private final PortalApi api;
  private final Templates templates;

  CatalogPages(PortalApi api, Templates templates) {
    this.api = api;
    this.templates = templates;
  }

  Outcome list(PortalRequest r, Chrome chrome) {
    List<CatalogPage.EventTypeEntry> types = new ArrayList<>();
    for (JsonNode t : api.get(r.caller(), "/v1/event-types").get("data")) {
      types.add(entry(t, List.of()));
    }
    return Outcome.ok(
        templates.render("catalog", chrome.withTitle("Event catalog"), new CatalogPage(types)));
  }

  Outcome type(PortalRequest r, Chrome chrome, String name) {
    JsonNode t = api.get(r.caller(), "/v1/event-types/" + name);
    List<CatalogPage.Version> versions = new ArrayList<>();
    for (JsonNode v : t.get("versions")) {
      versions.add(
          new CatalogPage.Version(
              v.get("version").asInt(), pretty(v.get("schema")), pretty(v.get("example"))));
    }
    return Outcome.ok(
        templates.render(
            "catalog", chrome.withTitle(name), new CatalogPage(List.of(entry(t, versions)))));
  }

  private static CatalogPage.EventTypeEntry entry(JsonNode t, List<CatalogPage.Version> versions) {
    return new CatalogPage.EventTypeEntry(
        t.get("type").asText(),
        t.get("description").asText(""),
        t.get("deprecated").asBoolean(),
        versions);
  }

  private static String pretty(JsonNode n) {
    try {
      return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      return n.toString();
    }
  }
}
