package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document lists exactly the routes the running server answers, with their query
 * parameters and bodies. (What each request and response holds is checked on every call the ITs
 * make: {@link Api}, {@link ApiContract}.)
 */
class OpenApiContractIT {
  private static RegistryFixture f;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Api.Response r = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY);
    assertThat(r.status()).isEqualTo(200);
    JsonNode doc = r.json();
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");

    Set<String> documented = new TreeSet<>();
    doc.path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        op ->
                            documented.add(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey())));
    Set<String> served = new TreeSet<>();
    f.registry.routes().forEach(route -> served.add(route.method() + " " + route.pattern()));

    assertThat(documented).isEqualTo(served);
  }

  @Test
  void exactlyTheRoutesThatNeedNoKeyAreDocumentedWithoutSecurity() {
    JsonNode doc = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY).json();
    f.registry
        .routes()
        .forEach(
            route -> {
              JsonNode security =
                  doc.path("paths")
                      .path(route.pattern())
                      .path(route.method().toLowerCase(Locale.ROOT))
                      .path("security");
              assertThat(security.isArray() && security.isEmpty())
                  .as(route.method() + " " + route.pattern())
                  .isEqualTo(route.anonymous());
            });
  }

  @Test
  void theDocumentAndSwaggerUiAtDocsAreServedWithoutAKey() throws Exception {
    assertThat(f.api.get("/v1/openapi.json", null).status()).isEqualTo(200);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(f.registry.url().resolve("/docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> init =
        http.send(
            HttpRequest.newBuilder(f.registry.url().resolve("/docs/initializer.js")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'self';")
        .doesNotContain("unsafe-inline");
    assertThat(page.body()).contains("<script src=\"/docs/initializer.js\"");
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.body()).contains("url: \"/v1/openapi.json\"");
  }

  @Test
  void everyOperationDocumentsExactlyTheQueryParametersItsRouteTakes() {
    JsonNode doc = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY).json();
    f.registry
        .routes()
        .forEach(
            route -> {
              JsonNode op =
                  doc.path("paths")
                      .path(route.pattern())
                      .path(route.method().toLowerCase(Locale.ROOT));
              Set<String> documented = new TreeSet<>();
              for (JsonNode param : op.path("parameters")) {
                JsonNode resolved = doc.at(param.path("$ref").asText().substring(1));
                if (resolved.path("in").asText().equals("query")) {
                  documented.add(resolved.path("name").asText());
                }
              }
              assertThat(documented)
                  .as(route.method() + " " + route.pattern())
                  .isEqualTo(new TreeSet<>(route.query()));
              assertThat(op.path("responses").has("429"))
                  .as(route.method() + " " + route.pattern())
                  .isTrue();
            });
  }

  @Test
  void everyDocumentedOperationDescribesItsErrorsAndParameters() {
    JsonNode doc = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY).json();
    doc.path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          String name = op.getKey() + " " + p.getKey();
                          boolean anonymous =
                              op.getValue().path("security").isArray()
                                  && op.getValue().path("security").isEmpty();
                          assertThat(op.getValue().path("responses").has("401"))
                              .as(name + " documents 401 unless it needs no key")
                              .isEqualTo(!anonymous);
                          long pathParams = p.getKey().chars().filter(c -> c == '{').count();
                          long declared = 0;
                          for (JsonNode param : op.getValue().path("parameters")) {
                            String ref = param.path("$ref").asText();
                            JsonNode resolved = doc.at(ref.substring(1));
                            assertThat(resolved.isMissingNode()).as(name + " " + ref).isFalse();
                            if (resolved.path("in").asText().equals("path")) {
                              declared++;
                              assertThat(p.getKey())
                                  .as(name)
                                  .contains("{" + resolved.path("name").asText() + "}");
                            }
                          }
                          assertThat(declared)
                              .as(name + " declares its path parameters")
                              .isEqualTo(pathParams);
                        }));
  }

  @Test
  void everyOperationDocumentsABodyExactlyWhenItsRouteReadsOne() {
    JsonNode doc = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY).json();
    f.registry
        .routes()
        .forEach(
            route -> {
              JsonNode op =
                  doc.path("paths")
                      .path(route.pattern())
                      .path(route.method().toLowerCase(Locale.ROOT));
              assertThat(op.path("requestBody").isObject())
                  .as(route.method() + " " + route.pattern())
                  .isEqualTo(route.body());
              assertThat(op.path("requestBody").path("content").has("application/json"))
                  .as(route.method() + " " + route.pattern())
                  .isEqualTo(route.body());
            });
  }

  @Test
  void everySuccessIsDescribedByASchemaAndEveryErrorByTheProblem() {
    JsonNode doc = f.api.get("/v1/openapi.json", RegistryFixture.ADMIN_KEY).json();
    doc.path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        op ->
                            op.getValue()
                                .path("responses")
                                .properties()
                                .forEach(
                                    r -> {
                                      String name =
                                          op.getKey() + " " + p.getKey() + " " + r.getKey();
                                      JsonNode response = r.getValue();
                                      if (response.has("$ref")) {
                                        response =
                                            doc.at(response.path("$ref").asText().substring(1));
                                      }
                                      int status = Integer.parseInt(r.getKey());
                                      if (status == 204) {
                                        assertThat(response.has("content")).as(name).isFalse();
                                      } else if (status < 300) {
                                        assertThat(
                                                response
                                                    .at("/content/application~1json/schema")
                                                    .isObject())
                                            .as(name)
                                            .isTrue();
                                      } else {
                                        assertThat(
                                                response
                                                    .at(
                                                        "/content/application~1problem+json/schema/$ref")
                                                    .asText())
                                            .as(name)
                                            .isEqualTo("#/components/schemas/Problem");
                                      }
                                    })));
  }
}
