package io.posthorn.registry;

import io.posthorn.schema.Topics;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a registry needs, validated at construction: a bad value fails naming the key. {@code
 * endpoint-registry/README.md} lists the keys with their defaults; {@link RegistrySettings} reads
 * them from flat settings.
 *
 * @param databaseUrl {@code registry.database.url}: {@code jdbc:postgresql://host:port/database}
 * @param databaseUser {@code registry.database.user}
 * @param databasePassword {@code registry.database.password}: never logged
 * @param httpHost {@code registry.http.host}: the address the API listens on (plain HTTP; TLS ends
 *     at a load balancer or proxy in front), {@code 127.0.0.1} by default
 * @param httpPort {@code registry.http.port}: 0 picks a free port
 * @param maxBodyBytes {@code registry.http.max-body-bytes}: larger request bodies are refused (413)
 * @param clientAddressHeader {@code registry.http.client-address-header}: the header a trusted
 *     proxy in front puts the client's address in (its last value counts), for throttling failed
 *     authentications per client; {@code null}: the TCP peer is the client
 * @param secretSeal {@code registry.secret-key}: base64 of the 32-byte master key that seals
 *     signing secrets at rest and on the endpoints topic; the workers need the same key; never
 *     logged
 * @param adminKey {@code registry.admin-key}: the bootstrap admin API key (its hash is stored), or
 *     {@code null}; at least 32 characters that do not look guessable ({@link SecretStrength}); it
 *     replaces the previous bootstrap key at start; never logged
 * @param bootstrapServers {@code registry.kafka.bootstrap-servers}
 * @param eventsTopic {@code registry.topic.events}: where resend and recover read bodies back
 * @param attemptsTopic {@code registry.topic.attempts}: the workers' attempt records
 * @param redeliveriesTopic {@code registry.topic.redeliveries}: where resend, recover and ping
 *     write
 * @param attemptsGroupId {@code registry.attempts.group-id}: the attempt log's consumer group
 * @param attemptRetention {@code registry.attempts.retention}: attempts older than this are deleted
 * @param feedRetention {@code registry.feed.retention}: endpoint feed rows and the registry's
 *     outbox rows older than this are deleted (the relay has read them from the WAL long before)
 * @param secretRotationOverlap {@code registry.secret.rotation-overlap}: how long a rotated secret
 *     keeps signing beside the new one, unless the request says otherwise
 * @param allowHttp {@code registry.network.allow-http}: accept {@code http://} URLs for every
 *     tenant (the dev stack); otherwise only tenants allowed to
 * @param allowPrivateNetworks {@code registry.network.allow-private}: accept URLs resolving to
 *     loopback/private/link-local addresses for every tenant (the dev stack)
 * @param autoDisableAfter {@code registry.auto-disable.after}: an endpoint failing with no success
 *     for this long is disabled
 * @param housekeepingInterval {@code registry.housekeeping-interval}: how often retention, the feed
 *     purge and the auto-disable check run
 * @param verificationRequired {@code registry.verification.required}: every endpoint a tenant key
 *     creates must answer a verification challenge before it is enabled (decision 0046)
 * @param verificationWindow {@code registry.verification.window}: how long a challenge can be
 *     answered
 * @param verificationChallengeDelay {@code registry.verification.challenge-delay}: a challenge is
 *     due this long after the change that asked for it, so the workers know the pending endpoint
 * @param urlCheckIdleAfter {@code registry.url-check.idle-after}: an enabled endpoint with no
 *     attempt for this long is pinged; empty: no periodic check
 * @param catalogDir {@code catalog.dir}: the event catalog directory endpoint subscriptions are
 *     checked against (Posthorn's own types always included); empty for {@link
 *     EventCatalog#standard()}
 * @param inboundUrl {@code registry.inbound.url}: the inbound gateway's public base URL, which a
 *     connection's ingest URL starts with; {@code null} to show the path alone
 * @param portal {@code registry.portal.*}: the subscriber portal's links and sessions
 */
public record RegistryConfig(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String httpHost,
    int httpPort,
    int maxBodyBytes,
    String clientAddressHeader,
    SecretSeal secretSeal,
    String adminKey,
    String bootstrapServers,
    String eventsTopic,
    String attemptsTopic,
    String redeliveriesTopic,
    String attemptsGroupId,
    Duration attemptRetention,
    Duration feedRetention,
    Duration secretRotationOverlap,
    boolean allowHttp,
    boolean allowPrivateNetworks,
    Duration autoDisableAfter,
    Duration housekeepingInterval,
    boolean verificationRequired,
    Duration verificationWindow,
    Duration verificationChallengeDelay,
    Optional<Duration> urlCheckIdleAfter,
    Optional<Path> catalogDir,
    String inboundUrl,
    Portal portal) {

  /**
   * The subscriber portal under {@code /portal} (docs/portal.md, decision 0048).
   *
   * @param publicUrl {@code registry.portal.public-url}: the registry as browsers reach it (the
   *     proxy's {@code https://} address), the base of portal links; {@code null}: the API's own
   *     address. Cookies are {@code Secure} exactly when it is {@code https}.
   * @param frameAncestors {@code registry.portal.frame-ancestors}: the CSP {@code frame-ancestors}
   *     sources allowed to embed the portal, {@code 'none'} by default
   * @param linkTtl {@code registry.portal.link-ttl}: how long a portal link may be opened (once)
   * @param sessionIdle {@code registry.portal.session-idle}: a session unused this long ends
   * @param sessionMax {@code registry.portal.session-max}: a session ends this long after it began
   */
  public record Portal(
      URI publicUrl,
      String frameAncestors,
      Duration linkTtl,
      Duration sessionIdle,
      Duration sessionMax) {
    /** One CSP source: 'none', 'self', or an http(s) origin with an optional *. subdomain. */
    private static final String SOURCE =
        "'none'|'self'|https?://(\\*\\.)?[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?";

    public Portal {
      require(
          publicUrl == null
              || ("https".equals(publicUrl.getScheme()) || "http".equals(publicUrl.getScheme()))
                  && publicUrl.getHost() != null
                  && publicUrl.getQuery() == null
                  && publicUrl.getFragment() == null,
          "registry.portal.public-url",
          "must be an http(s) URL without query or fragment, such as https://hooks.example.com");
      require(
          frameAncestors != null
              && frameAncestors.strip().matches("(" + SOURCE + ")( +(" + SOURCE + "))*")
              && (!frameAncestors.contains("'none'") || frameAncestors.strip().equals("'none'")),
          "registry.portal.frame-ancestors",
          "must be 'none', or space-separated 'self' and origins such as https://app.example.com");
      requirePositive(linkTtl, "registry.portal.link-ttl");
      require(
          linkTtl.compareTo(Duration.ofDays(7)) <= 0,
          "registry.portal.link-ttl",
          "must be at most 7 days, got " + linkTtl);
      requirePositive(sessionIdle, "registry.portal.session-idle");
      requirePositive(sessionMax, "registry.portal.session-max");
      require(
          sessionIdle.compareTo(sessionMax) <= 0,
          "registry.portal.session-idle",
          "must not be longer than registry.portal.session-max");
    }

    /**
     * No public URL, no framing, links valid 10 minutes, sessions 30 minutes idle, 8 hours in all.
     */
    public static Portal defaults() {
      return new Portal(
          null, "'none'", Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(8));
    }
  }

  public RegistryConfig {
    require(
        databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql://"),
        "registry.database.url",
        "must look like jdbc:postgresql://host:port/database");
    requireText(databaseUser, "registry.database.user");
    require(databasePassword != null, "registry.database.password", "must be set (may be empty)");
    requireText(httpHost, "registry.http.host");
    require(
        httpPort >= 0 && httpPort <= 65535,
        "registry.http.port",
        "must be 0-65535, got " + httpPort);
    require(
        maxBodyBytes >= 1024 && maxBodyBytes <= 1_048_576,
        "registry.http.max-body-bytes",
        "must be between 1024 and 1048576, got " + maxBodyBytes);
    require(
        inboundUrl == null || inboundUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?"),
        "registry.inbound.url",
        "must be an http(s) URL such as https://hooks.example.com, got " + inboundUrl);
    require(secretSeal != null, "registry.secret-key", "must be set (base64 of 32 random bytes)");
    require(
        clientAddressHeader == null || clientAddressHeader.matches("[A-Za-z0-9-]{1,100}"),
        "registry.http.client-address-header",
        "must be a header name such as X-Forwarded-For");
    require(
        adminKey == null || adminKey.length() >= 32,
        "registry.admin-key",
        "must be at least 32 characters");
    if (adminKey != null) {
      SecretStrength.weakness(adminKey)
          .ifPresent(
              why ->
                  require(
                      false,
                      "registry.admin-key",
                      "is too weak: "
                          + why
                          + "; use a random key, e.g. phk_ followed by the output of 'openssl rand -hex 32'"));
    }
    requireText(bootstrapServers, "registry.kafka.bootstrap-servers");
    requireText(eventsTopic, "registry.topic.events");
    requireText(attemptsTopic, "registry.topic.attempts");
    requireText(redeliveriesTopic, "registry.topic.redeliveries");
    requireText(attemptsGroupId, "registry.attempts.group-id");
    requirePositive(attemptRetention, "registry.attempts.retention");
    requirePositive(feedRetention, "registry.feed.retention");
    requirePositive(secretRotationOverlap, "registry.secret.rotation-overlap");
    require(
        secretRotationOverlap.compareTo(Duration.ofDays(30)) <= 0,
        "registry.secret.rotation-overlap",
        "must be at most 30 days, got " + secretRotationOverlap);
    requirePositive(autoDisableAfter, "registry.auto-disable.after");
    requirePositive(housekeepingInterval, "registry.housekeeping-interval");
    requirePositive(verificationWindow, "registry.verification.window");
    require(
        verificationChallengeDelay != null && !verificationChallengeDelay.isNegative(),
        "registry.verification.challenge-delay",
        "must be zero or positive, got " + verificationChallengeDelay);
    require(
        verificationChallengeDelay.compareTo(verificationWindow) < 0,
        "registry.verification.challenge-delay",
        "must be shorter than registry.verification.window ("
            + verificationWindow
            + "), got "
            + verificationChallengeDelay);
    require(urlCheckIdleAfter != null, "registry.url-check.idle-after", "must not be null");
    urlCheckIdleAfter.ifPresent(d -> requirePositive(d, "registry.url-check.idle-after"));
    require(catalogDir != null, EventCatalog.DIR_KEY, "must not be null (empty for the standard)");
    require(portal != null, "registry.portal", "must not be null");
  }

  /** Every default filled in; only the database, Kafka and the master key are required. */
  public static Builder builder(
      String databaseUrl,
      String user,
      String password,
      String bootstrapServers,
      SecretSeal secretSeal) {
    return new Builder(databaseUrl, user, password, bootstrapServers, secretSeal);
  }

  /** Leaves out the password, the master key and the admin key. */
  @Override
  public String toString() {
    return "RegistryConfig[url="
        + databaseUrl.replaceAll("\\?.*", "?…")
        + ", user="
        + databaseUser
        + ", http="
        + httpHost
        + ":"
        + httpPort
        + ", kafka="
        + bootstrapServers
        + ", attempts="
        + attemptsTopic
        + ", redeliveries="
        + redeliveriesTopic
        + ", retention="
        + attemptRetention
        + ", allowHttp="
        + allowHttp
        + ", allowPrivate="
        + allowPrivateNetworks
        + ", autoDisableAfter="
        + autoDisableAfter
        + ", verificationRequired="
        + verificationRequired
        + ", urlCheckIdleAfter="
        + urlCheckIdleAfter.map(Duration::toString).orElse("off")
        + "]";
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new RegistryConfigException(key + " " + message);
    }
  }

  private static void requireText(String value, String key) {
    require(value != null && !value.isBlank(), key, "must be set");
  }

  private static void requirePositive(Duration value, String key) {
    require(
        value != null && !value.isNegative() && !value.isZero(),
        key,
        "must be a positive duration, got " + value);
  }

  /** Builds a {@link RegistryConfig}; each setter documents its default. */
  public static final class Builder {
    private final String databaseUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final String bootstrapServers;
    private final SecretSeal secretSeal;
    private String httpHost = "127.0.0.1";
    private int httpPort = 8080;
    private int maxBodyBytes = 65_536;
    private String clientAddressHeader;
    private Portal portal = Portal.defaults();
    private String adminKey;
    private String eventsTopic = Topics.EVENTS;
    private String attemptsTopic = Topics.ATTEMPTS;
    private String redeliveriesTopic = Topics.REDELIVERIES;
    private String attemptsGroupId = "posthorn-registry";
    private Duration attemptRetention = Duration.ofDays(30);
    private Duration feedRetention = Duration.ofHours(1);
    private Duration secretRotationOverlap = Duration.ofHours(24);
    private boolean allowHttp;
    private boolean allowPrivateNetworks;
    private Duration autoDisableAfter = Duration.ofDays(3);
    private Duration housekeepingInterval = Duration.ofMinutes(1);
    private boolean verificationRequired;
    private Duration verificationWindow = Duration.ofHours(1);
    private Duration verificationChallengeDelay = Duration.ofSeconds(2);
    private Optional<Duration> urlCheckIdleAfter = Optional.empty();
    private Optional<Path> catalogDir = Optional.empty();
    private String inboundUrl;

    private Builder(
        String databaseUrl,
        String user,
        String password,
        String bootstrapServers,
        SecretSeal seal) {
      this.databaseUrl = databaseUrl;
      this.databaseUser = user;
      this.databasePassword = password;
      this.bootstrapServers = bootstrapServers;
      this.secretSeal = seal;
    }

    /** Default {@code 127.0.0.1}: only this machine; a proxy on it terminates TLS. */
    public Builder httpHost(String v) {
      this.httpHost = v;
      return this;
    }

    /** Default 8080; 0 picks a free port. */
    public Builder httpPort(int v) {
      this.httpPort = v;
      return this;
    }

    /** Default 65536. */
    public Builder maxBodyBytes(int v) {
      this.maxBodyBytes = v;
      return this;
    }

    /** Default none: the TCP peer is the client. */
    public Builder clientAddressHeader(String v) {
      this.clientAddressHeader = v;
      return this;
    }

    /** Default none. */
    public Builder adminKey(String v) {
      this.adminKey = v;
      return this;
    }

    /** Default {@link Topics#EVENTS}. */
    public Builder eventsTopic(String v) {
      this.eventsTopic = v;
      return this;
    }

    /** Default {@link Topics#ATTEMPTS}. */
    public Builder attemptsTopic(String v) {
      this.attemptsTopic = v;
      return this;
    }

    /** Default {@link Topics#REDELIVERIES}. */
    public Builder redeliveriesTopic(String v) {
      this.redeliveriesTopic = v;
      return this;
    }

    /** Default {@code posthorn-registry}. */
    public Builder attemptsGroupId(String v) {
      this.attemptsGroupId = v;
      return this;
    }

    /** Default 30 days. */
    public Builder attemptRetention(Duration v) {
      this.attemptRetention = v;
      return this;
    }

    /** Default 1 hour. */
    public Builder feedRetention(Duration v) {
      this.feedRetention = v;
      return this;
    }

    /** Default 24 hours. */
    public Builder secretRotationOverlap(Duration v) {
      this.secretRotationOverlap = v;
      return this;
    }

    /** Default false. */
    public Builder allowHttp(boolean v) {
      this.allowHttp = v;
      return this;
    }

    /** Default false. */
    public Builder allowPrivateNetworks(boolean v) {
      this.allowPrivateNetworks = v;
      return this;
    }

    /** Default 3 days. */
    public Builder autoDisableAfter(Duration v) {
      this.autoDisableAfter = v;
      return this;
    }

    /** {@code catalog.dir}: the event catalog directory. */
    public Builder catalogDir(Path v) {
      this.catalogDir = Optional.of(v);
      return this;
    }

    /** Default none: connections show their ingest path alone. */
    public Builder inboundUrl(String v) {
      this.inboundUrl = v;
      return this;
    }

    /** Default 1 minute. */
    public Builder housekeepingInterval(Duration v) {
      this.housekeepingInterval = v;
      return this;
    }

    /** Default {@link Portal#defaults()}. */
    public Builder portal(Portal v) {
      this.portal = v;
      return this;
    }

    /** Default false: endpoints are verified when their create request says {@code verify}. */
    public Builder verificationRequired(boolean v) {
      this.verificationRequired = v;
      return this;
    }

    /** Default 1 hour. */
    public Builder verificationWindow(Duration v) {
      this.verificationWindow = v;
      return this;
    }

    /** Default 2 seconds. */
    public Builder verificationChallengeDelay(Duration v) {
      this.verificationChallengeDelay = v;
      return this;
    }

    /** Default none: no periodic check. */
    public Builder urlCheckIdleAfter(Duration v) {
      this.urlCheckIdleAfter = Optional.ofNullable(v);
      return this;
    }

    public RegistryConfig build() {
      return new RegistryConfig(
          databaseUrl,
          databaseUser,
          databasePassword,
          httpHost,
          httpPort,
          maxBodyBytes,
          clientAddressHeader,
          secretSeal,
          adminKey,
          bootstrapServers,
          eventsTopic,
          attemptsTopic,
          redeliveriesTopic,
          attemptsGroupId,
          attemptRetention,
          feedRetention,
          secretRotationOverlap,
          allowHttp,
          allowPrivateNetworks,
          autoDisableAfter,
          housekeepingInterval,
          verificationRequired,
          verificationWindow,
          verificationChallengeDelay,
          urlCheckIdleAfter,
          catalogDir,
          inboundUrl,
          portal);
    }
  }
}
