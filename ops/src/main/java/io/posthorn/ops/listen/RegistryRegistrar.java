package io.posthorn.ops.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.ops.OpsException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Registers through the endpoint registry's admin API, as any subscriber would: {@code POST
 * /v1/endpoints} (the registry generates the id and the secret) and {@code DELETE} on exit. The
 * registry must allow plain {@code http} and loopback addresses for the key's tenant, as the dev
 * stack's does. The API key is sent as a bearer token and never printed.
 */
final class RegistryRegistrar implements EndpointRegistrar {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI registry;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  RegistryRegistrar(URI registry, String apiKey, Duration timeout) {
    this.registry = registry;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public Registered register(TemporaryEndpoint e) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("url", e.url().toString())
            .put("description", "posthorn listen (" + e.endpointId() + "), removed when it stops")
            .put("maxInFlight", 1000);
    body.put(
        "tenantId",
        e.tenantId()); // null: global, which an admin key must say; a tenant key may name its own
    e.eventTypes().forEach(body.putArray("eventTypes")::add);
    JsonNode created =
        call(
            HttpRequest.newBuilder(registry.resolve("/v1/endpoints"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
            201,
            "registering the endpoint");
    return new Registered(created.path("id").asText(), created.path("secret").asText());
  }

  @Override
  public void remove(String endpointId) {
    call(
        HttpRequest.newBuilder(registry.resolve("/v1/endpoints/" + endpointId)).DELETE(),
        204,
        "deleting endpoint " + endpointId);
  }

  private JsonNode call(HttpRequest.Builder request, int expected, String what) {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              request.timeout(timeout).header("Authorization", "Bearer " + apiKey).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OpsException(
          what
              + ": cannot reach the registry at "
              + registry
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while " + what);
    }
    JsonNode answer = parse(r.body());
    if (r.statusCode() == 401) {
      throw new OpsException(
          what
              + ": the registry at "
              + registry
              + " refused the API key (--api-key,"
              + " $POSTHORN_REGISTRY_KEY)");
    }
    if (r.statusCode() != expected) {
      String field = answer.path("field").asText("");
      throw new OpsException(
          what
              + ": the registry answered "
              + r.statusCode()
              + ": "
              + answer.path("detail").asText(answer.path("title").asText(""))
              + (field.isEmpty() ? "" : " (" + field + ")"));
    }
    return answer;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
