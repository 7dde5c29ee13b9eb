package io.posthorn.registry.http;

import io.posthorn.registry.RegistryException;

/**
 * A request refused by the HTTP protocol itself, before any domain rule: no or a wrong key (401), a
 * method the path does not have (405), a body too large (413) or not JSON (415), too many wrong
 * keys from one address (429). Refusals of what a request asks are the domain's ({@link
 * io.posthorn.registry.RefusedException}); {@link ApiServer} maps both to RFC 9457 problems in one
 * place. {@link #field()} names the header or part at fault.
 */
final class ApiException extends RegistryException {
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

  /** 401: no key, or a key that is unknown or revoked. */
  public static ApiException unauthenticated(String detail) {
    return new ApiException(401, "unauthenticated", "Not authenticated", "authorization", detail);
  }

  public static ApiException methodNotAllowed(String method, String path) {
    return new ApiException(
        405,
        "method-not-allowed",
        "Method not allowed",
        "method",
        method + " is not allowed on " + path);
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
