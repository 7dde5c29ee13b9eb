package io.posthorn.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A plain HTTP client for the registry API in tests: one call, one {@link Response}. Every call is
 * checked against the OpenAPI document ({@link ApiContract}): a response whose status, media type,
 * headers or body the document does not describe fails the test, and so does a request the document
 * refuses that the server accepted (2xx). A request the document accepts may still be refused by
 * the server for rules a schema cannot say (the URL policy, the event catalog).
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  Api(URI base) {
    this.base = base;
  }

  record Response(int status, String contentType, String text, HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  Response call(String method, String path, String key, String body) {
    return send(method, path, key, body, "application/json");
  }

  Response get(String path, String key) {
    return call("GET", path, key, null);
  }

  Response post(String path, String key, String body) {
    return call("POST", path, key, body);
  }

  Response send(String method, String path, String key, String body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      checkContract(method, path, key, body == null ? null : contentType, body, r);
      return new Response(
          r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), r.headers());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Fails the test when the exchange breaks the contract (see the class comment). */
  static void checkContract(
      String method,
      String target,
      String key,
      String contentType,
      String body,
      HttpResponse<String> r) {
    String exchange = method + " " + target + (body == null ? "" : " " + body);
    List<String> response =
        ApiContract.REGISTRY.responseViolations(
            method, target, r.statusCode(), r.headers(), r.body());
    if (!response.isEmpty()) {
      throw new AssertionError(
          "the response breaks the OpenAPI contract: "
              + exchange
              + " -> "
              + r.statusCode()
              + " "
              + r.body()
              + "\n  "
              + String.join("\n  ", response));
    }
    if (r.statusCode() < 300) {
      List<String> request =
          ApiContract.REGISTRY.requestViolations(method, target, key, contentType, body);
      if (!request.isEmpty()) {
        throw new AssertionError(
            "the server accepted a request the OpenAPI contract refuses: "
                + exchange
                + " -> "
                + r.statusCode()
                + "\n  "
                + String.join("\n  ", request));
      }
    }
  }
}
