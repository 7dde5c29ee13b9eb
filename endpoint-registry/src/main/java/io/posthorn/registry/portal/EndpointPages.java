package io.posthorn.registry.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.portal.page.Chrome;
import io.posthorn.registry.portal.page.Confirm;
import io.posthorn.registry.portal.page.EndpointDetail;
import io.posthorn.registry.portal.page.EndpointForm;
import io.posthorn.registry.portal.page.EndpointList;
import io.posthorn.registry.portal.page.EndpointSummary;
import io.posthorn.registry.portal.page.SecretPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints pages: the list with status and 24 h success rate, one endpoint with its chart,
 * create and edit (the form becomes the API's JSON body; the API's validation and URL policy judge
 * it and its refusal is shown at the field), disable / enable, delete after a confirmation, the
 * secret (reveal, audit-logged; rotate) and the test event.
 */
final class EndpointPages {
  /** Where reveals of secrets are logged, for an audit trail apart from the application log. */
  private static final Logger audit = LoggerFactory.getLogger("io.posthorn.registry.portal.audit");

  private static final int BLANK_HEADER_ROWS = 2;

  private final PortalApi api;
  private final Templates templates;
  private final DeliveryChart chart;

  EndpointPages(PortalApi api, Templates templates, DeliveryChart chart) {
    this.api = api;
    this.templates = templates;
    this.chart = chart;
  }

  Outcome list(PortalRequest r, Chrome chrome) {
    JsonNode page = api.get(r.caller(), "/v1/endpoints", PortalApi.params("limit", "100"));
    List<EndpointSummary> rows = new ArrayList<>();
    for (JsonNode e : page.get("data")) {
      JsonNode stats = api.get(r.caller(), "/v1/endpoints/" + e.get("id").asText() + "/stats");
      rows.add(
          new EndpointSummary(
              e.get("id").asText(),
              e.get("url").asText(),
              e.get("description").asText(""),
              owner(e),
              e.get("status").asText().equals("enabled"),
              percent(stats.get("successRate")),
              stats.get("attempts").asLong()));
    }
    return Outcome.ok(
        templates.render("endpoints", chrome, new EndpointList(rows, r.session().admin())));
  }

  Outcome detail(PortalRequest r, Chrome chrome, String id) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    JsonNode stats = api.get(r.caller(), "/v1/endpoints/" + id + "/stats");
    List<String> headerNames = new ArrayList<>();
    e.get("headers").fieldNames().forEachRemaining(headerNames::add);
    JsonNode p99 = stats.path("durationMs").path("p99");
    return Outcome.ok(
        templates.render(
            "endpoint",
            chrome.withTitle(e.get("url").asText()),
            new EndpointDetail(
                id,
                e.get("url").asText(),
                e.get("description").asText(""),
                owner(e),
                e.get("status").asText().equals("enabled"),
                e.path("disabledReason").asText(null),
                texts(e.get("eventTypes")),
                e.get("timeoutMs").asInt(),
                e.get("rateLimitPerSecond").asInt(),
                headerNames,
                stats.get("attempts").asLong(),
                stats.get("delivered").asLong(),
                percent(stats.get("successRate")),
                p99.isNull() || p99.isMissingNode() ? "–" : p99.asLong() + " ms",
                chart.hours(id))));
  }

  /** The chart's data for chart.js, after the API has said the endpoint is the session's. */
  Outcome chartData(PortalRequest r, String id) {
    api.get(r.caller(), "/v1/endpoints/" + id);
    return new Outcome.Json(io.posthorn.registry.RegistryJson.write(chart.hours(id)));
  }

  Outcome newForm(PortalRequest r, Chrome chrome) {
    return form(chrome, emptyForm(r), 200);
  }

  Outcome editForm(PortalRequest r, Chrome chrome, String id) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    List<String> names = new ArrayList<>();
    e.get("headers").fieldNames().forEachRemaining(names::add);
    return form(
        chrome.withTitle("Edit endpoint"),
        filled(
            r,
            id,
            e.path("tenantId").asText(""),
            e.get("url").asText(),
            e.get("description").asText(""),
            texts(e.get("eventTypes")),
            e.get("timeoutMs").asText(),
            e.get("rateLimitPerSecond").asText(),
            names,
            null),
        200);
  }

  Outcome create(PortalRequest r, Chrome chrome) {
    Map<String, Object> body = settings(r.form(), List.of());
    if (r.session().admin()) {
      body.put("tenantId", r.form().get("tenantId").orElse(null));
    }
    try {
      JsonNode created = api.send(r.caller(), "POST", "/v1/endpoints", body);
      String id = created.get("id").asText();
      audit.info("portal session {} created endpoint {}", r.session().ref(), id);
      return Outcome.ok(
          templates.render(
              "secret",
              chrome.withTitle("Endpoint created"),
              new SecretPage(
                  id,
                  created.get("url").asText(),
                  created.get("secret").asText(),
                  List.of(),
                  true)));
    } catch (InvalidInputException refused) {
      return form(chrome, entered(r, null, refused), 400);
    }
  }

  Outcome update(PortalRequest r, Chrome chrome, String id) {
    JsonNode current = api.get(r.caller(), "/v1/endpoints/" + id);
    List<String> stored = new ArrayList<>();
    current.get("headers").fieldNames().forEachRemaining(stored::add);
    try {
      api.send(r.caller(), "PATCH", "/v1/endpoints/" + id, settings(r.form(), stored));
      return new Outcome.Redirect("/portal/endpoints/" + id + "?done=saved");
    } catch (InvalidInputException refused) {
      return form(chrome.withTitle("Edit endpoint"), entered(r, id, refused), 400);
    }
  }

  Outcome setEnabled(PortalRequest r, String id, boolean enabled) {
    api.send(
        r.caller(),
        "POST",
        "/v1/endpoints/" + id + (enabled ? "/enable" : "/disable"),
        enabled ? null : Map.of("reason", "disabled in the portal"));
    return new Outcome.Redirect(
        "/portal/endpoints/" + id + "?done=" + (enabled ? "enabled" : "disabled"));
  }

  Outcome confirmDelete(PortalRequest r, Chrome chrome, String id) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    return Outcome.ok(
        templates.render(
            "confirm",
            chrome.withTitle("Delete endpoint"),
            new Confirm(
                "Delete the endpoint "
                    + e.get("url").asText()
                    + "? Deliveries to it stop, and its secret and attempts can no longer be read."
                    + " This cannot be undone.",
                "/portal/endpoints/" + id + "/delete",
                "Delete endpoint",
                "/portal/endpoints/" + id)));
  }

  Outcome delete(PortalRequest r, String id) {
    api.send(r.caller(), "DELETE", "/v1/endpoints/" + id, null);
    audit.info("portal session {} deleted endpoint {}", r.session().ref(), id);
    return new Outcome.Redirect("/portal/?done=deleted");
  }

  Outcome secret(PortalRequest r, Chrome chrome, String id, boolean reveal) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    String secret = null;
    List<String> rotated = List.of();
    if (reveal) {
      JsonNode s = api.get(r.caller(), "/v1/endpoints/" + id + "/secret");
      secret = s.get("secret").asText();
      rotated = texts(s.get("rotatedSecretsExpireAt"));
      audit.info(
          "portal session {} ({}) revealed the signing secret of endpoint {}",
          r.session().ref(),
          r.session().tenantId().map(t -> "tenant " + t).orElse("admin"),
          id);
    }
    return Outcome.ok(
        templates.render(
            "secret",
            chrome.withTitle("Signing secret"),
            new SecretPage(id, e.get("url").asText(), secret, rotated, false)));
  }

  Outcome rotate(PortalRequest r, String id) {
    String overlap = r.form().get("overlap").orElse(null);
    api.send(
        r.caller(),
        "POST",
        "/v1/endpoints/" + id + "/secret/rotate",
        overlap == null ? Map.of() : Map.of("overlap", overlap));
    audit.info("portal session {} rotated the secret of endpoint {}", r.session().ref(), id);
    return new Outcome.Redirect("/portal/endpoints/" + id + "/secret?done=rotated");
  }

  Outcome ping(PortalRequest r, String id) {
    api.send(r.caller(), "POST", "/v1/endpoints/" + id + "/ping", null);
    return new Outcome.Redirect("/portal/endpoints/" + id + "/attempts?done=ping");
  }

  /**
   * The form as the API's body. Numbers that do not read as numbers are passed on as text, so the
   * API's own check refuses them naming the field. A stored header left blank keeps its value
   * ({@code ********}, as in a PATCH); one ticked for removal is left out.
   */
  private static Map<String, Object> settings(Form form, List<String> storedHeaders) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", form.raw("url").strip());
    body.put("description", form.raw("description"));
    Set<String> types = new LinkedHashSet<>(form.all("eventTypes"));
    for (String t : form.raw("otherTypes").split("[,\\s]+")) {
      if (!t.isBlank()) {
        types.add(t.strip());
      }
    }
    body.put("eventTypes", List.copyOf(types));
    form.get("timeoutMs").ifPresent(v -> body.put("timeoutMs", number(v)));
    form.get("rateLimitPerSecond").ifPresent(v -> body.put("rateLimitPerSecond", number(v)));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < storedHeaders.size() + BLANK_HEADER_ROWS; i++) {
      String name = form.raw("headerName" + i).strip();
      String value = form.raw("headerValue" + i);
      if (name.isEmpty() || form.get("headerRemove" + i).isPresent()) {
        continue;
      }
      boolean stored = storedHeaders.contains(name.toLowerCase(java.util.Locale.ROOT));
      headers.put(name, value.isEmpty() && stored ? "********" : value);
    }
    body.put("headers", headers);
    return body;
  }

  private static Object number(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return v;
    }
  }

  private EndpointForm emptyForm(PortalRequest r) {
    return filled(r, null, "", "https://", "", List.of(), "5000", "0", List.of(), null);
  }

  private EndpointForm entered(PortalRequest r, String id, InvalidInputException refused) {
    Form f = r.form();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40 && !f.raw("headerName" + i).isBlank(); i++) {
      if (f.get("headerStored" + i).isPresent()) {
        names.add(f.raw("headerName" + i).strip());
      }
    }
    EndpointForm filled =
        filled(
            r,
            id,
            f.raw("tenantId"),
            f.raw("url"),
            f.raw("description"),
            f.all("eventTypes"),
            f.raw("timeoutMs"),
            f.raw("rateLimitPerSecond"),
            names,
            refused);
    return new EndpointForm(
        filled.id(),
        filled.admin(),
        filled.tenantId(),
        filled.url(),
        filled.description(),
        filled.types(),
        f.raw("otherTypes"),
        filled.timeoutMs(),
        filled.rateLimitPerSecond(),
        filled.headers(),
        filled.errorField(),
        filled.error());
  }

  private EndpointForm filled(
      PortalRequest r,
      String id,
      String tenantId,
      String url,
      String description,
      List<String> chosen,
      String timeoutMs,
      String rate,
      List<String> storedHeaders,
      InvalidInputException refused) {
    List<EndpointForm.TypeChoice> choices = new ArrayList<>();
    Set<String> known = new LinkedHashSet<>();
    for (JsonNode t : api.get(r.caller(), "/v1/event-types").get("data")) {
      String name = t.get("type").asText();
      known.add(name);
      choices.add(
          new EndpointForm.TypeChoice(
              name, t.get("description").asText(""), chosen.contains(name)));
    }
    String other = String.join(", ", chosen.stream().filter(c -> !known.contains(c)).toList());
    List<EndpointForm.HeaderRow> rows = new ArrayList<>();
    for (String name : storedHeaders) {
      rows.add(new EndpointForm.HeaderRow(rows.size(), name, true));
    }
    for (int i = 0; i < BLANK_HEADER_ROWS; i++) {
      rows.add(new EndpointForm.HeaderRow(rows.size(), "", false));
    }
    return new EndpointForm(
        id,
        r.session().admin(),
        tenantId,
        url,
        description,
        choices,
        other,
        timeoutMs,
        rate,
        rows,
        refused == null ? null : refused.field(),
        refused == null ? null : refused.getMessage());
  }

  private Outcome form(Chrome chrome, EndpointForm form, int status) {
    return new Outcome.Html(status, templates.render("endpoint-form", chrome, form));
  }

  static String owner(JsonNode e) {
    JsonNode t = e.get("tenantId");
    return t == null || t.isNull() ? "global" : t.asText();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  static String percent(JsonNode rate) {
    return rate == null || rate.isNull()
        ? "–"
        : String.format(java.util.Locale.ROOT, "%.1f %%", rate.asDouble() * 100);
  }
}
