package io.posthorn.registry.portal;

import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.registry.http.LocalApi;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.jdbi.v3.core.Jdbi;

/**
 * The subscriber portal (docs/portal.md, decision 0048): server-rendered pages under {@code
 * /portal} on the registry's own server, entered through single-use links an admin asks the API
 * for. Wire it with the API's route table; mount {@link #handler(List)} at {@code /portal}.
 */
public final class Portal {
  private final RegistryConfig.Portal config;
  private final Jdbi jdbi;
  private final Tenants tenants;
  private final Clock clock;
  private final PortalLinks links;
  private final Supplier<URI> apiUrl;
  private final Bodies bodies;

  /**
   * Reads back the body an event was sent to an endpoint with, if the events topic still has it.
   */
  @FunctionalInterface
  public interface Bodies {
    Optional<byte[]> body(String endpointId, String eventId);
  }

  /**
   * @param apiUrl the API's own address, the base of links when {@code registry.portal.public-url}
   *     is not set (known once the server listens)
   * @param bodies the attempt page's body, read only after the API showed the endpoint
   */
  public Portal(
      RegistryConfig.Portal config,
      Jdbi jdbi,
      Tenants tenants,
      Clock clock,
      Supplier<URI> apiUrl,
      Bodies bodies) {
    this.config = config;
    this.jdbi = jdbi;
    this.tenants = tenants;
    this.clock = clock;
    this.apiUrl = apiUrl;
    this.bodies = bodies;
    this.links = new PortalLinks(jdbi, clock, config.linkTtl());
  }

  /** A link issued: the URL to open (once) and when it stops working. */
  public record Link(URI url, Instant expiresAt) {
    @Override
    public String toString() {
      return "Link[expiresAt=" + expiresAt + "]";
    }
  }

  /** A new single-use link: a tenant's session, or an admin's for {@code empty}. */
  public Link link(Optional<String> tenantId) {
    PortalLinks.Issued issued = links.issue(tenantId);
    return new Link(issued.url(base()), issued.expiresAt());
  }

  /** {@code POST /v1/tenants/{tenantId}/portal-links} and {@code POST /v1/portal-links}, admin. */
  public List<Route> routes() {
    return List.of(
        new Route(
            "POST",
            "/v1/tenants/{tenantId}/portal-links",
            r -> {
              requireAdmin(r.caller().isAdmin());
              String tenant = r.path("tenantId");
              if (tenants.find(tenant).isEmpty()) {
                throw new NotFoundException("tenantId", "no tenant " + tenant);
              }
              return Reply.created(link(Optional.of(tenant)));
            }),
        new Route(
            "POST",
            "/v1/portal-links",
            r -> {
              requireAdmin(r.caller().isAdmin());
              return Reply.created(link(Optional.empty()));
            }));
  }

  private static void requireAdmin(boolean admin) {
    if (!admin) {
      throw ForbiddenException.adminOnly("issuing portal links");
    }
  }

  /** The handler to mount at {@code /portal}, acting through {@code apiRoutes}. */
  public Handler handler(List<Route> apiRoutes, int maxBodyBytes) {
    PortalApi api = new PortalApi(new LocalApi(apiRoutes));
    Templates templates = new Templates();
    PortalPages pages =
        new PortalPages(
            new EndpointPages(api, templates, new DeliveryChart(jdbi, clock)),
            new AttemptPages(api, templates, bodies),
            new CatalogPages(api, templates),
            new VerifyPages(templates, clock));
    return new PortalHandler(
        pages,
        new PortalSessions(
            jdbi, clock, new SessionTerms(config.sessionIdle(), config.sessionMax())),
        links,
        templates,
        new Assets(),
        config.frameAncestors(),
        config.publicUrl() != null && "https".equals(config.publicUrl().getScheme()),
        maxBodyBytes);
  }

  private URI base() {
    return config.publicUrl() != null ? config.publicUrl() : apiUrl.get();
  }
}
