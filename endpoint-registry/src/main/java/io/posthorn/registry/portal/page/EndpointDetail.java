package io.posthorn.registry.portal.page;

import java.util.List;

/**
 * One endpoint's page: its settings as the API shows them (custom header values masked), the 24 h
 * numbers, and the hourly chart data as a table.
 */
public record EndpointDetail(
    String id,
    String url,
    String description,
    String owner,
    boolean enabled,
    String disabledReason,
    List<String> eventTypes,
    int timeoutMs,
    int rateLimitPerSecond,
    List<String> headerNames,
    long attempts,
    long delivered,
    String successRate,
    String p99,
    List<ChartRow> chart) {

  /** One hour of the delivery chart. */
  public record ChartRow(String hour, long attempts, long failures, String p99Ms) {}
}
