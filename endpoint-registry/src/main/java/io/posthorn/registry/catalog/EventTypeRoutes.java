package io.posthorn.registry.catalog;

import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import io.posthorn.schema.EventType;
import io.posthorn.schema.catalog.EventCatalog;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v1/event-types}: the event catalog the registry has loaded, for subscribers choosing what
 * to receive (any valid key, any tenant: the catalog is the same for all). Reads the catalog
 * current at each request, so a reloaded directory shows at once.
 */
public final class EventTypeRoutes {
  private final Supplier<EventCatalog> catalog;

  public EventTypeRoutes(Supplier<EventCatalog> catalog) {
    this.catalog = catalog;
  }

  public List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/v1/event-types",
            r ->
                Reply.ok(
                    new EventTypeView.Page(
                        catalog.get().types().stream().map(EventTypeView::of).toList()))),
        new Route("GET", "/v1/event-types/{eventType}", this::one));
  }

  private Reply one(ApiRequest r) {
    String name = r.path("eventType");
    return catalog
        .get()
        .find(EventType.of(name))
        .map(t -> Reply.ok(EventTypeView.of(t)))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "eventType", "no event type " + name + " in the registry's event catalog"));
  }
}
