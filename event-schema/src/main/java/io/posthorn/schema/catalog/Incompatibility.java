package io.posthorn.schema.catalog;

import io.posthorn.schema.EventType;

/**
 * One change to a catalog type's schema that would break a subscriber validating with the previous
 * schema of the same version.
 *
 * @param type the event type
 * @param version the schema version changed in place
 * @param pointer the JSON pointer (RFC 6901) of the changed place inside the version's schema
 * @param change what changed, in English
 */
public record Incompatibility(EventType type, int version, String pointer, String change) {

  /** {@code order.created v1 #/properties/currency: property removed}. */
  @Override
  public String toString() {
    return type + " v" + version + " #" + pointer + ": " + change;
  }
}
