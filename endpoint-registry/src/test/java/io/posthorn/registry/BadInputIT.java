package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

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
    endpoint = f.api.post("/v1/endpoints", key,
        "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"]}").json().path("id").asText();
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
    refused("POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":\"order.*\"}", 400, "eventTypes");
    refused("POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":[\"*\"],\"timeoutMs\":\"3s\"}", 400, "timeoutMs");
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
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"headers\":{\"Connection\":\"close\"}}", 400, "headers.Connection");
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"headers\":{\"webhook-signature\":\"v1,x\"}}", 400,
        "headers.webhook-signature");
  }

  @Test
  void oversizedBody() {
    refused("POST", "/v1/endpoints", "{\"description\":\"" + "x".repeat(5000) + "\"}", 413, "body");
  }

  @Test
  void badUrls() {
    for (String url : new String[] {"ftp://hooks.acme.example/in", "http://hooks.acme.example/in", "/relative",
        "https://user:pw@hooks.acme.example/in", "https://hooks.acme.example/" + "a".repeat(2100), "https://nowhere.invalid/x",
        "not a url"}) {
      refused("POST", "/v1/endpoints", "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}", 400, "url");
    }
  }

  @Test
  void ssrfUrls() {
    for (String url : new String[] {"https://127.0.0.1/in", "https://localhost:8443/in", "https://10.1.2.3/",
        "https://192.168.0.10/", "https://169.254.169.254/latest/meta-data", "https://metadata.acme.example/",
        "https://internal.acme.example/", "https://[::1]/", "https://[fd00::1]/", "https://100.64.0.1/",
        "https://[::ffff:127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/",
        "https://192.0.2.1/", "https://198.51.100.1/", "https://203.0.113.1/", "https://192.0.0.1/"}) {
      Api.Response r = refused("POST", "/v1/endpoints", "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}", 400, "url");
      assertThat(r.json().path("detail").asText()).as(url).contains("which endpoints may not use");
    }
    refused("PATCH", "/v1/endpoints/" + endpoint, "{\"url\":\"https://169.254.169.254/\"}", 400, "url");
  }

  @Test
  void ambiguousIpv4SpellingsAreRefusedSayingSo() {
    for (String url : new String[] {"https://127.1/", "https://0x7f.0.0.1/", "https://127.0.0.1./", "https://2130706433/",
        "https://0177.0.0.1/"}) {
      Api.Response r = refused("POST", "/v1/endpoints", "{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}", 400, "url");
      assertThat(r.json().path("detail").asText()).as(url).contains("is an ambiguous IPv4 spelling")
          .contains("read as 127.0.0.1");
    }
  }

  @Test
  void unknownEventTypes() {
    refused("POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":[\"order.shipped\"]}", 400, "eventTypes[0]");
    refused("POST", "/v1/endpoints", "{" + OK_URL + ",\"eventTypes\":[\"order.*\",\"Order.Created\"]}", 400,
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

  private static Api.Response refused(String method, String path, String body, int status, String field) {
    String before = f.snapshot();
    Api.Response r = f.api.call(method, path, key, body);
    assertThat(r.status()).as(method + " " + path + " " + body + " -> " + r).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    assertThat(r.json().path("detail").asText()).isNotBlank();
    assertThat(f.snapshot()).as("nothing changed after " + method + " " + path).isEqualTo(before);
    return r;
  }
}
