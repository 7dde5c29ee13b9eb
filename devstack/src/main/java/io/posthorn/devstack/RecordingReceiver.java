package io.posthorn.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP server on 127.0.0.1 and a random port that records every request and answers as its
 * {@link Responder} scripts (status, delay, stall). A stand-in for a subscriber in tests and the
 * demo endpoint of {@code posthorn dev}.
 *
 * <p>Each request runs on its own virtual thread, so stalled or slow replies cost no platform
 * thread. {@link #close()} releases stalled requests and stops the server.
 */
public final class RecordingReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Consumer<ReceivedRequest>> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Responder responder = Responder.alwaysOk();
  private final AtomicInteger received = new AtomicInteger();
  private volatile boolean keepRequests = true;

  private RecordingReceiver(HttpServer server, ExecutorService executor, Clock clock) {
    this.server = server;
    this.executor = executor;
    this.clock = clock;
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static RecordingReceiver start() {
    return start(0);
  }

  /** Starts on 127.0.0.1; {@code port <= 0} picks a free one. */
  public static RecordingReceiver start(int port) {
    try {
      HttpServer server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(port, 0)), 256);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      RecordingReceiver receiver = new RecordingReceiver(server, executor, Clock.systemUTC());
      server.setExecutor(executor);
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("starting the recording receiver", e);
    }
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Replaces the script; applies to requests that arrive from now on. */
  public void respond(Responder responder) {
    this.responder = responder;
  }

  /**
   * When off, requests are counted and passed to listeners but not kept, so a long-running or
   * high-volume receiver uses constant memory. On by default.
   */
  public void keepRequests(boolean on) {
    this.keepRequests = on;
  }

  /** Called for each request once it is recorded, on the request's thread. */
  public void onRequest(Consumer<ReceivedRequest> listener) {
    listeners.add(listener);
  }

  /** A snapshot of every request received so far, in arrival order. */
  public List<ReceivedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests to one path. */
  public List<ReceivedRequest> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Requests received so far, kept or not. */
  public int count() {
    return received.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      ReceivedRequest request =
          new ReceivedRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              lowercased(exchange.getRequestHeaders()),
              body,
              clock.instant());
      if (keepRequests) {
        requests.add(request);
      }
      received.incrementAndGet();
      listeners.forEach(l -> l.accept(request));
      switch (responder.reply(request)) {
        case ScriptedReply.Stall stall -> awaitClose(Duration.ofDays(1));
        case ScriptedReply.Respond respond -> send(exchange, respond);
      }
    }
  }

  private void send(HttpExchange exchange, ScriptedReply.Respond respond) throws IOException {
    if (!respond.delay().isZero() && awaitClose(respond.delay())) {
      return;
    }
    respond.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = respond.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(respond.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Waits up to {@code max}; true when the receiver is closing. */
  private boolean awaitClose(Duration max) {
    try {
      return closing.await(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static Map<String, List<String>> lowercased(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new HashMap<>();
    headers.forEach(
        (k, v) ->
            out.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    return Map.copyOf(out);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
