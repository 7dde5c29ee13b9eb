package io.posthorn.registry;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.posthorn.schema.Durations;
import io.posthorn.schema.Topics;
import io.posthorn.schema.catalog.CatalogSettings;
import io.posthorn.schema.config.ConfigKeys;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Rule;
import io.posthorn.schema.config.Settings;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The registry's config keys ({@link #DEFINITION}) and how flat settings (a config file with
 * environment overrides) become a {@link RegistryConfig}. An unknown {@code registry.*} key or an
 * unreadable value fails naming the key. Durations: {@code 250ms}, {@code 10s}, {@code 5m}, {@code
 * 1h}, {@code 30d} or ISO-8601. The README table and ops/config/registry.properties are generated
 * from the definition.
 */
public final class RegistrySettings {
  private static final String DATABASE = "Database";
  private static final String HTTP = "The admin API";
  private static final String KEYS_GROUP = "Keys";
  private static final String KAFKA = "Kafka";
  private static final String HOUSEKEEPING = "Retention and housekeeping";
  private static final String PORTAL = "The subscriber portal";
  private static final String URL_CHECKS = "URL checks";

  /** Every {@code registry.*} key, in the order the docs list them. */
  public static final ConfigDef DEFINITION = new ConfigDef();

  static {
    key(
        "registry.database.url",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        DATABASE,
        "The registry's database: its tables (schema posthorn_registry) and the outbox its"
            + " operational events go to. Run a relay on it with relay.capture.endpoint-feed=true.");
    key(
        "registry.database.user",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        DATABASE,
        "The database user.");
    key(
        "registry.database.password",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        DATABASE,
        "May be empty. Keep it out of the file: POSTHORN_REGISTRY_DATABASE_PASSWORD. Never logged.");
    key(
        "registry.http.host",
        STRING,
        "127.0.0.1",
        null,
        HIGH,
        HTTP,
        "The admin API serves plain HTTP: TLS ends at a load balancer or reverse proxy in front of"
            + " it. 127.0.0.1 accepts only this machine, e.g. a proxy on the same host. For a proxy"
            + " on another host, bind the address of a private interface (e.g. 10.0.3.7), never a"
            + " public one, and keep the port closed to the internet; 0.0.0.0 listens on every"
            + " interface.");
    key(
        "registry.http.port",
        INT,
        8080,
        null,
        MEDIUM,
        HTTP,
        "The API's port (0-65535; 0 picks a free one).");
    key(
        "registry.http.max-body-bytes",
        INT,
        65_536,
        null,
        LOW,
        HTTP,
        "Larger request bodies are refused with 413 (1024-1048576).");
    key(
        "registry.http.client-address-header",
        STRING,
        null,
        null,
        LOW,
        HTTP,
        "Behind a proxy every request comes from the proxy's address, so wrong API keys would be"
            + " throttled for all clients at once (429 after 10 in a row, then one try per second)."
            + " Name the header the proxy writes the client's address into (e.g. X-Forwarded-For;"
            + " its last value counts). Set it only when clients cannot reach the registry except"
            + " through that proxy, or they could write the header themselves. Unset: the TCP"
            + " peer.");
    key(
        "registry.secret-key",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        KEYS_GROUP,
        "Base64 of the 32-byte master key that seals signing secrets (the workers'"
            + " worker.secret-key). Keep it out of the file: POSTHORN_REGISTRY_SECRET_KEY. Never"
            + " logged. Generate it with 'openssl rand -base64 32'; a guessable key (fewer than 8"
            + " distinct bytes, under 80 bits by byte frequencies, or a repeated pattern: all"
            + " zeros) fails start and --check.");
    key(
        "registry.admin-key",
        PASSWORD,
        null,
        null,
        HIGH,
        KEYS_GROUP,
        "The bootstrap admin API key (at least 32 characters, random: 'phk_' + 'openssl rand -hex"
            + " 32'; a guessable one fails start and --check; only its hash is stored). It replaces"
            + " the previous bootstrap key at start: change it to rotate it, remove it to have"
            + " none. Issue further keys with POST /v1/api-keys. Prefer"
            + " POSTHORN_REGISTRY_ADMIN_KEY.");
    key(
        "registry.kafka.bootstrap-servers",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        KAFKA,
        "Kafka: attempts are read from it, redeliveries written to it.");
    key(
        "registry.topic.events",
        STRING,
        Topics.EVENTS,
        null,
        MEDIUM,
        KAFKA,
        "Where resend and recover read bodies back (recovery is bounded by this topic's"
            + " retention).");
    key(
        "registry.topic.attempts",
        STRING,
        Topics.ATTEMPTS,
        null,
        MEDIUM,
        KAFKA,
        "Where the attempt log reads the workers' attempts.");
    key(
        "registry.topic.redeliveries",
        STRING,
        Topics.REDELIVERIES,
        null,
        MEDIUM,
        KAFKA,
        "Where resend, recover and ping write task records (the workers'"
            + " worker.topic.redeliveries).");
    key(
        "registry.attempts.group-id",
        STRING,
        "posthorn-registry",
        null,
        LOW,
        KAFKA,
        "The attempt log's consumer group (offsets committed after the database commit).");
    key(
        "registry.attempts.retention",
        STRING,
        "30d",
        Rule.duration(),
        MEDIUM,
        HOUSEKEEPING,
        "Attempts that started longer ago are deleted, 1000 rows per transaction.");
    key(
        "registry.feed.retention",
        STRING,
        "1h",
        Rule.duration(),
        LOW,
        HOUSEKEEPING,
        "Endpoint feed rows and the registry's own outbox rows (posthorn.endpoint.disabled events)"
            + " older than this are deleted in batches of 1,000; the relay read them from the WAL"
            + " long before.");
    key(
        "registry.secret.rotation-overlap",
        STRING,
        "24h",
        Rule.duration(),
        LOW,
        HOUSEKEEPING,
        "How long a rotated secret keeps signing beside the new one, unless the rotate request"
            + " says (at most 30d).");
    key(
        "registry.network.allow-http",
        BOOLEAN,
        false,
        null,
        MEDIUM,
        HOUSEKEEPING,
        "Accept http:// URLs for every tenant: only for a dev stack. Per tenant: PUT"
            + " /v1/tenants/{id} {\"allowHttp\": true}.");
    key(
        "registry.network.allow-private",
        BOOLEAN,
        false,
        null,
        MEDIUM,
        HOUSEKEEPING,
        "Accept URLs resolving to private addresses for every tenant: only for a dev stack. Per"
            + " tenant: PUT /v1/tenants/{id} {\"allowPrivateNetworks\": true}.");
    key(
        "registry.auto-disable.after",
        STRING,
        "3d",
        Rule.duration(),
        MEDIUM,
        HOUSEKEEPING,
        "An endpoint whose attempts (since it last changed) have failed with no success for this"
            + " long is disabled; one whose newest attempt answered 410 or webhook-delivery:"
            + " disable is disabled at once.");
    key(
        "registry.inbound.url",
        STRING,
        null,
        null,
        LOW,
        HTTP,
        "The inbound gateway's public base URL (e.g. https://hooks.example.com): a connection's"
            + " ingest URL is this and /in/<id> (docs/inbound.md). Unset: the API shows the path"
            + " alone.");
    key(
        "registry.housekeeping-interval",
        STRING,
        "1m",
        Rule.duration(),
        LOW,
        HOUSEKEEPING,
        "How often the retention, the feed purge, the auto-disable sweep, the verification"
            + " expiry and the URL check run.");
    key(
        "registry.verification.required",
        BOOLEAN,
        false,
        null,
        MEDIUM,
        URL_CHECKS,
        "Every endpoint created with a tenant's key (and every new URL a tenant's key sets) must"
            + " answer a signed posthorn.ping challenge before it is enabled, as if the request said"
            + " \"verify\": true; a tenant's \"verify\": false is refused, an admin key's is"
            + " accepted. false: only endpoints created with \"verify\": true are verified.");
    key(
        "registry.verification.window",
        STRING,
        "1h",
        Rule.duration(),
        LOW,
        URL_CHECKS,
        "How long a verification challenge can be answered. Unanswered by then, the endpoint"
            + " stays disabled (POST /v1/endpoints/{id}/verify sends a new challenge). The ping"
            + " climbs the workers' retry ladder meanwhile, so an endpoint down for a moment can"
            + " still answer a retry.");
    key(
        "registry.verification.challenge-delay",
        STRING,
        "2s",
        Rule.duration(),
        LOW,
        URL_CHECKS,
        "A challenge is due this long after the change that asked for it, so the workers have"
            + " read the pending endpoint from posthorn.endpoints first (a worker that does not"
            + " know it dead-letters the ping). Shorter than registry.verification.window.");
    key(
        "registry.url-check.idle-after",
        STRING,
        null,
        Rule.duration(),
        MEDIUM,
        URL_CHECKS,
        "Off unless set. An enabled endpoint with no delivery attempt, change or check for this"
            + " long gets a posthorn.ping (checked every registry.housekeeping-interval); its"
            + " failures count for registry.auto-disable.after like any attempt's, and a 410"
            + " disables it at once.");
    key(
        "registry.portal.public-url",
        STRING,
        null,
        null,
        MEDIUM,
        PORTAL,
        "The registry as browsers reach it, e.g. https://hooks.example.com (the TLS proxy): the"
            + " base of portal links. Portal cookies are Secure exactly when it is https. Empty:"
            + " the API's own http:// address, for a dev stack.");
    key(
        "registry.portal.frame-ancestors",
        STRING,
        "'none'",
        null,
        MEDIUM,
        PORTAL,
        "Who may embed the portal in a frame (CSP frame-ancestors): 'none', or 'self' and origins"
            + " separated by spaces, e.g. https://app.example.com.");
    key(
        "registry.portal.link-ttl",
        STRING,
        "10m",
        Rule.duration(),
        LOW,
        PORTAL,
        "How long a portal link may be opened; each opens one session, once (at most 7d).");
    key(
        "registry.portal.session-idle",
        STRING,
        "30m",
        Rule.duration(),
        LOW,
        PORTAL,
        "A portal session unused for this long ends.");
    key(
        "registry.portal.session-max",
        STRING,
        "8h",
        Rule.duration(),
        LOW,
        PORTAL,
        "A portal session ends this long after its link was opened, however active.");
  }

  private RegistrySettings() {}

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
  public static RegistryConfig parse(Map<String, String> settings) {
    return parse(Settings.of(settings));
  }

  /**
   * From a process's settings.
   *
   * @throws RegistryConfigException naming the key
   */
  public static RegistryConfig parse(Settings settings) {
    ParsedSettings s;
    try {
      s = settings.parse(DEFINITION, "registry.");
    } catch (InvalidSettingException e) {
      throw new RegistryConfigException(e.getMessage());
    }
    String masterKey = s.secret("registry.secret-key");
    SecretSeal seal;
    try {
      seal = SecretSeal.fromBase64(masterKey);
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException("registry.secret-key " + e.getMessage());
    }
    SecretStrength.weakness(Base64.getDecoder().decode(masterKey.strip()))
        .ifPresent(
            why -> {
              throw new RegistryConfigException(
                  "registry.secret-key is too weak: "
                      + why
                      + "; use 32 random bytes,"
                      + " e.g. 'openssl rand -base64 32'");
            });
    RegistryConfig.Builder b =
        RegistryConfig.builder(
                s.getString("registry.database.url"),
                s.getString("registry.database.user"),
                s.secret("registry.database.password"),
                s.getString("registry.kafka.bootstrap-servers"),
                seal)
            .httpHost(s.getString("registry.http.host"))
            .httpPort(s.getInt("registry.http.port"))
            .maxBodyBytes(s.getInt("registry.http.max-body-bytes"))
            .clientAddressHeader(s.getString("registry.http.client-address-header"))
            .adminKey(s.secret("registry.admin-key"))
            .eventsTopic(s.getString("registry.topic.events"))
            .attemptsTopic(s.getString("registry.topic.attempts"))
            .redeliveriesTopic(s.getString("registry.topic.redeliveries"))
            .attemptsGroupId(s.getString("registry.attempts.group-id"))
            .attemptRetention(s.duration("registry.attempts.retention"))
            .feedRetention(s.duration("registry.feed.retention"))
            .secretRotationOverlap(s.duration("registry.secret.rotation-overlap"))
            .allowHttp(s.getBoolean("registry.network.allow-http"))
            .allowPrivateNetworks(s.getBoolean("registry.network.allow-private"))
            .autoDisableAfter(s.duration("registry.auto-disable.after"))
            .housekeepingInterval(s.duration("registry.housekeeping-interval"))
            .verificationRequired(s.getBoolean("registry.verification.required"))
            .verificationWindow(s.duration("registry.verification.window"))
            .verificationChallengeDelay(s.duration("registry.verification.challenge-delay"))
            .urlCheckIdleAfter(s.duration("registry.url-check.idle-after"))
            .inboundUrl(s.getString("registry.inbound.url"))
            .portal(portal(s));
    try {
      CatalogSettings.dir(settings).ifPresent(b::catalogDir);
    } catch (InvalidSettingException e) {
      throw new RegistryConfigException(e.getMessage());
    }
    return b.build();
  }

  private static RegistryConfig.Portal portal(ParsedSettings s) {
    String url = s.getString("registry.portal.public-url");
    URI publicUrl;
    try {
      publicUrl = url == null || url.isBlank() ? null : new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new RegistryConfigException(
          "registry.portal.public-url must be a URL such as https://hooks.example.com");
    }
    return new RegistryConfig.Portal(
        publicUrl,
        s.getString("registry.portal.frame-ancestors"),
        s.duration("registry.portal.link-ttl"),
        s.duration("registry.portal.session-idle"),
        s.duration("registry.portal.session-max"));
  }

  /**
   * Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d} or ISO-8601 ({@link
   * Durations}).
   */
  public static Duration duration(String key, String v) {
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException(
          key + " must be a duration such as 10s, 5m, 1h, 30d or PT10S, got '" + v + "'");
    }
  }
}
