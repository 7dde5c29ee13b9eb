package io.posthorn.registry.portal.page;

/** A confirmation asked before something that cannot be undone (deleting an endpoint). */
public record Confirm(String question, String action, String button, String cancel) {}
