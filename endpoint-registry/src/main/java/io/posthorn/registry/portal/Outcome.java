package io.posthorn.registry.portal;

/** What a portal page answers. */
sealed interface Outcome {
  /** A rendered page. */
  record Html(int status, String body) implements Outcome {}

  /** 303 See Other to a portal path (after a form post). */
  record Redirect(String location) implements Outcome {}

  /** Data for a script on the page (the delivery chart). */
  record Json(String body) implements Outcome {}

  static Outcome ok(String html) {
    return new Html(200, html);
  }
}
