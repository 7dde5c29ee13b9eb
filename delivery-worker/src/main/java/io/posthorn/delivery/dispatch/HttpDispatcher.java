package io.posthorn.delivery.dispatch;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.OAuthClient;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.WebhookSigner;
import io.posthorn.schema.endpoint.AddressPolicy;
import io.posthorn.schema.endpoint.EndpointHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Signs and POSTs deliveries, with a connection pool per endpoint origin ({@link
 * ConnectionPooling}). Asynchronous: {@link #dispatch} returns at once and calls back exactly once
 * per request, on an HTTP thread, with the {@link AttemptOutcome}. Redirects are not followed (a
 * 3xx is a failed attempt); at most 64 KiB of a response body is read. Each call is bounded by its
 * endpoint's timeout.
 *
 * <p>The host is judged as okhttp will connect to it ({@link HttpUrl#host()}, {@link
 * EndpointHost}): an ambiguous IPv4 spelling is refused for every endpoint; unless the endpoint may
 * reach private networks, a literal address is checked against {@link AddressPolicy} before the
 * call and what a name resolves to when the connection is made ({@link GuardedDns}), so nothing is
 * ever connected to a refused address. Through an {@link EgressProxy} a name is resolved and judged
 * before the request is handed to the proxy ({@link TargetAddressCheck}). A refusal is a {@link
 * AttemptOutcome.Rejected} naming the address's block.
 */
public final class HttpDispatcher implements AutoCloseable {
  /** Sent as {@code user-agent}. */
  public static final String USER_AGENT = "Posthorn-Webhooks/" + version();

  public static final String EVENT_TYPE_HEADER = "posthorn-event-type";

  /**
   * Response header by which a subscriber asks to stop retrying ({@code abort}) or to be disabled
   * ({@code disable}).
   */
  public static final String DIRECTIVE_HEADER = "webhook-delivery";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_BODY_READ = 64 * 1024;
  private static final int SNIPPET = 1024;
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private final OkHttpClient guarded;
  private final OkHttpClient open;

  /** Per-origin clients over {@link #guarded} and {@link #open}; null when the pool is shared. */
  private final OriginClients guardedOrigins;

  private final OriginClients openOrigins;

  /** Clients of endpoints with their own TLS settings, over the ones above. */
  private final TlsClients tlsClients;

  private final ExecutorService executor;
  private final Clock clock;
  private final AccessTokens tokens;

  /**
   * @param maxConcurrent requests on the wire at once, across all endpoints
   * @param dns resolves endpoint hosts ({@link Dns#SYSTEM} in production)
   * @param allowPrivateNetworks skip the address check for every endpoint (the dev stack)
   */
  public HttpDispatcher(
      int maxConcurrent,
      ExecutorService executor,
      Clock clock,
      Dns dns,
      boolean allowPrivateNetworks) {
    this(maxConcurrent, executor, clock, dns, allowPrivateNetworks, ConnectionPooling.PER_ORIGIN);
  }

  /** As above, with the connection pooling chosen ({@code worker.http.connection-pool}). */
  public HttpDispatcher(
      int maxConcurrent,
      ExecutorService executor,
      Clock clock,
      Dns dns,
      boolean allowPrivateNetworks,
      ConnectionPooling pooling) {
    this(maxConcurrent, executor, clock, dns, allowPrivateNetworks, pooling, Optional.empty());
  }

  /**
   * As above, every call going through {@code proxy} when there is one ({@code worker.http.proxy}):
   * {@code dns} then resolves the proxy's name, unguarded, and each target's name is judged by
   * {@link TargetAddressCheck} before the request is handed to the proxy.
   */
  public HttpDispatcher(
      int maxConcurrent,
      ExecutorService executor,
      Clock clock,
      Dns dns,
      boolean allowPrivateNetworks,
      ConnectionPooling pooling,
      Optional<EgressProxy> proxy) {
    this.executor = executor;
    this.clock = clock;
    this.tokens = new AccessTokens(this::fetchToken, clock);
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(maxConcurrent);
    dispatcher.setMaxRequestsPerHost(
        maxConcurrent); // per-endpoint bounds are enforced before dispatch
    this.open =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(
                new ConnectionPool(maxIdle(maxConcurrent), KEEP_ALIVE.toMillis(), MILLISECONDS))
            .dns(dns)
            .proxy(proxy.map(EgressProxy::proxy).orElse(Proxy.NO_PROXY))
            .proxyAuthenticator(proxy.map(EgressProxy::authenticator).orElse(Authenticator.NONE))
            .followRedirects(false)
            .followSslRedirects(false)
            // A pooled keep-alive connection the subscriber already closed fails at once; okhttp
            // then resends on a fresh one. Same webhook-id, so this stays at-least-once.
            .retryOnConnectionFailure(true)
            .connectTimeout(MAX_TIMEOUT)
            .readTimeout(MAX_TIMEOUT)
            .writeTimeout(MAX_TIMEOUT)
            .build();
    // Same dispatcher and pool. Direct: a different Dns, so pooled connections are never shared
    // between them. Through a proxy: the check runs before every call, pooled connection or not.
    this.guarded =
        allowPrivateNetworks
            ? open
            : proxy.isPresent()
                ? open.newBuilder().addInterceptor(new TargetAddressCheck(dns)).build()
                : open.newBuilder().dns(new GuardedDns(dns)).build();
    int idle = maxIdle(maxConcurrent);
    boolean perOrigin = pooling == ConnectionPooling.PER_ORIGIN;
    this.openOrigins =
        perOrigin ? new OriginClients(open, idle, KEEP_ALIVE, OriginClients.MAX_ORIGINS) : null;
    this.guardedOrigins =
        !perOrigin || allowPrivateNetworks
            ? openOrigins
            : new OriginClients(guarded, idle, KEEP_ALIVE, OriginClients.MAX_ORIGINS);
    this.tlsClients = new TlsClients(idle, KEEP_ALIVE, OriginClients.MAX_ORIGINS);
  }

  private static int maxIdle(int maxConcurrent) {
    return Math.min(maxConcurrent, 512);
  }

  public void dispatch(DeliveryRequest delivery, Consumer<AttemptOutcome> done) {
    Endpoint endpoint = delivery.endpoint();
    Instant now = clock.instant();
    HttpUrl url = HttpUrl.get(endpoint.url().toString());
    boolean checked = !endpoint.privateNetworkAllowed() && guarded != open;
    String refused = refusal(url.host(), checked);
    if (refused != null) {
      done.accept(new AttemptOutcome.Rejected(refused, Duration.ZERO));
      return;
    }
    List<SigningSecret> secrets = endpoint.signingSecrets(now);
    if (secrets.isEmpty()) {
      done.accept(
          new AttemptOutcome.Rejected(
              "every signing secret of " + endpoint.id() + " has expired", Duration.ZERO));
      return;
    }
    long timestamp = now.getEpochSecond();
    Request.Builder request =
        new Request.Builder().url(url).post(RequestBody.create(delivery.body(), JSON));
    for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
      try {
        request.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) { // okhttp's message may quote the value, a credential
        done.accept(
            new AttemptOutcome.Rejected(
                "custom header "
                    + h.getKey()
                    + " of "
                    + endpoint.id()
                    + " has a value HTTP cannot carry (control or non-ASCII characters)",
                Duration.ZERO));
        return;
      }
    }
    request
        .header("webhook-id", delivery.eventId())
        .header("webhook-timestamp", Long.toString(timestamp))
        .header(
            "webhook-signature",
            WebhookSigner.sign(secrets, delivery.eventId(), timestamp, delivery.body()))
        .header("user-agent", USER_AGENT)
        .header(EVENT_TYPE_HEADER, delivery.eventType());
    if (delivery.traceId() != null) {
      request.header("traceparent", traceparent(delivery));
    }
    Request signed = request.build();
    if (endpoint.oauth() == null) {
      send(signed, endpoint, url, checked, null, done);
      return;
    }
    tokens
        .token(endpoint)
        .whenComplete(
            (token, error) -> {
              if (error != null) {
                done.accept(tokenFailure(error));
                return;
              }
              send(
                  bearer(signed, token),
                  endpoint,
                  url,
                  checked,
                  response -> refreshOn401(response, signed, endpoint, url, checked, token, done),
                  done);
            });
  }

  /**
   * After a {@code 401} with a token: one refresh (shared with concurrent callers holding the same
   * token) and the same request again at once, within this attempt; its answer, {@code 401} or not,
   * is the outcome.
   */
  private boolean refreshOn401(
      Response response,
      Request signed,
      Endpoint endpoint,
      HttpUrl url,
      boolean checked,
      AccessTokens.AccessToken stale,
      Consumer<AttemptOutcome> done) {
    if (response.code() != 401) {
      return false;
    }
    response.close();
    tokens
        .refresh(endpoint, stale)
        .whenComplete(
            (fresh, error) -> {
              if (error != null) {
                done.accept(tokenFailure(error));
              } else {
                send(bearer(signed, fresh), endpoint, url, checked, null, done);
              }
            });
    return true;
  }

  private static Request bearer(Request request, AccessTokens.AccessToken token) {
    return request.newBuilder().header("authorization", "Bearer " + token.value()).build();
  }

  private static AttemptOutcome tokenFailure(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof AccessTokens.TokenException t) {
      return t.refused()
          ? new AttemptOutcome.Rejected(t.getMessage(), Duration.ZERO)
          : new AttemptOutcome.Retryable(0, t.getMessage(), null, "", Duration.ZERO);
    }
    return new AttemptOutcome.Retryable(
        0, "oauth token: " + cause.getClass().getSimpleName(), null, "", Duration.ZERO);
  }

  /**
   * Sends one request; {@code intercept} (may be null) may take the response over, returning true
   * when it did.
   */
  private void send(
      Request request,
      Endpoint endpoint,
      HttpUrl url,
      boolean checked,
      Predicate<Response> intercept,
      Consumer<AttemptOutcome> done) {
    OkHttpClient client;
    try {
      client = endpointClient(endpoint, url, checked);
    } catch (IllegalArgumentException e) { // names the PEM field, never its text
      done.accept(
          new AttemptOutcome.Rejected(
              "tls settings of " + endpoint.id() + ": " + e.getMessage(), Duration.ZERO));
      return;
    }
    Call call = client.newCall(request);
    call.timeout().timeout(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            if (intercept != null && intercept.test(response)) {
              return;
            }
            done.accept(outcome(response, Duration.ofNanos(System.nanoTime() - started)));
          }

          @Override
          public void onFailure(Call c, IOException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            done.accept(
                e instanceof RefusedAddressException
                    ? new AttemptOutcome.Rejected(e.getMessage(), elapsed)
                    : new AttemptOutcome.Retryable(
                        0,
                        e.getClass().getSimpleName() + ": " + e.getMessage(),
                        null,
                        "",
                        elapsed));
          }
        });
  }

  /**
   * Fetches a token with the client credentials grant ({@code client_secret_basic}, RFC 6749 4.4)
   * over the same clients, address policy and proxy as deliveries; the endpoint's timeout bounds
   * it. Fails with a {@link AccessTokens.TokenException} naming the token host, never the secret or
   * the answer's body.
   */
  private CompletableFuture<AccessTokens.Grant> fetchToken(Endpoint endpoint) {
    OAuthClient oauth = endpoint.oauth();
    CompletableFuture<AccessTokens.Grant> grant = new CompletableFuture<>();
    HttpUrl url = HttpUrl.parse(oauth.tokenUrl().toString());
    if (url == null) {
      grant.completeExceptionally(
          new AccessTokens.TokenException("oauth token: the token URL is not http(s)", true));
      return grant;
    }
    String host = url.host();
    boolean checked = !endpoint.privateNetworkAllowed() && guarded != open;
    String refused = refusal(host, checked);
    if (refused != null) {
      grant.completeExceptionally(new AccessTokens.TokenException("oauth token: " + refused, true));
      return grant;
    }
    FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
    if (oauth.scope() != null) {
      form.add("scope", oauth.scope());
    }
    if (oauth.audience() != null) {
      form.add("audience", oauth.audience());
    }
    Request request =
        new Request.Builder()
            .url(url)
            .post(form.build())
            .header(
                "authorization",
                Credentials.basic(
                    formEncode(oauth.clientId()),
                    formEncode(oauth.clientSecret()),
                    StandardCharsets.UTF_8))
            .header("accept", "application/json")
            .header("user-agent", USER_AGENT)
            .build();
    Call call = client(url, checked).newCall(request);
    call.timeout().timeout(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            try (response) {
              if (!response.isSuccessful()) {
                throw new AccessTokens.TokenException(
                    "oauth token: HTTP " + response.code() + " from " + host, false);
              }
              grant.complete(
                  AccessTokens.Grant.parse(
                      response.body().byteStream().readNBytes(MAX_BODY_READ), host));
            } catch (AccessTokens.TokenException e) {
              grant.completeExceptionally(e);
            } catch (IOException e) {
              grant.completeExceptionally(
                  new AccessTokens.TokenException(
                      "oauth token: reading the answer from "
                          + host
                          + ": "
                          + e.getClass().getSimpleName(),
                      false));
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            grant.completeExceptionally(
                e instanceof RefusedAddressException
                    ? new AccessTokens.TokenException("oauth token: " + e.getMessage(), true)
                    : new AccessTokens.TokenException(
                        "oauth token: "
                            + host
                            + ": "
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage(),
                        false));
          }
        });
    return grant;
  }

  /** RFC 6749 2.3.1: the client id and secret are form-encoded before Basic authentication. */
  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Meters the token cache in {@code registry}: {@code posthorn.worker.oauth.token.fetches}, {@code
   * .failures} and {@code posthorn.worker.oauth.token.expiry} (seconds until the soonest cached
   * token expires).
   */
  public void bindTokenMeters(MeterRegistry registry) {
    Counter fetches =
        Counter.builder("posthorn.worker.oauth.token.fetches")
            .description("OAuth access tokens fetched")
            .register(registry);
    Counter failures =
        Counter.builder("posthorn.worker.oauth.token.failures")
            .description("OAuth token fetches that failed")
            .register(registry);
    Gauge.builder(
            "posthorn.worker.oauth.token.expiry",
            tokens,
            t -> t.secondsToExpiry().stream().mapToDouble(x -> x).findFirst().orElse(Double.NaN))
        .description("Seconds until the soonest cached OAuth access token expires")
        .baseUnit("seconds")
        .register(registry);
    tokens.listener(
        new AccessTokens.Listener() {
          @Override
          public void fetched(String endpointId) {
            fetches.increment();
          }

          @Override
          public void failed(String endpointId) {
            failures.increment();
          }
        });
  }

  /**
   * okhttp connects to IP-literal hosts (any digits and dots) without asking the Dns, so they are
   * judged here; null when the call may go ahead (a name is judged by {@link GuardedDns}, or by
   * {@link TargetAddressCheck} through a proxy).
   */
  private static String refusal(String host, boolean checked) {
    return switch (EndpointHost.parse(host)) {
      case EndpointHost.Ambiguous a -> a.reason();
      case EndpointHost.Literal l ->
          checked
              ? AddressPolicy.refusal(l.address()).map(AddressPolicy.Refusal::reason).orElse(null)
              : null;
      case EndpointHost.Name n -> null;
    };
  }

  /**
   * The client for a delivery: the endpoint's own when it has TLS settings (decision 0044), derived
   * from {@link #client(HttpUrl, boolean)} so the address policy and the proxy still apply.
   */
  private OkHttpClient endpointClient(Endpoint endpoint, HttpUrl url, boolean checked) {
    if (endpoint.tls() == null) {
      return client(url, checked);
    }
    return tlsClients.client(endpoint.id(), checked, endpoint.tls(), () -> client(url, checked));
  }

  private OkHttpClient client(HttpUrl url, boolean checked) {
    OriginClients origins = checked ? guardedOrigins : openOrigins;
    return origins != null ? origins.forUrl(url) : checked ? guarded : open;
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
          status == 429 || status == 503
              ? RetryAfter.parse(response.header("retry-after"), clock.instant())
              : null;
      return new AttemptOutcome.Retryable(
          status, "HTTP " + status, retryAfter, snippet, elapsed, disable);
    } catch (IOException e) {
      return new AttemptOutcome.Retryable(
          response.code(),
          "reading response: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          null,
          "",
          elapsed);
    }
  }

  /** Reads up to 64 KiB so the connection can be reused; returns the first 1 KiB. */
  private static String readBodyPrefix(ResponseBody body) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] read = in.readNBytes(MAX_BODY_READ);
      return read.length == 0
          ? ""
          : new String(read, 0, Math.min(read.length, SNIPPET), StandardCharsets.UTF_8);
    }
  }

  /**
   * A W3C traceparent continuing the event's trace with a fresh span for this request ({@link
   * AttemptSpanId}: the attempt span's id when tracing is on).
   */
  private static String traceparent(DeliveryRequest delivery) {
    return "00-" + delivery.traceId() + "-" + AttemptSpanId.take(delivery) + "-01";
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
    if (openOrigins != null) {
      openOrigins.evictAll();
      guardedOrigins.evictAll();
    }
    tlsClients.evictAll();
  }
}
