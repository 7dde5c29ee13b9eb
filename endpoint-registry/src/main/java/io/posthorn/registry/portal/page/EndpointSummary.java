package io.posthorn.registry.portal.page;

/** One row of the endpoints list. */
public record EndpointSummary(
    String id,
    String url,
    String description,
    String owner,
    boolean enabled,
    String successRate,
    long attempts) {}
