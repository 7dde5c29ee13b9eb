package io.posthorn.registry.portal.page;

import java.util.List;

/**
 * An endpoint's secret page; {@code secret} is {@code null} until revealed (a post, logged as an
 * audit event), never in a URL.
 */
public record SecretPage(
    String endpointId, String url, String secret, List<String> rotatedExpireAt, boolean created) {}
