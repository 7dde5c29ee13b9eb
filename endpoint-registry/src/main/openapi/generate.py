"""Writes src/main/resources/io/posthorn/registry/openapi.json (run from the module folder:
python3 src/main/openapi/generate.py). The document is data; OpenApiContractTest checks it
against the server's real routes."""
import json, os

def ref(name): return {"$ref": "#/components/schemas/" + name}
def problem_responses(*codes):
    texts = {"400": "A field, query parameter or the body is invalid (the problem names it)",
             "401": "No API key, or an unknown or revoked one", "403": "Needs an admin key",
             "404": "No such resource for this key (another tenant's is 'not found' too)",
             "409": "Conflict", "413": "Body over the size limit", "415": "Body is not JSON",
             "429": "Too many wrong API keys from this client address; retry after Retry-After seconds"}
    out = {}
    for c in ("400", "401", "404", "413", "415", "429") + codes:
        out[c] = {"description": texts[c], "content": {"application/problem+json": {"schema": ref("Problem")}}}
    out["429"]["headers"] = {"Retry-After": {"description": "Seconds until this address may try a key again",
                                             "schema": {"type": "integer", "minimum": 1}}}
    return out
def ok(schema, code="200", text="OK"):
    return {code: {"description": text, "content": {"application/json": {"schema": schema}}}}
def body(schema, required=True):
    return {"required": required, "content": {"application/json": {"schema": schema}}}
def op(summary, responses, params=(), request=None, tag="endpoints"):
    o = {"summary": summary, "tags": [tag], "responses": responses}
    if params: o["parameters"] = [{"$ref": "#/components/parameters/" + p} for p in params]
    if request: o["requestBody"] = request
    return o
def merge(*ds):
    out = {}
    for d in ds: out.update(d)
    return out

str_ = {"type": "string"}
paths = {
  "/v1/openapi.json": {"get": op("This document", merge(ok({"type": "object"}), problem_responses()), tag="meta")},
  "/v1/tenants/{tenantId}": {
    "put": op("Create or change a tenant (admin)", merge(ok(ref("Tenant")), problem_responses("403")),
              ["tenantId"], body(ref("TenantSettings"), False), "access"),
    "get": op("Read a tenant (admin, or the tenant's own key)", merge(ok(ref("Tenant")), problem_responses()),
              ["tenantId"], tag="access")},
  "/v1/api-keys": {
    "post": op("Issue an API key (admin); the key is shown only in this response",
               merge(ok(ref("IssuedKey"), "201", "Issued"), problem_responses("403")), (),
               body(ref("KeyRequest")), "access"),
    "get": op("List API keys without their secrets (admin)",
              merge(ok({"type": "object", "properties": {"data": {"type": "array", "items": ref("ListedKey")}}}),
                    problem_responses("403")), tag="access")},
  "/v1/api-keys/{keyId}": {
    "delete": op("Revoke an API key (admin)", merge({"204": {"description": "Revoked"}}, problem_responses("403")),
                 ["keyId"], tag="access")},
  "/v1/endpoints": {
    "post": op("Register an endpoint; the response holds its signing secret",
               merge(ok(ref("EndpointWithSecret"), "201", "Created"), problem_responses()), (),
               body(ref("EndpointCreate"))),
    "get": op("List endpoints, oldest first", merge(ok(ref("EndpointPage")), problem_responses()),
              ["limit", "cursor", "status", "eventType", "tenantFilter"])},
  "/v1/endpoints/{endpointId}": {
    "get": op("Read an endpoint", merge(ok(ref("Endpoint")), problem_responses()), ["endpointId"]),
    "patch": op("Change an endpoint: fields present replace the current ones",
                merge(ok(ref("Endpoint")), problem_responses()), ["endpointId"], body(ref("EndpointUpdate"))),
    "delete": op("Delete an endpoint (workers stop delivering to it)",
                 merge({"204": {"description": "Deleted"}}, problem_responses()), ["endpointId"])},
  "/v1/endpoints/{endpointId}/disable": {
    "post": op("Disable an endpoint", merge(ok(ref("Endpoint")), problem_responses()), ["endpointId"],
               body({"type": "object", "properties": {"reason": {"type": "string", "maxLength": 500}},
                     "additionalProperties": False}, False))},
  "/v1/endpoints/{endpointId}/enable": {
    "post": op("Enable an endpoint", merge(ok(ref("Endpoint")), problem_responses()), ["endpointId"])},
  "/v1/endpoints/{endpointId}/secret": {
    "get": op("Read the current signing secret", merge(ok(ref("Secret")), problem_responses()), ["endpointId"])},
  "/v1/endpoints/{endpointId}/secret/rotate": {
    "post": op("Rotate the signing secret; the old one keeps signing for the overlap (default 24h)",
               merge(ok(ref("Secret")), problem_responses()), ["endpointId"],
               body({"type": "object", "properties": {"overlap": {"type": "string", "examples": ["24h", "PT30M", "0s"]}},
                     "additionalProperties": False}, False))},
  "/v1/endpoints/{endpointId}/attempts": {
    "get": op("An endpoint's delivery attempts, newest first", merge(ok(ref("AttemptPage")), problem_responses()),
              ["endpointId", "limit", "cursor", "outcome", "httpStatus", "since", "until"], tag="attempts")},
  "/v1/endpoints/{endpointId}/stats": {
    "get": op("An endpoint's success rate, last success and attempt durations",
              merge(ok(ref("EndpointStats")), problem_responses()), ["endpointId", "statsSince"], tag="attempts")},
  "/v1/events/{eventId}/attempts": {
    "get": op("An event's delivery attempts to the caller's endpoints, newest first",
              merge(ok(ref("AttemptPage")), problem_responses()), ["eventId", "limit", "cursor"], tag="attempts")},
  "/v1/endpoints/{endpointId}/events/{eventId}/resend": {
    "post": op("Send an event to the endpoint again (its body read back from the events topic)",
               merge(ok(ref("Redelivery"), "202", "Accepted: a worker attempts it now"), problem_responses("409")),
               ["endpointId", "eventId"], tag="redelivery")},
  "/v1/endpoints/{endpointId}/recover": {
    "post": op("Send every delivery of the endpoint given up since a time again (final failures only), in the background",
               merge(ok(ref("Recovery"), "202", "Accepted: poll the recovery for progress"), problem_responses("409")),
               ["endpointId"], body({"type": "object", "required": ["since"], "additionalProperties": False,
                                     "properties": {"since": {"type": "string", "format": "date-time"}}}),
               tag="redelivery")},
  "/v1/endpoints/{endpointId}/recoveries/{recoveryId}": {
    "get": op("A recovery's progress", merge(ok(ref("Recovery")), problem_responses()), ["endpointId", "recoveryId"],
              tag="redelivery")},
  "/v1/endpoints/{endpointId}/ping": {
    "post": op("Send a posthorn.ping test event to the endpoint",
               merge(ok(ref("Redelivery"), "202", "Accepted: a worker attempts it now"), problem_responses("409")),
               ["endpointId"], tag="redelivery")},
}

EXTRA = os.path.join(os.path.dirname(__file__), "extra_paths.py")
if os.path.exists(EXTRA):
    exec(open(EXTRA).read())

types = {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 50,
         "description": "Exact catalog types (order.completed), prefixes (order.*) or *"}
settings = {
  "url": {"type": "string", "maxLength": 2048, "format": "uri",
          "description": "https (http only where allowed); must not resolve to loopback, private, link-local or metadata addresses"},
  "description": {"type": "string", "maxLength": 500},
  "eventTypes": types,
  "timeoutMs": {"type": "integer", "minimum": 1, "maximum": 30000, "default": 3000},
  "maxInFlight": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100},
  "rateLimitPerSecond": {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0, "description": "0: no limit"},
  "headers": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[\\t\\x20-\\x7e]*$"},
              "maxProperties": 20,
              "description": "Extra request headers, by name: a subscriber's credentials belong here (e.g. Authorization)."
                             " Values are write-only: sealed at rest and on the endpoints topic, never returned and never"
                             " logged. Printable ASCII; never hop-by-hop, framing or signature headers."},
  "metadata": {"type": "object", "description": "Kept with the endpoint, at most 4096 bytes of JSON"},
}
endpoint_props = merge({"id": str_, "tenantId": {"type": ["string", "null"]}}, settings,
  {"status": {"enum": ["enabled", "disabled"]}, "disabledReason": {"type": ["string", "null"]},
   "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}})
schemas = {
  "Problem": {"type": "object", "description": "RFC 9457 problem details",
              "properties": {"type": {"type": "string", "format": "uri"}, "title": str_, "status": {"type": "integer"},
                             "detail": str_, "instance": str_, "field": {"type": "string", "description": "The field, parameter or header at fault"}},
              "required": ["type", "title", "status", "detail"]},
  "TenantSettings": {"type": "object", "additionalProperties": False,
                     "properties": {"allowHttp": {"type": "boolean", "default": False},
                                    "allowPrivateNetworks": {"type": "boolean", "default": False}}},
  "Tenant": {"type": "object", "properties": {"id": str_, "allowHttp": {"type": "boolean"},
             "allowPrivateNetworks": {"type": "boolean"}, "createdAt": {"type": "string", "format": "date-time"}}},
  "KeyRequest": {"type": "object", "required": ["tenantId"], "additionalProperties": False,
                 "properties": {"tenantId": {"type": ["string", "null"], "description": "null issues an admin key"},
                                "description": {"type": "string", "maxLength": 200}}},
  "IssuedKey": {"type": "object", "properties": {"id": str_, "key": {"type": "string", "description": "Shown once"},
                "tenantId": {"type": ["string", "null"]}, "description": str_, "createdAt": {"type": "string", "format": "date-time"}}},
  "ListedKey": {"type": "object", "properties": {"id": str_, "prefix": str_, "tenantId": {"type": ["string", "null"]},
                "description": str_, "createdAt": {"type": "string", "format": "date-time"},
                "revokedAt": {"type": ["string", "null"], "format": "date-time"}}},
  "EndpointCreate": {"type": "object", "required": ["url", "eventTypes"], "additionalProperties": False,
                     "properties": merge({"tenantId": {"type": ["string", "null"],
                         "description": "Required with an admin key (null: a global endpoint); a tenant key may omit it"}}, settings)},
  "EndpointUpdate": {"type": "object", "additionalProperties": False, "properties": merge(settings, {"headers": merge(
      settings["headers"], {"description": settings["headers"]["description"] + " Replaces the whole set; a value of"
                            " ******** keeps the stored value of that header (so what GET returned may be sent back)."})})},
  "Endpoint": {"type": "object", "properties": merge(endpoint_props, {"headers": {"type": "object",
      "additionalProperties": {"type": "string", "enum": ["********"]},
      "description": "The custom headers' names, each with the value ******** : values are write-only and never returned."}})},
  "EndpointWithSecret": {"allOf": [ref("Endpoint"), {"type": "object", "properties": {"secret": {"type": "string", "pattern": "^whsec_"}}}]},
  "EndpointPage": {"type": "object", "properties": {"data": {"type": "array", "items": ref("Endpoint")},
                   "nextCursor": {"type": ["string", "null"]}}},
  "Secret": {"type": "object", "properties": {"secret": {"type": "string", "pattern": "^whsec_"},
             "rotatedSecretsExpireAt": {"type": "array", "items": {"type": "string", "format": "date-time"}}}},
  "Attempt": {"type": "object", "properties": {
      "eventId": str_, "eventType": str_, "endpointId": str_, "tenantId": {"type": ["string", "null"]},
      "attempt": {"type": "integer", "description": "1 for the first; starts over after a redelivery"},
      "startedAt": {"type": "string", "format": "date-time"}, "durationMs": {"type": "integer"},
      "outcome": {"enum": ["delivered", "failed", "aborted", "gone", "rejected"]},
      "status": {"type": "integer", "description": "HTTP status, 0 without an answer"},
      "error": {"type": ["string", "null"]}, "responseSnippet": {"type": ["string", "null"], "maxLength": 1024},
      "disableRequested": {"type": "boolean", "description": "The subscriber asked to stop (410 or webhook-delivery: disable)"},
      "final": {"type": "boolean", "description": "No attempt of this task follows: delivered, or given up (exhausted, gone, aborted, rejected, dead-lettered); false while it climbs the retry ladder"}}},
  "AttemptPage": {"type": "object", "properties": {"data": {"type": "array", "items": ref("Attempt")},
                  "nextCursor": {"type": ["string", "null"]}}},
  "EndpointStats": {"type": "object", "properties": {
      "endpointId": str_, "since": {"type": "string", "format": "date-time"}, "attempts": {"type": "integer"},
      "delivered": {"type": "integer"}, "successRate": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
      "lastSuccessAt": {"type": ["string", "null"], "format": "date-time", "description": "Newest success still in the log"},
      "durationMs": {"type": "object", "properties": {"p50": {"type": ["integer", "null"]}, "p99": {"type": ["integer", "null"]}}}}},
  "Redelivery": {"type": "object", "properties": {"redeliveryId": str_, "endpointId": str_,
                 "eventId": {"type": "string", "description": "The webhook-id the delivery carries"}}},
  "Recovery": {"type": "object", "properties": {
      "id": str_, "endpointId": str_, "since": {"type": "string", "format": "date-time"},
      "state": {"enum": ["running", "done", "failed"]},
      "total": {"type": "integer", "description": "Deliveries given up, found when the job began: events whose newest attempt since 'since' is final and failed, never delivered (a retry still pending is never sent twice)"},
      "sent": {"type": "integer"}, "unavailable": {"type": "integer", "description": "Events no longer on the events topic (its retention)"},
      "error": {"type": ["string", "null"]}, "createdAt": {"type": "string", "format": "date-time"},
      "finishedAt": {"type": ["string", "null"], "format": "date-time"},
      "owner": {"type": ["string", "null"], "description": "The registry instance running the job (another takes it over when it stops)"}}},
}
EXTRA_SCHEMAS = os.path.join(os.path.dirname(__file__), "extra_schemas.py")
if os.path.exists(EXTRA_SCHEMAS):
    exec(open(EXTRA_SCHEMAS).read())

def param(name, where, schema, text, required=False):
    return {"name": name, "in": where, "required": required or where == "path", "schema": schema, "description": text}
parameters = {
  "tenantId": param("tenantId", "path", {"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$"}, "Tenant id"),
  "keyId": param("keyId", "path", {"type": "string", "pattern": "^(key_[0-9a-f]{16}|key_admin_[0-9a-f]{12})$"}, "API key id"),
  "endpointId": param("endpointId", "path", {"type": "string", "pattern": "^ep_[0-9a-f]{24}$"}, "Endpoint id"),
  "eventId": param("eventId", "path", {"type": "string", "format": "uuid"}, "Event id (the webhook-id, a UUID)"),
  "recoveryId": param("recoveryId", "path", {"type": "string", "pattern": "^rc_[0-9a-f]{24}$"}, "Recovery id"),
  "limit": param("limit", "query", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Page size"),
  "cursor": param("cursor", "query", str_, "nextCursor of the previous page"),
  "status": param("status", "query", {"enum": ["enabled", "disabled"]}, "Only endpoints with this status"),
  "eventType": param("eventType", "query", str_, "Only endpoints that receive this event type"),
  "tenantFilter": param("tenantId", "query", str_, "Only this tenant's endpoints (admin)"),
  "outcome": param("outcome", "query", {"enum": ["delivered", "failed", "aborted", "gone", "rejected"]}, "Only attempts with this outcome"),
  "httpStatus": param("status", "query", {"type": "integer", "minimum": 0, "maximum": 599}, "Only attempts answered with this HTTP status (0: no answer)"),
  "since": param("since", "query", {"type": "string", "format": "date-time"}, "Attempts started at or after (1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z)"),
  "until": param("until", "query", {"type": "string", "format": "date-time"}, "Attempts started before (1970 to 9999, as since)"),
  "statsSince": param("since", "query", {"type": "string", "format": "date-time"}, "Start of the window (default: 24 hours ago; 1970 to 9999)"),
}
doc = {
  "openapi": "3.1.0",
  "info": {"title": "Posthorn endpoint registry", "version": "1",
           "description": "Subscriber teams register endpoints, choose event types, get and rotate signing secrets, "
                          "see delivery attempts and ask for redeliveries. Every request needs 'Authorization: Bearer <API key>'. "
                          "A tenant's key sees only its own tenant: anything else is 404. Errors are RFC 9457 problem+json naming the field. "
                          "Input is strict: duplicate JSON keys, NUL characters, unpaired surrogates, query parameters an operation does "
                          "not list and malformed path ids are refused with 400."},
  "servers": [{"url": "/"}],
  "security": [{"apiKey": []}],
  "paths": paths,
  "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "phk_… API key"}},
                 "schemas": schemas, "parameters": parameters},
}
out = os.path.join(os.path.dirname(__file__), "..", "resources", "io", "posthorn", "registry", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
