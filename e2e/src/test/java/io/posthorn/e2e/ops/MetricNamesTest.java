package io.posthorn.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
  @Test
  void promQlYieldsMetricNamesNotFunctionsLabelsOrTheirValues() {
    assertThat(
            MetricNames.inPromQl(
                List.of(
                    "histogram_quantile(0.99, sum by (le, route) (rate("
                        + "posthorn_registry_http_requests_seconds_bucket{route=~\"posthorn_x.*\"}"
                        + "[$__rate_interval])))",
                    "sum(kafka_consumer_fetch_manager_records_lag{topic=\"posthorn.events\"})"
                        + " > sum(kafka_consumer_fetch_manager_records_lag offset 10m)",
                    "label_values(posthorn_worker_endpoint_deliveries_total, endpoint)")))
        .containsExactlyInAnyOrder(
            "posthorn_registry_http_requests_seconds_bucket",
            "kafka_consumer_fetch_manager_records_lag",
            "posthorn_worker_endpoint_deliveries_total");
  }

  @Test
  void ruleExpressionsAreReadFromSingleLinesAndBlocks() {
    String rules =
        """
        groups:
          - name: g
            rules:
              - alert: A
                expr: posthorn_relay_streaming < 1
                for: 2m
              - alert: B
                expr: |
                  sum(posthorn_a_total)
                    / sum(posthorn_b_total)
                for: 5m
                annotations:
                  summary: not posthorn_c
        """;

    assertThat(MetricNames.inPromQl(MetricNames.alertExpressions(rules)))
        .containsExactlyInAnyOrder(
            "posthorn_relay_streaming", "posthorn_a_total", "posthorn_b_total");
  }

  @Test
  void aHistogramOrCounterIsExportedWhenItsFamilyIs() {
    Set<String> exported =
        MetricNames.inScrape(
            """
            # HELP posthorn_worker_attempt_duration_seconds HTTP attempt duration
            # TYPE posthorn_worker_attempt_duration_seconds histogram
            posthorn_worker_attempt_duration_seconds_bucket{component="worker",le="0.1"} 3
            # TYPE posthorn_worker_quarantined counter
            posthorn_worker_streaming{component="worker"} 1
            """);

    assertThat(MetricNames.exported("posthorn_worker_attempt_duration_seconds_bucket", exported))
        .isTrue();
    assertThat(MetricNames.exported("posthorn_worker_attempt_duration_seconds_count", exported))
        .isTrue();
    assertThat(MetricNames.exported("posthorn_worker_quarantined_total", exported)).isTrue();
    assertThat(MetricNames.exported("posthorn_worker_streaming", exported)).isTrue();
    assertThat(MetricNames.exported("posthorn_worker_renamed", exported)).isFalse();
  }
}
