package io.posthorn.registry.http;

/**
 * A successful answer: a status and the body, a typed record (or list, or tree) that {@link
 * io.posthorn.registry.RegistryJson} writes; {@code null} for 204.
 */
public record Reply(int status, Object body) {
  public static Reply ok(Object body) {
    return new Reply(200, body);
  }

  public static Reply created(Object body) {
    return new Reply(201, body);
  }

  public static Reply accepted(Object body) {
    return new Reply(202, body);
  }

  public static Reply noContent() {
    return new Reply(204, null);
  }
}
