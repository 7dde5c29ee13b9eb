package io.posthorn.registry.portal.page;

import java.util.List;

/**
 * The create / edit form, filled with what was entered (or stored) and the refusal, if any, naming
 * the field: the API's own message, since the API's validation judged it.
 *
 * @param id {@code null} when creating
 * @param headers existing header names (their values are never shown), then blank rows to add
 */
public record EndpointForm(
    String id,
    boolean admin,
    String tenantId,
    String url,
    String description,
    List<TypeChoice> types,
    String otherTypes,
    String timeoutMs,
    String rateLimitPerSecond,
    List<HeaderRow> headers,
    String errorField,
    String error) {

  /** An event type from the catalog, with its description. */
  public record TypeChoice(String name, String description, boolean checked) {}

  /** A custom header: its name and whether a value is stored (shown only as set, never read). */
  public record HeaderRow(int index, String name, boolean stored) {}

  public String action() {
    return id == null ? "/portal/endpoints" : "/portal/endpoints/" + id;
  }

  public boolean hasError(String field) {
    return error != null && errorField != null && errorField.startsWith(field);
  }
}
