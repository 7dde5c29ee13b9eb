package io.posthorn.ops.listen;

import io.posthorn.devstack.ReceivedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Passes a received delivery on to the developer's app unchanged: the exact body and the headers a
 * receiver verifies with, so the app's own signature check runs on the real thing.
 */
final class Forwarder {
  /** Request headers passed on; the rest (host, length, connection) belong to the hop. */
  static final List<String> HEADERS =
      List.of(
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "content-type",
          "posthorn-event-type",
          "traceparent",
          "user-agent");

  /** The app's answer, or why there was none. */
  sealed interface Result {
    record Answered(int status) implements Result {}

    record Failed(String why) implements Result {}
  }

  private final URI target;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with local apps
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  Forwarder(URI target) {
    this.target = target;
  }

  URI target() {
    return target;
  }

  Result forward(ReceivedRequest request) {
    HttpRequest.Builder out =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (String name : HEADERS) {
      String value = request.header(name);
      if (value != null) {
        out.header(name, value);
      }
    }
    try {
      return new Result.Answered(
          client.send(out.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return new Result.Failed(
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed("interrupted");
    }
  }
}
