package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every class of bad input: a 4xx problem naming the field, and nothing changed. */
class BadInputIT {
  private static RegistryFixture f;
  private static String key;
  private static String endpoint;

  @BeforeAll
  static void start() {
    f = new RegistryFixture(b -> b.maxBodyBytes(4096));
    key = f.tenantKey("acme");
    endpoint =
        f.api
            .post(
                "/v1/endpoints",
                key,
                "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"]}")
            .json()
            .path("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static final String OK_URL = "\"url\":\"https://hooks.acme.example/in\"";

  @Test
  void malformedJson() {
    refused("POST", "/v1/endpoints", "{\"url\": ", 400, "body");
    refused("POST", "/v1/endpoints", "[1,2]", 400, "body");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"timeoutMs\":1} trailing", 400, "body");
  }

  @Test
  void wrongTypes() {
    refused(
        "POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":\"order.*\"}", 400, "eventTypes");
    refused(
        "POST",
        "/v1/endpoints",
        "{" + OK_URL + ",\"eventTypes\":[\"*\"],\"timeoutMs\":\"3s\"}",
        400,
        "timeoutMs");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"headers\":{\"x-a\":1}}", 400, "headers.x-a");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"metadata\":[1]}", 400, "metadata");
  }

  @Test
  void missingFieldsAndOutOfRange() {
    refused("POST", "/v1/endpoints", "{\"eventTypes\":[\"*\"]}", 400, "url");
    refused("POST", "/v1/endpoints", "{" + OK_URL + "}", 400, "eventTypes");
    refused("POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":[]}", 400, "eventTypes");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"timeoutMs\":30001}", 400, "timeoutMs");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"url\":null}", 400, "url");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"colour\":\"blue\"}", 400, "colour");
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"headers\":{\"Connection\":\"close\"}}",
        400,
        "headers.Connection");
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"headers\":{\"webhook-signature\":\"v1,x\"}}",
        400,
        "headers.webhook-signature");
  }

  @Test
  void oversizedBody() {
    refused("POST", "/v1/endpoints", "{\"description\":\"" + "x".repeat(5000) + "\"}", 413, "body");
  }

  @Test
  void badUrls() {
    for (String url :
        new String[] {
          "ftp://hooks.acme.example/in",
          "http://hooks.acme.example/in",
          "/relative",
          "https://user:pw@hooks.acme.example/in",
          "https://hooks.acme.example/" + "a".repeat(2100),
          "https://nowhere.invalid/x",
          "not a url"
        }) {
      refused(
          "POST", "/v1/endpoints", "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}", 400, "url");
    }
  }

  @Test
  void ssrfUrls() {
    for (String url :
        new String[] {
          "https://127.0.0.1/in",
          "https://localhost:8443/in",
          "https://10.1.2.3/",
          "https://192.168.0.10/",
          "https://169.254.169.254/latest/meta-data",
          "https://metadata.acme.example/",
          "https://internal.acme.example/",
          "https://[::1]/",
          "https://[fd00::1]/",
          "https://100.64.0.1/",
          "https://[::ffff:127.0.0.1]/",
          "https://[64:ff9b::a9fe:a9fe]/",
          "https://[2002:7f00:1::]/",
          "https://192.0.2.1/",
          "https://198.51.100.1/",
          "https://203.0.113.1/",
          "https://192.0.0.1/"
        }) {
      Api.Response r =
          refused(
              "POST",
              "/v1/endpoints",
              "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}",
              400,
              "url");
      assertThat(r.json().path("detail").asText()).as(url).contains("which endpoints may not use");
    }
    refused(
        "PATCH", "/v1/endpoints/" + endpoint, "{\"url\":\"https://169.254.169.254/\"}", 400, "url");
  }

  @Test
  void ambiguousIpv4SpellingsAreRefusedSayingSo() {
    for (String url :
        new String[] {
          "https://127.1/",
          "https://0x7f.0.0.1/",
          "https://127.0.0.1./",
          "https://2130706433/",
          "https://0177.0.0.1/"
        }) {
      Api.Response r =
          refused(
              "POST",
              "/v1/endpoints",
              "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}",
              400,
              "url");
      assertThat(r.json().path("detail").asText())
          .as(url)
          .contains("is an ambiguous IPv4 spelling")
          .contains("read as 127.0.0.1");
    }
  }

  @Test
  void unknownEventTypes() {
    refused(
        "POST",
        "/v1/endpoints",
        "{" + OK_URL + ",\"eventTypes\":[\"order.shipped\"]}",
        400,
        "eventTypes[0]");
    refused(
        "POST",
        "/v1/endpoints",
        "{" + OK_URL + ",\"eventTypes\":[\"order.*\",\"Order.Created\"]}",
        400,
        "eventTypes[1]");
  }

  @Test
  void badCursorLimitAndFilters() {
    refused("GET", "/v1/endpoints?cursor=bm90LWEtY3Vyc29y", null, 400, "cursor");
    refused("GET", "/v1/endpoints?cursor=!!!", null, 400, "cursor");
    refused("GET", "/v1/endpoints?limit=101", null, 400, "limit");
    refused("GET", "/v1/endpoints?limit=ten", null, 400, "limit");
    refused("GET", "/v1/endpoints?status=on", null, 400, "status");
  }

  @Test
  void wrongMediaTypeMethodAndPath() {
    String before = f.snapshot();
    Api.Response text = f.api.send("POST", "/v1/endpoints", key, "url=x", "text/plain");
    assertThat(text.status()).isEqualTo(415);
    assertThat(f.api.call("PUT", "/v1/endpoints/" + endpoint, key, "{}").status()).isEqualTo(405);
    assertThat(f.api.get("/v1/nothing-here", key).json().path("field").asText()).isEqualTo("path");
    assertThat(f.snapshot()).isEqualTo(before);
  }

  @Test
  void nulBytesInStoredStrings() {
    String e = "/v1/endpoints/" + endpoint;
    refused("PATCH", e, "{\"description\":\"a\\u0000b\"}", 400, "description");
    refused(
        "PATCH", e, "{\"metadata\":{\"team\":{\"name\":\"x\\u0000\"}}}", 400, "metadata.team.name");
    refused("PATCH", e, "{\"metadata\":{\"k\\u0000\":1}}", 400, "metadata");
    refused("PATCH", e, "{\"headers\":{\"x-token\":\"Bearer a\\u0000b\"}}", 400, "headers.x-token");
    refused("POST", e + "/disable", "{\"reason\":\"\\u0000\"}", 400, "reason");
    refused(
        "POST",
        "/v1/endpoints",
        "{" + OK_URL + ",\"eventTypes\":[\"order.*\\u0000\"]}",
        400,
        "eventTypes[0]");
    refusedAsAdmin(
        "POST",
        "/v1/api-keys",
        "{\"tenantId\":\"acme\",\"description\":\"\\u0000\"}",
        "description");
  }

  @Test
  void nulBytesAndBadShapesInPathIds() {
    refused("GET", "/v1/endpoints/%00", null, 400, "endpointId");
    refused("PATCH", "/v1/endpoints/ep_%00", "{}", 400, "endpointId");
    refused("GET", "/v1/endpoints/not-an-id/attempts", null, 400, "endpointId");
    refused("GET", "/v1/events/%00/attempts", null, 400, "eventId");
    refused("GET", "/v1/events/not-a-uuid/attempts", null, 400, "eventId");
    refused("GET", "/v1/endpoints/" + endpoint + "/recoveries/%00", null, 400, "recoveryId");
    refused("POST", "/v1/endpoints/" + endpoint + "/events/%00/resend", null, 400, "eventId");
    refusedAsAdmin("GET", "/v1/tenants/a%00b", null, "tenantId");
    refusedAsAdmin("PUT", "/v1/tenants/a%00b", "{}", "tenantId");
    refusedAsAdmin("DELETE", "/v1/api-keys/%00", null, "keyId");
  }

  @Test
  void timestampsOutsideTheSaneRange() {
    String attempts = "/v1/endpoints/" + endpoint + "/attempts";
    refused("GET", attempts + "?since=-999999999-01-01T00:00:00Z", null, 400, "since");
    refused("GET", attempts + "?until=%2B999999999-12-31T23:59:59Z", null, 400, "until");
    refused("GET", attempts + "?since=1969-12-31T23:59:59Z", null, 400, "since");
    refused(
        "GET",
        "/v1/endpoints/" + endpoint + "/stats?since=-999999999-01-01T00:00:00Z",
        null,
        400,
        "since");
    refused(
        "POST",
        "/v1/endpoints/" + endpoint + "/recover",
        "{\"since\":\"-999999999-01-01T00:00:00Z\"}",
        400,
        "since");
    String farCursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "attempts:+999999999-12-31T23:59:59Z~1".getBytes(StandardCharsets.UTF_8));
    refused("GET", attempts + "?cursor=" + farCursor, null, 400, "cursor");
    assertThat(
            f.api
                .get(attempts + "?since=1970-01-01T00:00:00Z&until=9999-12-31T23:59:59Z", key)
                .status())
        .isEqualTo(200);
  }

  @Test
  void duplicateKeysAreRefusedNamingTheKey() {
    Api.Response r =
        refused(
            "POST",
            "/v1/endpoints",
            "{"
                + OK_URL
                + ",\"eventTypes\":[\"*\"],"
                + "\"url\":\"https://hooks.acme.example/other\"}",
            400,
            "url");
    assertThat(r.json().path("detail").asText()).contains("twice");
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"headers\":{\"x-a\":\"1\",\"x-a\":\"2\"}}",
        400,
        "headers.x-a");
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"metadata\":{\"l\":[{\"k\":1,\"k\":2}]}}",
        400,
        "metadata.l[0].k");
  }

  @Test
  void loneSurrogatesAreRefusedNotStoredAsQuestionMarks() {
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"description\":\"x\\ud800y\"}",
        400,
        "description");
    refused(
        "PATCH", "/v1/endpoints/" + endpoint, "{\"description\":\"\\udc00\"}", 400, "description");
    refused(
        "PATCH",
        "/v1/endpoints/" + endpoint,
        "{\"metadata\":{\"a\":\"\\ud83d\"}}",
        400,
        "metadata.a");
    Api.Response pair =
        f.api.call(
            "PATCH", "/v1/endpoints/" + endpoint, key, "{\"description\":\"\\ud83d\\udce6\"}");
    assertThat(pair.status()).isEqualTo(200);
    assertThat(pair.json().path("description").asText()).isEqualTo("\uD83D\uDCE6");
  }

  @Test
  void unknownAndRepeatedQueryParameters() {
    refused("GET", "/v1/endpoints?colour=blue", null, 400, "colour");
    refused("GET", "/v1/endpoints/" + endpoint + "?limit=5", null, 400, "limit");
    refused("GET", "/v1/endpoints?limit=5&limit=6", null, 400, "limit");
    refused(
        "GET",
        "/v1/endpoints/" + endpoint + "/attempts?outcome=failed&sinse=2026-01-01T00:00:00Z",
        null,
        400,
        "sinse");
    refused("POST", "/v1/endpoints/" + endpoint + "/disable?force=true", null, 400, "force");
    refused("GET", "/v1/endpoints?eventType=%00", null, 400, "eventType");
    assertThat(f.api.get("/v1/endpoints?limit=5&status=enabled", key).status()).isEqualTo(200);
  }

  @Test
  void aBodySentToAnOperationThatTakesNoneIsRefused() {
    refused("POST", "/v1/endpoints/" + endpoint + "/enable", "{\"reason\":\"x\"}", 400, "body");
    refused("GET", "/v1/endpoints/" + endpoint, "{\"a\":1,\"a\":2}", 400, "body");
    refused("DELETE", "/v1/endpoints/" + endpoint, "{}", 400, "body");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    for (Api.Response r :
        List.of(
            f.api.get("/v1/endpoints", key),
            f.api.get("/v1/endpoints?limit=0", key),
            f.api.get("/v1/endpoints", null),
            f.api.get("/v1/nothing-here", key),
            f.api.call("PUT", "/v1/endpoints", key, "{}"),
            f.api.get("/v1/openapi.json", key))) {
      assertThat(r.header("x-content-type-options")).as(r.toString()).isEqualTo("nosniff");
      assertThat(r.header("content-security-policy"))
          .as(r.toString())
          .contains("default-src 'none'")
          .contains("frame-ancestors 'none'");
    }
  }

  private static void refusedAsAdmin(String method, String path, String body, String field) {
    String before = f.dump();
    Api.Response r = f.api.call(method, path, RegistryFixture.ADMIN_KEY, body);
    assertThat(r.status()).as(method + " " + path + " -> " + r).isEqualTo(400);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    assertThat(f.dump()).as("nothing changed after " + method + " " + path).isEqualTo(before);
  }

  private static Api.Response refused(
      String method, String path, String body, int status, String field) {
    String before = f.dump();
    Api.Response r = f.api.call(method, path, key, body);
    assertThat(r.status()).as(method + " " + path + " " + body + " -> " + r).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    assertThat(r.json().path("detail").asText()).isNotBlank();
    assertThat(f.dump()).as("nothing changed after " + method + " " + path).isEqualTo(before);
    return r;
  }
}
