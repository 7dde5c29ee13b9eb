package io.posthorn.ops.trace;

import io.opentelemetry.api.common.AttributeKey;

/** The attribute keys Posthorn's spans carry. */
final class Attributes {
  static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("posthorn.event.id");
  static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("posthorn.event.type");
  static final AttributeKey<String> ENDPOINT_ID = AttributeKey.stringKey("posthorn.endpoint.id");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("posthorn.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("posthorn.outcome");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

  private Attributes() {}
}
