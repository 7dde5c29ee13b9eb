package io.posthorn.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes a command's metrics endpoint, found from the URL the command printed. */
final class Metrics {
  private static final Pattern URL = Pattern.compile("http://[^:\\s]+:(\\d+)/metrics");

  private Metrics() {}

  /** GET /metrics of the process whose {@code output} printed {@code prefix} + its URL. */
  static String scrape(String output, String prefix) throws IOException, InterruptedException {
    HttpResponse<String> r = get(output, prefix, "/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + r.uri() + " answered " + r.statusCode());
    }
    return r.body();
  }

  /**
   * GET {@code path} ({@code /healthz}, {@code /readyz}) on the metrics port the process printed.
   */
  static HttpResponse<String> get(String output, String prefix, String path)
      throws IOException, InterruptedException {
    int at = output.indexOf(prefix);
    if (at < 0) {
      throw new AssertionError("no line starting with '" + prefix + "' in:\n" + output);
    }
    Matcher m = URL.matcher(output.substring(at + prefix.length()));
    if (!m.lookingAt()) {
      throw new AssertionError("no metrics URL after '" + prefix + "' in:\n" + output);
    }
    URI local = URI.create("http://127.0.0.1:" + m.group(1) + path);
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
