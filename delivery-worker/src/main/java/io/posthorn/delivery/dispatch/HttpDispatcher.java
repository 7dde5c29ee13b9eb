package io.posthorn.delivery.dispatch;

import io.posthorn.delivery.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Signs and POSTs deliveries with one shared okhttp client (one connection pool for all
 * endpoints). Asynchronous: {@link #dispatch} returns at once and calls back exactly once per
 * request, on an okhttp thread, with the {@link AttemptOutcome}. Redirects are not followed (a 3xx
 * is a failed attempt); at most 64 KiB of a response body is read.
 */
public final class HttpDispatcher implements AutoCloseable {
  /** Sent as {@code user-agent}. */
  public static final String USER_AGENT = "Posthorn-Webhooks/" + version();
  public static final String EVENT_TYPE_HEADER = "posthorn-event-type";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_BODY_READ = 64 * 1024;
  private static final int SNIPPET = 1024;

  private final OkHttpClient client;
  private final ExecutorService executor;
  private final Clock clock;

  /**
   * @param timeout the whole call: connect, send, and read the answer
   * @param maxConcurrent requests on the wire at once, across all endpoints
   */
  public HttpDispatcher(Duration timeout, int maxConcurrent, ExecutorService executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(maxConcurrent);
    dispatcher.setMaxRequestsPerHost(maxConcurrent);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(Math.min(maxConcurrent, 512), 5, TimeUnit.MINUTES))
            .followRedirects(false)
            .followSslRedirects(false)
            // A pooled keep-alive connection the subscriber already closed fails at once; okhttp
            // then resends on a fresh one. Same webhook-id, so this stays at-least-once.
            .retryOnConnectionFailure(true)
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .build();
  }

  public void dispatch(DeliveryRequest delivery, Consumer<AttemptOutcome> done) {
    long timestamp = clock.instant().getEpochSecond();
    Request.Builder request =
        new Request.Builder()
            .url(delivery.endpoint().url().toString())
            .post(RequestBody.create(delivery.body(), JSON))
            .header("webhook-id", delivery.eventId())
            .header("webhook-timestamp", Long.toString(timestamp))
            .header("webhook-signature",
                WebhookSigner.sign(delivery.endpoint().secrets(), delivery.eventId(), timestamp, delivery.body()))
            .header("user-agent", USER_AGENT)
            .header(EVENT_TYPE_HEADER, delivery.eventType());
    if (delivery.traceId() != null) {
      request.header("traceparent", traceparent(delivery.traceId()));
    }
    long started = System.nanoTime();
    client.newCall(request.build()).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        done.accept(outcome(response, Duration.ofNanos(System.nanoTime() - started)));
      }

      @Override
      public void onFailure(Call call, IOException e) {
        done.accept(new AttemptOutcome.Retryable(0, e.getClass().getSimpleName() + ": " + e.getMessage(), null, "",
            Duration.ofNanos(System.nanoTime() - started)));
      }
    });
  }

  private AttemptOutcome outcome(Response response, Duration elapsed) {
    try (response) {
      int status = response.code();
      String snippet = readBodyPrefix(response.body(), status >= 200 && status < 300);
      if (status >= 200 && status < 300) {
        return new AttemptOutcome.Delivered(status, elapsed);
      }
      if (status == 410) {
        return new AttemptOutcome.Gone(elapsed);
      }
      Duration retryAfter = status == 429 || status == 503 ? RetryAfter.parse(response.header("retry-after"), clock.instant()) : null;
      return new AttemptOutcome.Retryable(status, "HTTP " + status, retryAfter, snippet, elapsed);
    } catch (IOException e) {
      return new AttemptOutcome.Retryable(response.code(),
          "reading response: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, "", elapsed);
    }
  }

  /** Reads up to 64 KiB so the connection can be reused; returns the first 1 KiB unless discarded. */
  private static String readBodyPrefix(ResponseBody body, boolean discard) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] read = in.readNBytes(MAX_BODY_READ);
      return discard ? "" : new String(read, 0, Math.min(read.length, SNIPPET), StandardCharsets.UTF_8);
    }
  }

  /** A W3C traceparent continuing the event's trace with a fresh span for this request. */
  private static String traceparent(String traceId) {
    return "00-" + traceId + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() | 1L) + "-01";
  }

  private static String version() {
    String v = HttpDispatcher.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Cancels calls still on the wire and releases the pool. */
  @Override
  public void close() {
    client.dispatcher().cancelAll();
    executor.shutdown();
    client.connectionPool().evictAll();
  }
}
