package io.posthorn.registry.portal.page;

import java.util.List;

/** The endpoints page; {@code admin} adds the owner column. */
public record EndpointList(List<EndpointSummary> endpoints, boolean admin) {}
