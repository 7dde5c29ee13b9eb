package io.posthorn.relay;

import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import io.posthorn.schema.endpoint.InvalidEndpointDocumentException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a captured row of the registry's endpoint feed ({@link EndpointFeedTable}) into the record
 * for the endpoints topic: key = endpoint id, value = the document as the registry wrote it, or a
 * tombstone for a deletion. A document that does not decode ({@link EndpointDocumentCodec}) is
 * quarantined like a bad outbox row, never published: a worker would drop the endpoint for it.
 * Never throws for bad data.
 */
final class FeedRowMapper {
  private FeedRowMapper() {}

  /** Whether a change event's value comes from the feed table (its source block names it). */
  static boolean isFeedRow(Struct value) {
    Struct source = value.schema().field("source") == null ? null : value.getStruct("source");
    return source != null
        && EndpointFeedTable.TABLE.equals(
            source.getString("schema") + "." + source.getString("table"));
  }

  static CapturedRow map(Struct after) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Field field : after.schema().fields()) {
      Object v = after.get(field);
      columns.put(field.name(), v == null ? null : v.toString());
    }
    String rowId = EndpointFeedTable.TABLE + "#" + columns.get("seq");
    String id = columns.get(EndpointFeedTable.ENDPOINT_ID);
    if (id == null || id.isBlank()) {
      return new CapturedRow.Invalid(rowId, EndpointFeedTable.ENDPOINT_ID + " is missing", columns);
    }
    String document = columns.get(EndpointFeedTable.DOCUMENT);
    if (document == null) {
      return new CapturedRow.EndpointChange(id, null);
    }
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    try {
      EndpointDocumentCodec.decode(id, bytes);
    } catch (InvalidEndpointDocumentException e) {
      return new CapturedRow.Invalid(rowId, e.getMessage(), columns);
    }
    return new CapturedRow.EndpointChange(id, bytes);
  }
}
