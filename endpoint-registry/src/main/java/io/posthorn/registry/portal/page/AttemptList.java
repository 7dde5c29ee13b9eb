package io.posthorn.registry.portal.page;

import java.util.List;

/** An endpoint's attempts, newest first, with the filters as entered and the next page's link. */
public record AttemptList(
    String endpointId,
    String url,
    List<AttemptRow> attempts,
    String outcome,
    String status,
    String since,
    String until,
    String nextPage) {

  /** One attempt. */
  public record AttemptRow(
      String eventId,
      String eventType,
      int attempt,
      String startedAt,
      String outcome,
      int status,
      long durationMs,
      boolean finalAttempt,
      String detailPath) {

    public boolean delivered() {
      return outcome.equals("delivered");
    }
  }
}
