package io.posthorn.registry.portal.page;

/**
 * What every page's frame shows: the title, who is signed in, the CSRF token its forms carry, and a
 * message about what was just done. {@code csrf} is {@code null} on pages shown without a session
 * (link, errors), which then have no navigation.
 */
public record Chrome(String title, String who, String csrf, String flash) {
  public static Chrome anonymous(String title) {
    return new Chrome(title, null, null, null);
  }

  public boolean signedIn() {
    return csrf != null;
  }

  public Chrome withTitle(String t) {
    return new Chrome(t, who, csrf, flash);
  }

  public Chrome withFlash(String message) {
    return new Chrome(title, who, csrf, message);
  }
}
