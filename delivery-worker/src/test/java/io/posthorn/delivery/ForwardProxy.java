package io.posthorn.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Credentials;

/**
 * A small HTTP forward proxy on 127.0.0.1 for tests: CONNECT tunnels and absolute-form requests,
 * one request per connection. Each request is recorded with its target and {@code
 * Proxy-Authorization}; when credentials are required, a request without them is answered {@code
 * 407} and closed. Forwarded absolute-form requests carry {@code via: 1.1 test-proxy}, so a
 * receiver can tell what came through the proxy. Targets are resolved by the JVM (the ITs' hosts
 * file).
 */
final class ForwardProxy implements AutoCloseable {
  static final String VIA = "1.1 test-proxy";

  /** One request the proxy read; {@code admitted} false when it was answered 407. */
  record Seen(String method, String target, String proxyAuthorization, boolean admitted) {}

  private final ServerSocket server;
  private final String required;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ForwardProxy(String required) {
    this.required = required;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("opening the test proxy", e);
    }
    executor.execute(this::accept);
  }

  /** A proxy that admits every request. */
  static ForwardProxy open() {
    return new ForwardProxy(null);
  }

  /** A proxy that admits only requests with these Basic credentials. */
  static ForwardProxy requiring(String user, String password) {
    return new ForwardProxy(Credentials.basic(user, password));
  }

  int port() {
    return server.getLocalPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  List<Seen> admitted() {
    return seen.stream().filter(Seen::admitted).toList();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        executor.execute(() -> serve(client));
      } catch (IOException e) {
        // closed at the end of the test
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      String requestLine = readLine(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      List<String> headers = new ArrayList<>();
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        headers.add(line);
      }
      String[] parts = requestLine.split(" ");
      String authorization = header(headers, "proxy-authorization");
      boolean admitted = required == null || required.equals(authorization);
      seen.add(new Seen(parts[0], parts[1], authorization, admitted));
      if (!admitted) {
        in.readNBytes(contentLength(headers));
        out.write(
            ascii(
                "HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"egress\"\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        out.flush();
      } else if (parts[0].equals("CONNECT")) {
        tunnel(parts[1], in, out);
      } else {
        forward(parts[0], URI.create(parts[1]), headers, in, out);
      }
    } catch (IOException e) {
      // the worker or the target went away mid-request: the worker sees a failed attempt
    }
  }

  private void tunnel(String hostPort, InputStream in, OutputStream out) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    try (Socket target =
        new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
      out.write(ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
      out.flush();
      executor.execute(
          () -> {
            try {
              in.transferTo(target.getOutputStream());
              target.shutdownOutput();
            } catch (IOException e) {
              // either side closed the tunnel
            }
          });
      target.getInputStream().transferTo(out);
    }
  }

  private static void forward(
      String method, URI url, List<String> headers, InputStream in, OutputStream out)
      throws IOException {
    int port = url.getPort() == -1 ? 80 : url.getPort();
    try (Socket target = new Socket(url.getHost(), port)) {
      StringBuilder head = new StringBuilder();
      head.append(method)
          .append(' ')
          .append(url.getRawPath().isEmpty() ? "/" : url.getRawPath())
          .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
          .append(" HTTP/1.1\r\n");
      for (String h : headers) {
        String name = h.substring(0, h.indexOf(':')).strip().toLowerCase(Locale.ROOT);
        if (!name.startsWith("proxy-") && !name.equals("connection")) {
          head.append(h).append("\r\n");
        }
      }
      head.append("via: ").append(VIA).append("\r\nconnection: close\r\n\r\n");
      OutputStream to = target.getOutputStream();
      to.write(ascii(head.toString()));
      to.write(in.readNBytes(contentLength(headers)));
      to.flush();
      target.getInputStream().transferTo(out);
    }
  }

  private static String header(List<String> headers, String name) {
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return h.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static int contentLength(List<String> headers) {
    String length = header(headers, "content-length");
    return length == null ? 0 : Integer.parseInt(length);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the test proxy", e);
    }
    executor.shutdownNow();
  }
}
