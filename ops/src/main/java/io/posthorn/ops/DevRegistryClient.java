package io.posthorn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/** What {@code posthorn dev} asks of its registry, over the real API: the demo endpoint. */
final class DevRegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DevRegistryClient() {}

  /** A random admin key for this run. */
  static String newAdminKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return "phk_dev_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * Registers the demo endpoint as a global endpoint for every type; returns its signing secret.
   */
  static String registerDemo(URI registry, String adminKey, URI demoUrl) {
    ObjectNode body =
        JSON.createObjectNode()
            .putNull("tenantId")
            .put("url", demoUrl.toString())
            .put("description", "posthorn dev demo endpoint")
            .put("maxInFlight", 1000);
    body.putArray("eventTypes").add("*");
    HttpRequest request =
        HttpRequest.newBuilder(registry.resolve("/v1/endpoints"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + adminKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode answer = JSON.readTree(r.body());
      if (r.statusCode() != 201) {
        throw new IllegalStateException(
            "registering the demo endpoint: "
                + r.statusCode()
                + " "
                + answer.path("detail").asText());
      }
      return answer.path("secret").asText();
    } catch (IOException e) {
      throw new IllegalStateException(
          "registering the demo endpoint at " + registry + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while registering the demo endpoint", e);
    }
  }
}
