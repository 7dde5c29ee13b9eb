package io.posthorn.registry.portal;

import io.posthorn.registry.portal.page.EndpointDetail.ChartRow;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * An endpoint's last 24 hours by the hour: attempts, failures (anything but delivered) and the p99
 * duration, from the attempt log's endpoint-and-time index. Callers check the endpoint is the
 * session's first (through the API).
 */
final class DeliveryChart {
  private final Jdbi jdbi;
  private final Clock clock;

  DeliveryChart(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  List<ChartRow> hours(String endpointId) {
    Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    Instant start = end.minus(24, ChronoUnit.HOURS);
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT date_trunc('hour', started_at) AS hour, count(*) AS attempts,"
                        + " count(*) FILTER (WHERE outcome <> 'delivered') AS failures,"
                        + " percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99"
                        + " FROM posthorn_registry.attempts"
                        + " WHERE endpoint_id = :id AND started_at >= :start AND started_at < :end"
                        + " GROUP BY 1 ORDER BY 1")
                .bind("id", endpointId)
                .bind("start", start)
                .bind("end", end)
                .map(
                    (rs, ctx) ->
                        new ChartRow(
                            rs.getTimestamp("hour").toInstant().toString().substring(0, 16) + "Z",
                            rs.getLong("attempts"),
                            rs.getLong("failures"),
                            Long.toString(rs.getLong("p99"))))
                .list());
  }
}
