package io.posthorn.schema.catalog;

import io.posthorn.schema.config.ConfigKeys;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The {@code catalog.*} keys every process that checks events reads (relay, registry, server):
 * {@value EventCatalog#DIR_KEY}, overridden like every key by {@value EventCatalog#DIR_VARIABLE}.
 * Each component's settings parser calls {@link #dir}; its command lists {@link #DEFINITION} beside
 * its own. kafka-clients (for {@link ConfigDef}) is needed only by this class.
 */
public final class CatalogSettings {
  /** The {@code catalog.*} keys. */
  public static final ConfigDef DEFINITION = new ConfigDef();

  static {
    ConfigKeys.define(
        DEFINITION,
        EventCatalog.DIR_KEY,
        ConfigDef.Type.STRING,
        null,
        null,
        ConfigDef.Importance.HIGH,
        "Event catalog",
        "The event catalog directory: one <type>.json per event type"
            + " (docs/event-catalog.md). Posthorn's own posthorn.* types are always included;"
            + " without a directory they are the only ones. An invalid file fails the start,"
            + " naming it. Every writer, relay and registry should read the same catalog.");
  }

  private CatalogSettings() {}

  /**
   * The catalog directory the settings name, if any.
   *
   * @throws InvalidSettingException naming an unknown {@code catalog.*} key
   */
  public static Optional<Path> dir(Settings settings) {
    ParsedSettings s = settings.parse(DEFINITION, "catalog.");
    return Optional.ofNullable(s.getString(EventCatalog.DIR_KEY))
        .filter(v -> !v.isBlank())
        .map(Path::of);
  }
}
