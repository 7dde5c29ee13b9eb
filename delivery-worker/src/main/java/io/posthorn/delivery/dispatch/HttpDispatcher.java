package io.posthorn.delivery.dispatch;

import io.posthorn.schema.endpoint.AddressPolicy;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Signs and POSTs deliveries over one connection pool shared by all endpoints. Asynchronous:
 * {@link #dispatch} returns at once and calls back exactly once per request, on an HTTP thread,
 * with the {@link AttemptOutcome}. Redirects are not followed (a 3xx is a failed attempt); at most
 * 64 KiB of a response body is read. Each call is bounded by its endpoint's timeout. Unless the
 * endpoint may reach private networks, addresses are checked against {@link AddressPolicy} when the
 * connection is made, so nothing is ever connected to a refused address.
 */
public final class HttpDispatcher implements AutoCloseable {
  /** Sent as {@code user-agent}. */
  public static final String USER_AGENT = "Posthorn-Webhooks/" + version();
  public static final String EVENT_TYPE_HEADER = "posthorn-event-type";
  /** Response header by which a subscriber asks to stop retrying ({@code abort}) or to be disabled ({@code disable}). */
  public static final String DIRECTIVE_HEADER = "webhook-delivery";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_BODY_READ = 64 * 1024;
  private static final int SNIPPET = 1024;
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern IPV4_LITERAL = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private final OkHttpClient guarded;
  private final OkHttpClient open;
  private final ExecutorService executor;
  private final Clock clock;

  /**
   * @param maxConcurrent requests on the wire at once, across all endpoints
   * @param dns resolves endpoint hosts ({@link Dns#SYSTEM} in production)
   * @param allowPrivateNetworks skip the address check for every endpoint (the dev stack)
   */
  public HttpDispatcher(int maxConcurrent, ExecutorService executor, Clock clock, Dns dns,
      boolean allowPrivateNetworks) {
    this.executor = executor;
    this.clock = clock;
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(maxConcurrent);
    dispatcher.setMaxRequestsPerHost(maxConcurrent); // per-endpoint bounds are enforced before dispatch
    this.open =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(Math.min(maxConcurrent, 512), 5, TimeUnit.MINUTES))
            .dns(dns)
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            // A pooled keep-alive connection the subscriber already closed fails at once; okhttp
            // then resends on a fresh one. Same webhook-id, so this stays at-least-once.
            .retryOnConnectionFailure(true)
            .connectTimeout(MAX_TIMEOUT)
            .readTimeout(MAX_TIMEOUT)
            .writeTimeout(MAX_TIMEOUT)
            .build();
    // Same dispatcher and pool; a different Dns, so pooled connections are never shared between them.
    this.guarded = allowPrivateNetworks ? open : open.newBuilder().dns(new GuardedDns(dns)).build();
  }

  public void dispatch(DeliveryRequest delivery, Consumer<AttemptOutcome> done) {
    Endpoint endpoint = delivery.endpoint();
    Instant now = clock.instant();
    HttpUrl url = HttpUrl.get(endpoint.url().toString());
    String refused = endpoint.privateNetworkAllowed() || guarded == open ? null : literalRefusal(url.host());
    if (refused != null) {
      done.accept(new AttemptOutcome.Rejected(refused, Duration.ZERO));
      return;
    }
    List<SigningSecret> secrets = endpoint.signingSecrets(now);
    if (secrets.isEmpty()) {
      done.accept(new AttemptOutcome.Rejected("every signing secret of " + endpoint.id() + " has expired",
          Duration.ZERO));
      return;
    }
    long timestamp = now.getEpochSecond();
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(delivery.body(), JSON));
    for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
      try {
        request.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) { // okhttp's message may quote the value, a credential
        done.accept(new AttemptOutcome.Rejected("custom header " + h.getKey() + " of " + endpoint.id()
            + " has a value HTTP cannot carry (control or non-ASCII characters)", Duration.ZERO));
        return;
      }
    }
    request
        .header("webhook-id", delivery.eventId())
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature",
            WebhookSigner.sign(secrets, delivery.eventId(), timestamp, delivery.body()))
        .header("user-agent", USER_AGENT)
        .header(EVENT_TYPE_HEADER, delivery.eventType());
    if (delivery.traceId() != null) {
      request.header("traceparent", traceparent(delivery.traceId()));
    }
    Call call = (endpoint.privateNetworkAllowed() ? open : guarded).newCall(request.build());
    call.timeout().timeout(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        done.accept(outcome(response, Duration.ofNanos(System.nanoTime() - started)));
      }

      @Override
      public void onFailure(Call c, IOException e) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        done.accept(e instanceof RefusedAddressException
            ? new AttemptOutcome.Rejected(e.getMessage(), elapsed)
            : new AttemptOutcome.Retryable(0, e.getClass().getSimpleName() + ": " + e.getMessage(), null, "",
                elapsed));
      }
    });
  }

  /** okhttp connects to IP-literal hosts without asking the Dns, so they are checked here. */
  private static String literalRefusal(String host) {
    if (!host.contains(":") && !IPV4_LITERAL.matcher(host).matches()) {
      return null;
    }
    try {
      String refusal = AddressPolicy.refusal(InetAddress.getByName(host)); // a literal: no lookup
      return refusal == null ? null : host + " is a " + refusal + " address";
    } catch (UnknownHostException e) {
      return host + " is not a valid address";
    }
  }

  private AttemptOutcome outcome(Response response, Duration elapsed) {
    try (response) {
      int status = response.code();
      String snippet = readBodyPrefix(response.body());
      String directive = response.header(DIRECTIVE_HEADER, "").strip().toLowerCase(Locale.ROOT);
      boolean disable = directive.equals("disable");
      if (status >= 200 && status < 300) {
        return new AttemptOutcome.Delivered(status, snippet, elapsed, disable);
      }
      if (status == 410) {
        return new AttemptOutcome.Gone(snippet, elapsed);
      }
      if (directive.equals("abort")) {
        return new AttemptOutcome.Aborted(status, snippet, elapsed, false);
      }
      Duration retryAfter =
          status == 429 || status == 503 ? RetryAfter.parse(response.header("retry-after"), clock.instant()) : null;
      return new AttemptOutcome.Retryable(status, "HTTP " + status, retryAfter, snippet, elapsed, disable);
    } catch (IOException e) {
      return new AttemptOutcome.Retryable(response.code(),
          "reading response: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, "", elapsed);
    }
  }

  /** Reads up to 64 KiB so the connection can be reused; returns the first 1 KiB. */
  private static String readBodyPrefix(ResponseBody body) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] read = in.readNBytes(MAX_BODY_READ);
      return read.length == 0 ? "" : new String(read, 0, Math.min(read.length, SNIPPET), StandardCharsets.UTF_8);
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
    open.dispatcher().cancelAll();
    executor.shutdown();
    open.connectionPool().evictAll();
  }
}
