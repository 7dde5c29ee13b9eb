package io.posthorn.schema.catalog;

/** JSON pointer (RFC 6901) tokens. */
final class Pointers {
  private Pointers() {}

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, String token) {
    return pointer + "/" + escape(token);
  }
}
