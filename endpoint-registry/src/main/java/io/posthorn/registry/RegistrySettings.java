package io.posthorn.registry;

import io.posthorn.schema.Durations;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds a {@link RegistryConfig} from flat string settings (a config file with environment
 * overrides already applied). An unknown {@code registry.*} key or an unreadable value fails naming
 * the key. Durations: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d} or ISO-8601.
 */
public final class RegistrySettings {
  /** Keys this class reads. */
  public static final Set<String> KEYS =
      new TreeSet<>(
          Set.of(
              "registry.database.url",
              "registry.database.user",
              "registry.database.password",
              "registry.http.host",
              "registry.http.port",
              "registry.http.max-body-bytes",
              "registry.http.client-address-header",
              "registry.secret-key",
              "registry.admin-key",
              "registry.kafka.bootstrap-servers",
              "registry.topic.events",
              "registry.topic.attempts",
              "registry.topic.redeliveries",
              "registry.attempts.group-id",
              "registry.attempts.retention",
              "registry.feed.retention",
              "registry.secret.rotation-overlap",
              "registry.network.allow-http",
              "registry.network.allow-private",
              "registry.auto-disable.after",
              "registry.housekeeping-interval",
              EventCatalog.DIR_KEY));

  private RegistrySettings() {}

  public static RegistryConfig parse(Map<String, String> s) {
    for (String key : s.keySet()) {
      if (key.startsWith("registry.") && !KEYS.contains(key)) {
        throw new RegistryConfigException(key + " is not a known key; known keys: " + KEYS);
      }
    }
    SecretSeal seal;
    try {
      seal =
          s.get("registry.secret-key") == null
              ? null
              : SecretSeal.fromBase64(s.get("registry.secret-key"));
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException("registry.secret-key " + e.getMessage());
    }
    if (seal != null) {
      SecretStrength.weakness(Base64.getDecoder().decode(s.get("registry.secret-key").strip()))
          .ifPresent(
              why -> {
                throw new RegistryConfigException(
                    "registry.secret-key is too weak: "
                        + why
                        + "; use 32 random bytes,"
                        + " e.g. 'openssl rand -base64 32'");
              });
    }
    RegistryConfig.Builder b =
        RegistryConfig.builder(
            s.get("registry.database.url"),
            s.get("registry.database.user"),
            s.get("registry.database.password"),
            s.get("registry.kafka.bootstrap-servers"),
            seal);
    text(s, "registry.http.host", b::httpHost);
    integer(s, "registry.http.port", b::httpPort);
    integer(s, "registry.http.max-body-bytes", b::maxBodyBytes);
    text(s, "registry.http.client-address-header", b::clientAddressHeader);
    text(s, "registry.admin-key", b::adminKey);
    text(s, "registry.topic.events", b::eventsTopic);
    text(s, "registry.topic.attempts", b::attemptsTopic);
    text(s, "registry.topic.redeliveries", b::redeliveriesTopic);
    text(s, "registry.attempts.group-id", b::attemptsGroupId);
    duration(s, "registry.attempts.retention", b::attemptRetention);
    duration(s, "registry.feed.retention", b::feedRetention);
    duration(s, "registry.secret.rotation-overlap", b::secretRotationOverlap);
    bool(s, "registry.network.allow-http", b::allowHttp);
    bool(s, "registry.network.allow-private", b::allowPrivateNetworks);
    duration(s, "registry.auto-disable.after", b::autoDisableAfter);
    duration(s, "registry.housekeeping-interval", b::housekeepingInterval);
    text(s, EventCatalog.DIR_KEY, v -> b.catalogDir(Path.of(v)));
    return b.build();
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

  private static void text(Map<String, String> s, String key, Consumer<String> set) {
    if (s.containsKey(key)) {
      set.accept(s.get(key));
    }
  }

  private static void integer(Map<String, String> s, String key, Consumer<Integer> set) {
    if (s.containsKey(key)) {
      try {
        set.accept(Integer.parseInt(s.get(key).strip()));
      } catch (NumberFormatException e) {
        throw new RegistryConfigException(
            key + " must be a whole number, got '" + s.get(key) + "'");
      }
    }
  }

  private static void bool(Map<String, String> s, String key, Consumer<Boolean> set) {
    if (s.containsKey(key)) {
      String v = s.get(key).strip();
      if (!v.equals("true") && !v.equals("false")) {
        throw new RegistryConfigException(key + " must be true or false, got '" + v + "'");
      }
      set.accept(Boolean.parseBoolean(v));
    }
  }

  private static void duration(Map<String, String> s, String key, Consumer<Duration> set) {
    if (s.containsKey(key)) {
      set.accept(duration(key, s.get(key)));
    }
  }
}
