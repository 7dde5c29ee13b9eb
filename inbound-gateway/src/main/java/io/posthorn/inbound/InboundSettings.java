package io.posthorn.inbound;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.catalog.CatalogSettings;
import io.posthorn.schema.config.ConfigKeys;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Rule;
import io.posthorn.schema.config.Settings;
import io.posthorn.schema.endpoint.SecretSeal;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The inbound gateway's config keys ({@link #DEFINITION}) and how flat settings become an {@link
 * InboundConfig}. An unknown {@code inbound.*} key or an unreadable value fails naming the key.
 */
public final class InboundSettings {
  private static final String DATABASE = "Database";
  private static final String HTTP = "The ingest server";
  private static final String KEYS = "Keys";

  /** Every {@code inbound.*} key, in the order the docs list them. */
  public static final ConfigDef DEFINITION = new ConfigDef();

  static {
    key(
        "inbound.database.url",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        DATABASE,
        "The registry's database: the gateway reads posthorn_registry.connections there and writes"
            + " its log (schema posthorn_inbound) and the outbox rows a relay on it carries.");
    key("inbound.database.user", STRING, NO_DEFAULT_VALUE, null, HIGH, DATABASE, "The user.");
    key(
        "inbound.database.password",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        DATABASE,
        "May be empty. Keep it out of the file: POSTHORN_INBOUND_DATABASE_PASSWORD. Never logged.");
    key(
        "inbound.database.pool-size",
        INT,
        10,
        Rule.between(1, 200),
        LOW,
        DATABASE,
        "Database connections: one per request being written.");
    key(
        "inbound.http.host",
        STRING,
        "127.0.0.1",
        null,
        HIGH,
        HTTP,
        "The ingest server serves plain HTTP: TLS ends at a load balancer or reverse proxy in front"
            + " of it, which providers reach from the internet.");
    key("inbound.http.port", INT, 8090, null, MEDIUM, HTTP, "0-65535; 0 picks a free one.");
    key(
        "inbound.http.max-body-bytes",
        INT,
        OutboxConfig.DATABASE_MAX_PAYLOAD_BYTES,
        null,
        LOW,
        HTTP,
        "Larger request bodies are refused with 413 (1024 up to the outbox's payload limit,"
            + " 262144).");
    key(
        "inbound.http.client-address-header",
        STRING,
        null,
        null,
        LOW,
        HTTP,
        "Behind a proxy every request comes from the proxy's address, so allow-lists would judge"
            + " the proxy. Name the header it writes the client's address into (e.g."
            + " X-Forwarded-For; its last value counts). Unset: the TCP peer.");
    key(
        "inbound.connections.refresh",
        STRING,
        "5s",
        Rule.duration(),
        LOW,
        HTTP,
        "A connection read from the registry's table is used this long before it is read again: a"
            + " change or a disable takes effect within it (0s-10m).");
    key(
        "inbound.secret-key",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        KEYS,
        "Base64 of the 32-byte master key: the registry's registry.secret-key, which sealed the"
            + " connections' secrets. Keep it out of the file: POSTHORN_INBOUND_SECRET_KEY.");
  }

  private InboundSettings() {}

  private static void key(
      String name,
      Type type,
      Object defaultValue,
      Rule rule,
      Importance importance,
      String group,
      String doc) {
    ConfigKeys.define(DEFINITION, name, type, defaultValue, rule, importance, group, doc);
  }

  /** From flat settings already merged (no environment); messages name the key. */
  public static InboundConfig parse(Map<String, String> settings) {
    return parse(Settings.of(settings));
  }

  /**
   * @throws InboundConfigException naming the key
   */
  public static InboundConfig parse(Settings settings) {
    ParsedSettings s;
    Optional<java.nio.file.Path> catalog;
    try {
      s = settings.parse(DEFINITION, "inbound.");
      catalog = CatalogSettings.dir(settings);
    } catch (InvalidSettingException e) {
      throw new InboundConfigException(e.getMessage());
    }
    SecretSeal seal;
    try {
      seal = SecretSeal.fromBase64(s.secret("inbound.secret-key"));
    } catch (IllegalArgumentException e) {
      throw new InboundConfigException("inbound.secret-key " + e.getMessage());
    }
    return new InboundConfig(
        s.getString("inbound.database.url"),
        s.getString("inbound.database.user"),
        s.secret("inbound.database.password"),
        s.getString("inbound.http.host"),
        s.getInt("inbound.http.port"),
        s.getInt("inbound.http.max-body-bytes"),
        s.getString("inbound.http.client-address-header"),
        seal,
        s.duration("inbound.connections.refresh"),
        s.getInt("inbound.database.pool-size"),
        catalog);
  }
}
