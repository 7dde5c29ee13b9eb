package io.posthorn.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.RegistryException;
import io.posthorn.registry.RegistryJson;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /v1/openapi.json}: the OpenAPI 3.1 document of this API, shipped as a resource ({@code
 * io/posthorn/registry/openapi.json}) that the build converts from the hand-kept {@code
 * src/main/openapi/openapi.yaml} (decision 0029). {@code OpenApiContractIT} checks that it lists
 * exactly the routes the server has; the ITs validate every call against it. Readable without a key
 * (it holds no data): Swagger UI at {@code /docs} ({@link ApiDocs}) reads it.
 */
public final class OpenApiRoute {
  public static final String RESOURCE = "/io/posthorn/registry/openapi.json";

  private OpenApiRoute() {}

  public static JsonNode document() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new RegistryException(
            "the OpenAPI document " + RESOURCE + " is missing from the jar");
      }
      return RegistryJson.reader().readTree(in);
    } catch (IOException e) {
      throw new RegistryException("reading the OpenAPI document " + RESOURCE, e);
    }
  }

  public static Route route() {
    JsonNode doc = document();
    return new Route("GET", "/v1/openapi.json", r -> Reply.ok(doc)).withoutKey();
  }
}
