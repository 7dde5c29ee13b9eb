package io.posthorn.e2e.bench.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The webhook receiver of the pipeline benchmark, run as a process of its own: answers every POST
 * with 200 (after {@code delayMs}, when set), and keeps a ledger of the events it saw by the {@code
 * bench_seq} field of their payload (counting duplicates) and a histogram of insert → POST latency
 * from the {@code bench_ts} field (epoch microseconds, written by the inserting transaction). The
 * payload may arrive as an object (Posthorn's envelope) or as a JSON string (Debezium's outbox
 * router): the patterns accept escaped quotes.
 *
 * <p>{@code GET /stats} returns the ledger as {@code key=value} lines; {@code POST
 * /reset?delayMs=N} clears it and sets the delay. Prints {@code receiver listening on PORT} when
 * ready.
 */
public final class BenchReceiver {
  private static final Pattern SEQ = Pattern.compile("bench_seq\\\\?\"\\s*:\\s*(\\d+)");
  private static final Pattern TS = Pattern.compile("bench_ts\\\\?\"\\s*:\\s*(\\d+)");

  private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
  private BitSet seen = new BitSet();
  private long count;
  private long duplicates;
  private long unreadable;
  private long firstMicros;
  private long lastMicros;
  private volatile long delayMs;

  public static void main(String[] args) throws IOException {
    BenchReceiver receiver = new BenchReceiver();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", receiver::handle);
    server.start();
    System.out.println("receiver listening on " + server.getAddress().getPort());
    System.out.flush();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/stats")) {
        reply(exchange, stats());
      } else if (path.equals("/reset")) {
        String q = exchange.getRequestURI().getQuery();
        reset(q != null && q.startsWith("delayMs=") ? Long.parseLong(q.substring(8)) : 0);
        reply(exchange, "ok");
      } else {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        record(new String(body, StandardCharsets.UTF_8));
        long delay = delayMs;
        if (delay > 0) {
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        exchange.sendResponseHeaders(200, -1);
      }
    }
  }

  private void record(String body) {
    long now = nowMicros();
    Matcher seq = SEQ.matcher(body);
    Matcher ts = TS.matcher(body);
    if (!seq.find() || !ts.find()) {
      synchronized (this) {
        unreadable++;
      }
      return;
    }
    int n = Integer.parseInt(seq.group(1));
    long latency = Math.max(0, now - Long.parseLong(ts.group(1)));
    synchronized (this) {
      if (seen.get(n)) {
        duplicates++;
        return;
      }
      seen.set(n);
      count++;
      if (firstMicros == 0) {
        firstMicros = now;
      }
      lastMicros = now;
      latencyMicros.recordValue(Math.min(latency, latencyMicros.getHighestTrackableValue()));
    }
  }

  private synchronized void reset(long delay) {
    seen = new BitSet();
    count = 0;
    duplicates = 0;
    unreadable = 0;
    firstMicros = 0;
    lastMicros = 0;
    latencyMicros.reset();
    delayMs = delay;
  }

  private synchronized String stats() {
    return "count="
        + count
        + "\nduplicates="
        + duplicates
        + "\nunreadable="
        + unreadable
        + "\nfirstMicros="
        + firstMicros
        + "\nlastMicros="
        + lastMicros
        + "\np50="
        + latencyMicros.getValueAtPercentile(50)
        + "\np99="
        + latencyMicros.getValueAtPercentile(99)
        + "\np999="
        + latencyMicros.getValueAtPercentile(99.9)
        + "\nmax="
        + latencyMicros.getMaxValue()
        + "\n";
  }

  private static void reply(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
