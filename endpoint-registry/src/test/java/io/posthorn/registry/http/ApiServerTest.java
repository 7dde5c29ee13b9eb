package io.posthorn.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.registry.auth.Caller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  @Test
  void anUnexpectedFailureAnswers500WithOnlyAnErrorId() throws Exception {
    Route failing = new Route("GET", "/v1/boom", r -> {
      throw new IllegalStateException("connection to db-internal.corp:5432 refused for user registry_rw");
    });
    try (ApiServer server = ApiServer.start("127.0.0.1", 0, List.of(failing),
        k -> Optional.of(new Caller.Admin("k")), 1024)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(server.url() + "/v1/boom")).header("Authorization", "Bearer k").build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
      assertThat(r.body()).contains("error id").doesNotContain("db-internal").doesNotContain("IllegalState")
          .doesNotContain("registry_rw");
    }
  }

  @Test
  void pathParametersAreMatchedSegmentBySegment() {
    Route route = new Route("GET", "/v1/endpoints/{endpointId}/secret", r -> Reply.noContent());

    assertThat(route.match(List.of("v1", "endpoints", "ep_1", "secret"))).containsEntry("endpointId", "ep_1");
    assertThat(route.match(List.of("v1", "endpoints", "ep_1"))).isNull();
    assertThat(route.match(List.of("v1", "endpoints", "", "secret"))).isNull();
  }
}
