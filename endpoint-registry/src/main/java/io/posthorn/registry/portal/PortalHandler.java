package io.posthorn.registry.portal;

import io.posthorn.registry.ConflictException;
import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RefusedException;
import io.posthorn.registry.portal.page.Chrome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTP edge, mounted at {@code /portal} on the registry's server: assets, opening a
 * link ({@code /portal/start}), the session cookie, the CSRF check on every post, the security
 * headers on every answer, and the one place a refusal or failure becomes an error page. Pages
 * themselves are {@link PortalPages}.
 */
final class PortalHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(PortalHandler.class);

  private final PortalPages pages;
  private final PortalSessions sessions;
  private final PortalLinks links;
  private final Templates templates;
  private final Assets assets;
  private final String contentSecurityPolicy;
  private final boolean framingForbidden;
  private final boolean secure;
  private final int maxBodyBytes;

  PortalHandler(
      PortalPages pages,
      PortalSessions sessions,
      PortalLinks links,
      Templates templates,
      Assets assets,
      String frameAncestors,
      boolean secure,
      int maxBodyBytes) {
    this.pages = pages;
    this.sessions = sessions;
    this.links = links;
    this.templates = templates;
    this.assets = assets;
    this.contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "
            + frameAncestors.strip();
    this.framingForbidden = frameAncestors.strip().equals("'none'");
    this.secure = secure;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The session cookie's name: {@code __Host-} bound to this origin when it can be Secure. */
  String cookieName() {
    return secure ? "__Host-posthorn-portal" : "posthorn-portal";
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    if (path.startsWith("/portal/assets/")) {
      try {
        return asset(request, response, callback);
      } catch (IOException | RuntimeException e) {
        callback.failed(e);
        return true;
      }
    }
    Outcome outcome;
    try {
      outcome = answer(request, response, path, method);
    } catch (PortalException e) {
      outcome = error(e.status(), e.getMessage());
    } catch (RefusedException e) {
      outcome = refused(e);
    } catch (IOException | RuntimeException e) {
      String errorId = UUID.randomUUID().toString();
      log.error("portal {} {} failed (error id {})", method, path, errorId, e);
      outcome = error(500, "Something went wrong. Report error id " + errorId + ".");
    }
    try {
      send(response, outcome);
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      log.debug("answering portal {} failed: {}", path, e.toString());
      callback.failed(e);
    }
    return true;
  }

  private Outcome answer(Request request, Response response, String path, String method)
      throws IOException {
    Form query = Form.parse(request.getHttpURI().getQuery());
    if (path.equals("/portal/start")) {
      return start(request, response, method, query);
    }
    if (path.equals("/portal/signed-out")) {
      return Outcome.ok(
          templates.render(
              "error", Chrome.anonymous("Signed out"), "You are signed out of the portal."));
    }
    Optional<String> cookie = cookie(request);
    Optional<PortalSession> session = cookie.flatMap(sessions::find);
    if (session.isEmpty()) {
      return error(
          401,
          "Your portal session has ended or never began. Ask for a new portal link to sign in.");
    }
    Form form = Form.parse(null);
    if (method.equals("POST")) {
      form = body(request);
      if (!Tokens.same(form.raw("csrf"), session.get().csrfToken())) {
        throw new PortalException(
            403, "This form was refused: its security token is missing or stale. Reload the page.");
      }
      if (path.equals("/portal/logout")) {
        sessions.end(cookie.get());
        clearCookie(response);
        return new Outcome.Redirect("/portal/signed-out");
      }
    } else if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new PortalException(405, "The portal answers only GET and POST.");
    }
    return pages.handle(new PortalRequest(method, path, query, form, session.get()));
  }

  private Outcome start(Request request, Response response, String method, Form query)
      throws IOException {
    if (method.equals("GET")) {
      // Opening the link only shows a button: link scanners that fetch it do not use it up.
      return Outcome.ok(
          templates.render("start", Chrome.anonymous("Open the portal"), query.raw("token")));
    }
    if (!method.equals("POST")) {
      throw new PortalException(405, "The portal answers only GET and POST.");
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && site.equals("cross-site")) {
      throw new PortalException(403, "A portal link must be opened from its own page.");
    }
    return switch (links.open(body(request).raw("token"))) {
      case PortalLinks.Granted g -> {
        PortalSessions.Begun begun = sessions.begin(g.tenantId());
        Response.addCookie(
            response,
            HttpCookie.build(cookieName(), begun.cookie())
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(HttpCookie.SameSite.STRICT)
                .build());
        log.info(
            "portal session {} opened for {}",
            begun.session().ref(),
            g.tenantId().map(t -> "tenant " + t).orElse("an admin"));
        yield new Outcome.Redirect("/portal/");
      }
      case PortalLinks.Unknown u ->
          throw new PortalException(404, "This portal link is not valid. Ask for a new one.");
      case PortalLinks.AlreadyUsed a ->
          throw new PortalException(
              410,
              "This portal link was already used: each link opens one session. Ask for a new one.");
      case PortalLinks.Expired x ->
          throw new PortalException(410, "This portal link has expired. Ask for a new one.");
    };
  }

  private Optional<String> cookie(Request request) {
    List<HttpCookie> cookies = Request.getCookies(request);
    return cookies.stream()
        .filter(c -> c.getName().equals(cookieName()))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  private void clearCookie(Response response) {
    Response.addCookie(
        response,
        HttpCookie.build(cookieName(), "")
            .path("/")
            .httpOnly(true)
            .secure(secure)
            .sameSite(HttpCookie.SameSite.STRICT)
            .maxAge(0)
            .build());
  }

  private Form body(Request request) throws IOException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new PortalException(415, "The portal takes forms only.");
    }
    InputStream in = Content.Source.asInputStream(request);
    byte[] bytes = in.readNBytes(maxBodyBytes + 1);
    if (bytes.length > maxBodyBytes) {
      throw new PortalException(413, "The form is too large.");
    }
    return Form.parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The API's refusal as the page's: another tenant's endpoint is simply not found. */
  private Outcome refused(RefusedException e) {
    return switch (e) {
      case NotFoundException n -> error(404, "Not found.");
      case ForbiddenException f -> error(403, "Only an admin may do that.");
      case ConflictException c -> error(409, c.getMessage());
      case InvalidInputException i -> error(400, i.getMessage());
    };
  }

  private Outcome error(int status, String message) {
    return new Outcome.Html(
        status, templates.render("error", Chrome.anonymous(title(status)), message));
  }

  private static String title(int status) {
    return switch (status) {
      case 401 -> "Signed out";
      case 403 -> "Refused";
      case 404 -> "Not found";
      case 410 -> "Link no longer valid";
      default -> status >= 500 ? "Error" : "Cannot do that";
    };
  }

  private void headers(HttpFields.Mutable h) {
    h.put("Content-Security-Policy", contentSecurityPolicy);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    if (framingForbidden) {
      h.put("X-Frame-Options", "DENY");
    }
  }

  private void send(Response response, Outcome outcome) throws IOException {
    HttpFields.Mutable h = response.getHeaders();
    headers(h);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    switch (outcome) {
      case Outcome.Html html ->
          write(
              response,
              html.status(),
              "text/html; charset=utf-8",
              html.body().getBytes(StandardCharsets.UTF_8));
      case Outcome.Json json ->
          write(response, 200, "application/json", json.body().getBytes(StandardCharsets.UTF_8));
      case Outcome.Redirect r -> {
        h.put(HttpHeader.LOCATION, r.location());
        write(response, 303, null, new byte[0]);
      }
    }
  }

  /** Serves an asset (before any session check: they hold nothing private). */
  boolean asset(Request request, Response response, Callback callback) throws IOException {
    String name = request.getHttpURI().getPath().substring("/portal/assets/".length());
    headers(response.getHeaders());
    Optional<Assets.Asset> asset = assets.find(name);
    if (asset.isEmpty()) {
      write(
          response,
          404,
          "text/plain; charset=utf-8",
          "no such asset".getBytes(StandardCharsets.UTF_8));
    } else {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
      write(response, 200, asset.get().type(), asset.get().bytes());
    }
    callback.succeeded();
    return true;
  }

  private static void write(Response response, int status, String type, byte[] bytes)
      throws IOException {
    response.setStatus(status);
    if (type != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(bytes), written);
      written.block();
    }
  }
}
