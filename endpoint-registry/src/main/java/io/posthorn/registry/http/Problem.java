package io.posthorn.registry.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body ({@code application/problem+json}), the only shape an error takes.
 *
 * @param type a URI under {@value ApiServer#PROBLEM_BASE}
 * @param instance the request's path
 * @param field the JSON field, query or path parameter or header at fault; absent on a 500
 */
record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    @JsonInclude(JsonInclude.Include.NON_NULL) String field) {}
