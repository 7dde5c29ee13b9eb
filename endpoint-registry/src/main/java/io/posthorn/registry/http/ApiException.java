package io.posthorn.registry.http;

import io.posthorn.registry.RegistryException;

/**
 * A request the API refuses, answered as an RFC 9457 {@code application/problem+json} body by
 * {@link ApiServer} (the one place errors become responses). Every 4xx names what is wrong: {@link
 * #field()} is the JSON field, query parameter or header at fault ({@code body} for a body that is
 * not JSON at all).
 */
public final class ApiException extends RegistryException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;
  private final String field;
  private final long retryAfterSeconds;

  private ApiException(int status, String type, String title, String field, String detail) {
    this(status, type, title, field, detail, 0);
  }

  private ApiException(
      int status, String type, String title, String field, String detail, long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: a field is missing, of the wrong type, or breaks a rule. */
  public static ApiException invalid(String field, String detail) {
    return new ApiException(400, "invalid-field", "A field is invalid", field, detail);
  }

  /** 401: no key, or a key that is unknown or revoked. */
  public static ApiException unauthenticated(String detail) {
    return new ApiException(401, "unauthenticated", "Not authenticated", "authorization", detail);
  }

  /**
   * 403: only an admin key may do this. Never used to hide another tenant's resource (that is 404).
   */
  public static ApiException adminOnly(String what) {
    return new ApiException(
        403, "admin-only", "Admin key required", "authorization", what + " needs an admin key");
  }

  /** 404: no such resource for this caller (also when it belongs to another tenant). */
  public static ApiException notFound(String field, String detail) {
    return new ApiException(404, "not-found", "Not found", field, detail);
  }

  public static ApiException methodNotAllowed(String method, String path) {
    return new ApiException(
        405,
        "method-not-allowed",
        "Method not allowed",
        "method",
        method + " is not allowed on " + path);
  }

  public static ApiException conflict(String field, String detail) {
    return new ApiException(409, "conflict", "Conflict", field, detail);
  }

  public static ApiException tooLarge(long limit) {
    return new ApiException(
        413,
        "body-too-large",
        "Request body too large",
        "body",
        "the request body is over the limit of " + limit + " bytes");
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "content-type",
        "the body must be application/json, got " + contentType);
  }

  /**
   * 429: too many failed authentications from this client address; answered with {@code
   * Retry-After}.
   */
  public static ApiException throttled(long retryAfterSeconds) {
    return new ApiException(
        429,
        "too-many-failed-authentications",
        "Too many failed authentications",
        "authorization",
        "too many requests with a wrong API key came from this address; try again in "
            + retryAfterSeconds
            + " s",
        retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  /** The problem type, a short slug; the body's {@code type} is a URI built from it. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String field() {
    return field;
  }

  /** Seconds for the {@code Retry-After} header; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
