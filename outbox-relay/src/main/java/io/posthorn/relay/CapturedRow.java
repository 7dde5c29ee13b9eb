package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.logging.LogContext;
import java.util.Map;

/** What a captured insert turned out to be. */
sealed interface CapturedRow {

  /** A row that is a valid event. */
  record Valid(Envelope envelope) implements CapturedRow {}

  /**
   * A row of the registry's endpoint feed: the document for the endpoints topic, or {@code null}
   * for a deletion (a tombstone).
   */
  record EndpointChange(String endpointId, byte[] document) implements CapturedRow {}

  /**
   * A row that cannot become an envelope.
   *
   * @param rowId the {@code id} column as found ({@code null} if absent)
   * @param columns every column as text, for the invalid topic
   */
  record Invalid(String rowId, String reason, Map<String, String> columns) implements CapturedRow {}

  /** Puts this row's ids (trace, event or endpoint) in the log context until closed. */
  static LogContext logContext(CapturedRow row) {
    return switch (row) {
      case Valid v -> LogContext.open(v.envelope().traceId(), v.envelope().id().toString(), null);
      case Invalid i -> LogContext.open(null, i.rowId(), null);
      case EndpointChange c -> LogContext.open(null, null, c.endpointId());
    };
  }
}
