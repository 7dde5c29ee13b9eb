package io.posthorn.registry.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.portal.page.AttemptDetail;
import io.posthorn.registry.portal.page.AttemptList;
import io.posthorn.registry.portal.page.Chrome;
import io.posthorn.registry.portal.page.RecoveryPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's attempts (newest first, filtered by outcome, status and time, 50 a page), one
 * attempt's detail, resend, and recover-since with its progress.
 */
final class AttemptPages {
  private static final String PAGE_SIZE = "50";

  private final PortalApi api;
  private final Templates templates;
  private final Portal.Bodies bodies;

  AttemptPages(PortalApi api, Templates templates, Portal.Bodies bodies) {
    this.api = api;
    this.templates = templates;
    this.bodies = bodies;
  }

  Outcome list(PortalRequest r, Chrome chrome, String id) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    Form q = r.query();
    String outcome = q.get("outcome").orElse("");
    String status = q.get("status").orElse("");
    String since = q.get("since").orElse("");
    String until = q.get("until").orElse("");
    JsonNode page;
    try {
      page =
          api.get(
              r.caller(),
              "/v1/endpoints/" + id + "/attempts",
              PortalApi.params(
                  "limit",
                  PAGE_SIZE,
                  "outcome",
                  outcome,
                  "status",
                  status,
                  "since",
                  instant(since),
                  "until",
                  instant(until),
                  "cursor",
                  q.get("cursor").orElse(null)));
    } catch (InvalidInputException refused) {
      throw new PortalException(400, refused.getMessage());
    }
    List<AttemptList.AttemptRow> rows = new ArrayList<>();
    for (JsonNode a : page.get("data")) {
      rows.add(
          new AttemptList.AttemptRow(
              a.get("eventId").asText(),
              a.get("eventType").asText(),
              a.get("attempt").asInt(),
              a.get("startedAt").asText(),
              a.get("outcome").asText(),
              a.get("status").asInt(),
              a.get("durationMs").asLong(),
              a.get("final").asBoolean(),
              "/portal/endpoints/"
                  + id
                  + "/attempts/"
                  + a.get("eventId").asText()
                  + "/"
                  + a.get("attempt").asInt()));
    }
    JsonNode next = page.get("nextCursor");
    String nextPage =
        next == null || next.isNull()
            ? null
            : "/portal/endpoints/"
                + id
                + "/attempts?"
                + link("outcome", outcome)
                + link("status", status)
                + link("since", since)
                + link("until", until)
                + "cursor="
                + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
    return Outcome.ok(
        templates.render(
            "attempts",
            chrome.withTitle("Attempts"),
            new AttemptList(
                id, e.get("url").asText(), rows, outcome, status, since, until, nextPage)));
  }

  Outcome detail(PortalRequest r, Chrome chrome, String id, String eventId, String number) {
    JsonNode e = api.get(r.caller(), "/v1/endpoints/" + id);
    JsonNode found = null;
    JsonNode page =
        api.get(
            r.caller(), "/v1/events/" + eventId + "/attempts", PortalApi.params("limit", "100"));
    for (JsonNode a : page.get("data")) {
      if (a.get("endpointId").asText().equals(id) && a.get("attempt").asText().equals(number)) {
        found = a;
      }
    }
    if (found == null) {
      throw new NotFoundException("attempt", "no such attempt");
    }
    List<AttemptDetail.Header> headers = new ArrayList<>();
    headers.add(new AttemptDetail.Header("content-type", "application/json"));
    headers.add(new AttemptDetail.Header("webhook-id", eventId));
    headers.add(
        new AttemptDetail.Header(
            "webhook-timestamp",
            Long.toString(Instant.parse(found.get("startedAt").asText()).getEpochSecond())));
    headers.add(new AttemptDetail.Header("webhook-signature", "v1,******** (masked)"));
    e.get("headers")
        .fieldNames()
        .forEachRemaining(n -> headers.add(new AttemptDetail.Header(n, "******** (masked)")));
    return Outcome.ok(
        templates.render(
            "attempt",
            chrome.withTitle("Attempt " + number + " of " + found.get("eventType").asText()),
            new AttemptDetail(
                id,
                eventId,
                found.get("eventType").asText(),
                found.get("attempt").asInt(),
                found.get("startedAt").asText(),
                found.get("outcome").asText(),
                found.get("status").asInt(),
                found.get("durationMs").asLong(),
                found.path("error").asText(""),
                found.path("responseSnippet").asText(""),
                found.get("final").asBoolean(),
                headers,
                bodies
                    .body(id, eventId)
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .orElse(null))));
  }

  Outcome resend(PortalRequest r, String id, String eventId) {
    api.send(r.caller(), "POST", "/v1/endpoints/" + id + "/events/" + eventId + "/resend", null);
    return new Outcome.Redirect("/portal/endpoints/" + id + "/attempts?done=resent");
  }

  Outcome recover(PortalRequest r, String id) {
    String since = instant(r.form().raw("since").strip());
    JsonNode rec;
    try {
      rec =
          api.send(r.caller(), "POST", "/v1/endpoints/" + id + "/recover", Map.of("since", since));
    } catch (InvalidInputException refused) {
      throw new PortalException(400, refused.getMessage());
    }
    return new Outcome.Redirect(
        "/portal/endpoints/" + id + "/recoveries/" + rec.get("id").asText());
  }

  Outcome recovery(PortalRequest r, Chrome chrome, String id, String recoveryId) {
    JsonNode rec = api.get(r.caller(), "/v1/endpoints/" + id + "/recoveries/" + recoveryId);
    return Outcome.ok(
        templates.render(
            "recovery",
            chrome.withTitle("Recovery"),
            new RecoveryPage(
                id,
                recoveryId,
                rec.get("since").asText(),
                rec.get("state").asText(),
                rec.get("total").asInt(),
                rec.get("sent").asInt(),
                rec.get("unavailable").asInt(),
                rec.path("error").asText(""))));
  }

  /**
   * A {@code datetime-local} value (minutes, no zone) read as UTC; anything else is passed on as
   * typed for the API to judge.
   */
  static String instant(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
      return v + ":00Z";
    }
    if (v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}")) {
      return v + "Z";
    }
    return v;
  }

  private static String link(String name, String value) {
    return value.isEmpty()
        ? ""
        : name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&";
  }
}
