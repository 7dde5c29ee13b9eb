package io.posthorn.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest server: Jetty 12 core on virtual threads, as the registry's API (decision 0041). It
 * answers {@code /in/{connectionId}} through {@link Ingest} and maps each {@link IngestOutcome} to
 * its status and a short JSON body in this one place. A refusal's body never says why a signature
 * failed; any other path is 404.
 */
final class IngestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  private static final Pattern PATH = Pattern.compile("^/in/([A-Za-z0-9_]{1,64})$");
  private static final int DRAIN_FACTOR = 8;
  private static final Pattern CLIENT_ADDRESS = Pattern.compile("[0-9A-Fa-f:.\\[\\]]{1,64}");

  private final Server server;
  private final ServerConnector connector;
  private final Ingest ingest;
  private final InboundListener listener;
  private final String clientAddressHeader;

  private IngestServer(
      Server server,
      ServerConnector connector,
      Ingest ingest,
      InboundListener listener,
      String clientAddressHeader) {
    this.server = server;
    this.connector = connector;
    this.ingest = ingest;
    this.listener = listener;
    this.clientAddressHeader = clientAddressHeader;
  }

  static IngestServer start(
      String host, int port, Ingest ingest, InboundListener listener, String clientAddressHeader) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("inbound");
    threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("inbound"));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(512);
    server.addConnector(connector);
    IngestServer s = new IngestServer(server, connector, ingest, listener, clientAddressHeader);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            s.handle(request, response, callback);
            return true;
          }
        });
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      s.close();
      throw new InboundException("starting the ingest server on " + host + ":" + port, e);
    }
    return s;
  }

  URI url() {
    String host = connector.getHost();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort());
  }

  private void handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    var m = PATH.matcher(request.getHttpURI().getPath());
    String id = m.matches() ? m.group(1) : null;
    IngestOutcome outcome;
    String provider = "unknown";
    try {
      if (id == null) {
        outcome = new IngestOutcome.UnknownConnection();
      } else {
        Ingest.Judged judged =
            ingest.handle(
                new Ingest.Request(
                    id,
                    request.getMethod(),
                    client(request),
                    headers(request),
                    max -> body(request, max)));
        provider = judged.provider();
        outcome = judged.outcome();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("reading a request to {} failed: {}", request.getHttpURI().getPath(), e.toString());
      callback.failed(e);
      return;
    }
    try {
      listener.requestAnswered(id == null ? "" : id, provider, outcome, System.nanoTime() - start);
    } catch (RuntimeException e) {
      log.warn("an inbound listener failed: {}", e.toString());
    }
    try {
      answer(request, response, outcome);
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  private void answer(Request request, Response response, IngestOutcome outcome)
      throws IOException {
    Answer body =
        switch (outcome) {
          case IngestOutcome.Accepted a -> Answer.of("accepted").withEventId(a.eventId());
          case IngestOutcome.Duplicate d -> Answer.of("duplicate");
          case IngestOutcome.Handshake h ->
              h.challenge() == null ? null : Answer.of("handshake").withChallenge(h.challenge());
          case IngestOutcome.UnknownConnection u -> Answer.of("not_found");
          case IngestOutcome.Forbidden f -> Answer.of("forbidden");
          case IngestOutcome.TooLarge t -> Answer.of("too_large").withLimitBytes(t.limit());
          case IngestOutcome.RateLimited r -> {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
            yield Answer.of("rate_limited");
          }
          case IngestOutcome.Unverified u -> Answer.of("unauthorized");
          case IngestOutcome.BadRequest b -> Answer.of("bad_request").withDetail(b.detail());
          case IngestOutcome.MethodNotAllowed m -> {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, GET, HEAD");
            yield Answer.of("method_not_allowed");
          }
          case IngestOutcome.Failed f -> {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            yield Answer.of("unavailable").withErrorId(f.errorId());
          }
        };
    response.setStatus(outcome.status());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    byte[] bytes =
        body == null || request.getMethod().equals("HEAD") ? new byte[0] : Answer.write(body);
    if (bytes.length > 0) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(bytes), written);
      written.block();
    }
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      out.putIfAbsent(f.getName(), f.getValue());
    }
    return out;
  }

  /**
   * Up to {@code max} bytes of the body, or {@code null} when it is longer. A longer body is read
   * on (and dropped) up to {@link #DRAIN_FACTOR} times the limit before the 413 is written: a
   * client still sending when the answer comes and the connection closes would see a reset instead
   * of the 413.
   */
  private static byte[] body(Request request, int max) throws IOException {
    InputStream in = Content.Source.asInputStream(request);
    String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max) {
      drain(in, (long) max * DRAIN_FACTOR);
      return null;
    }
    byte[] body = in.readNBytes(max + 1);
    if (body.length > max) {
      drain(in, (long) max * DRAIN_FACTOR);
      return null;
    }
    return body;
  }

  private static void drain(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long read = 0;
    int n;
    while (read < limit && (n = in.read(buffer)) >= 0) {
      read += n;
    }
  }

  private String client(Request request) {
    if (clientAddressHeader != null) {
      List<String> values = request.getHeaders().getValuesList(clientAddressHeader);
      if (!values.isEmpty()) {
        String last = values.getLast();
        String client = last.substring(last.lastIndexOf(',') + 1).strip();
        if (CLIENT_ADDRESS.matcher(client).matches()) {
          return client;
        }
      }
    }
    return Request.getRemoteAddr(request);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the ingest server failed: {}", e.toString());
    }
  }
}
