package io.posthorn.registry.http;

import io.posthorn.registry.RegistryJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before the API's handler runs (a request target or header Jetty cannot
 * parse, headers over the size limit, an HTTP version it does not speak), answered with the same
 * RFC 9457 problem body and headers as every other error instead of Jetty's HTML page. Nothing of
 * the request is echoed but its path; Jetty's reason names what is wrong.
 */
final class ProblemErrorHandler extends ErrorHandler {

  /** A problem body for every method, not only GET, POST and HEAD. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String reason,
      Throwable cause,
      Callback callback) {
    byte[] body;
    if (status == 400 && cause instanceof BadMessageException && badTarget(cause.getCause())) {
      // Jetty could not parse the request target (a bad escape, a NUL): it has no path to give.
      body =
          RegistryJson.write(
                  new Problem(
                      ApiServer.PROBLEM_BASE + "malformed-request",
                      "Malformed request",
                      400,
                      "the path is not a valid URI (" + cause.getCause().getMessage() + ")",
                      "",
                      "path"))
              .getBytes(StandardCharsets.UTF_8);
    } else {
      body = body(status, reason, request.getHttpURI().getPath());
    }
    ApiServer.securityHeaders(response.getHeaders());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Whether Jetty failed while parsing the request target (not, say, a Content-Length). */
  private static boolean badTarget(Throwable cause) {
    if (!(cause instanceof IllegalArgumentException)) {
      return false;
    }
    for (StackTraceElement e : cause.getStackTrace()) {
      if (e.getClassName().startsWith("org.eclipse.jetty.http.HttpURI")
          || e.getClassName().equals("org.eclipse.jetty.util.URIUtil")) {
        return true;
      }
    }
    return false;
  }

  static byte[] body(int status, String reason, String path) {
    return RegistryJson.write(problem(status, reason, path)).getBytes(StandardCharsets.UTF_8);
  }

  static Problem problem(int status, String reason, String path) {
    String detail = reason == null || reason.isBlank() ? "the request was refused" : reason;
    // Jetty names a request it could not parse "/badMessage": its path is unknown.
    String instance = path == null || path.equals("/badMessage") ? "" : path;
    return switch (status) {
      case 431 ->
          new Problem(
              ApiServer.PROBLEM_BASE + "headers-too-large",
              "Request headers too large",
              431,
              "the request's headers are over the server's limit: " + detail,
              instance,
              "headers");
      case 414 ->
          new Problem(
              ApiServer.PROBLEM_BASE + "uri-too-long",
              "Request target too long",
              414,
              "the request target is over the server's limit: " + detail,
              instance,
              "path");
      case 400 ->
          new Problem(
              ApiServer.PROBLEM_BASE + "malformed-request",
              "Malformed request",
              400,
              "the request could not be read: " + detail,
              instance,
              field(detail));
      default ->
          status >= 500 && status != 505
              ? new Problem(
                  ApiServer.PROBLEM_BASE + "internal",
                  "Internal error",
                  status,
                  "the registry failed to answer the request",
                  instance,
                  null)
              : new Problem(
                  ApiServer.PROBLEM_BASE + "malformed-request",
                  "Request refused",
                  status,
                  "the request was refused: " + detail,
                  instance,
                  "request");
    };
  }

  /** The part of the request Jetty's reason points at. */
  private static String field(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    if (r.contains("uri") || r.contains("path") || r.contains("target")) {
      return "path";
    }
    if (r.contains("header") || r.contains("host")) {
      return "headers";
    }
    return "request";
  }
}
