package io.posthorn.registry.portal;

import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.portal.page.Chrome;
import java.util.List;
import java.util.Map;

/**
 * The portal's page table: each path under {@code /portal} to its page. Every page acts as the
 * session's caller through the API, so another tenant's endpoint is simply not found.
 */
final class PortalPages {
  /** What a {@code ?done=} code says; nothing a person typed is echoed this way. */
  private static final Map<String, String> DONE =
      Map.of(
          "saved", "Saved.",
          "enabled", "Endpoint enabled.",
          "disabled", "Endpoint disabled: nothing is delivered to it until it is enabled.",
          "deleted", "Endpoint deleted.",
          "rotated", "Secret rotated: the previous one keeps signing until the time shown.",
          "ping", "Test event (posthorn.ping) sent; its attempt appears here within seconds.",
          "resent", "Sent again; the new attempt appears here within seconds.");

  private final EndpointPages endpoints;
  private final AttemptPages attempts;
  private final CatalogPages catalog;
  private final VerifyPages verify;

  PortalPages(
      EndpointPages endpoints, AttemptPages attempts, CatalogPages catalog, VerifyPages verify) {
    this.endpoints = endpoints;
    this.attempts = attempts;
    this.catalog = catalog;
    this.verify = verify;
  }

  Outcome handle(PortalRequest r) {
    PortalSession s = r.session();
    Chrome chrome =
        new Chrome(
            "Endpoints",
            s.tenantId().map(t -> "tenant " + t).orElse("admin (every tenant)"),
            s.csrfToken(),
            r.query().get("done").map(DONE::get).orElse(null));
    List<String> p = r.segments();
    boolean post = r.post();
    int n = p.size();
    if (n == 0) {
      return endpoints.list(r, chrome);
    }
    String first = p.get(0);
    if (first.equals("event-types") && !post) {
      return n == 1 ? catalog.list(r, chrome) : catalog.type(r, chrome, p.get(1));
    }
    if (first.equals("verify") && n == 1) {
      return post ? verify.check(r, chrome) : verify.page(chrome);
    }
    if (!first.equals("endpoints")) {
      throw notFound();
    }
    if (n == 1) {
      return post ? endpoints.create(r, chrome.withTitle("New endpoint")) : throwNotFound();
    }
    String id = p.get(1);
    if (n == 2) {
      if (id.equals("new") && !post) {
        return endpoints.newForm(r, chrome.withTitle("New endpoint"));
      }
      return post ? endpoints.update(r, chrome, id) : endpoints.detail(r, chrome, id);
    }
    String action = p.get(2);
    if (!post) {
      return switch (action) {
        case "edit" -> endpoints.editForm(r, chrome, id);
        case "delete" -> endpoints.confirmDelete(r, chrome, id);
        case "secret" -> endpoints.secret(r, chrome, id, false);
        case "chart.json" -> endpoints.chartData(r, id);
        case "attempts" ->
            n == 5
                ? attempts.detail(r, chrome, id, p.get(3), p.get(4))
                : attempts.list(r, chrome, id);
        case "recoveries" -> n == 4 ? attempts.recovery(r, chrome, id, p.get(3)) : throwNotFound();
        default -> throw notFound();
      };
    }
    return switch (action) {
      case "disable" -> endpoints.setEnabled(r, id, false);
      case "enable" -> endpoints.setEnabled(r, id, true);
      case "delete" -> endpoints.delete(r, id);
      case "ping" -> endpoints.ping(r, id);
      case "recover" -> attempts.recover(r, id);
      case "secret" ->
          n == 4 && p.get(3).equals("reveal")
              ? endpoints.secret(r, chrome, id, true)
              : n == 4 && p.get(3).equals("rotate") ? endpoints.rotate(r, id) : throwNotFound();
      case "events" ->
          n == 5 && p.get(4).equals("resend") ? attempts.resend(r, id, p.get(3)) : throwNotFound();
      default -> throw notFound();
    };
  }

  private static Outcome throwNotFound() {
    throw notFound();
  }

  private static NotFoundException notFound() {
    return new NotFoundException("path", "no such page");
  }
}
