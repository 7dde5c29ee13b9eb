package io.posthorn.registry.portal.page;

/** A recovery's progress. */
public record RecoveryPage(
    String endpointId,
    String id,
    String since,
    String state,
    int total,
    int sent,
    int unavailable,
    String error) {
  public boolean running() {
    return state.equals("running");
  }

  public String path() {
    return "/portal/endpoints/" + endpointId + "/recoveries/" + id;
  }
}
