package io.posthorn.registry.portal.page;

import java.util.List;

/**
 * One attempt: the request as sent (the signature and custom header values masked), the response
 * status, latency and excerpt.
 */
public record AttemptDetail(
    String endpointId,
    String eventId,
    String eventType,
    int attempt,
    String startedAt,
    String outcome,
    int status,
    long durationMs,
    String error,
    String responseSnippet,
    boolean finalAttempt,
    List<Header> requestHeaders,
    String body) {

  /** A request header as shown. */
  public record Header(String name, String value) {}
}
