package io.posthorn.schema.catalog;

/** What to do with an event whose type is not in the catalog. */
public enum UnregisteredTypes {
  /** Refuse it (the writer throws; the relay quarantines the row). The default everywhere. */
  REFUSE,
  /** Let it through unchecked, apart from the naming rule. */
  ACCEPT
}
