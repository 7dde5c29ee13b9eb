package io.posthorn.delivery.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.OAuthClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * OAuth 2.0 access tokens per endpoint (decision 0043): one token shared by all of an endpoint's
 * deliveries until {@link #MARGIN} before it expires (half its lifetime for a short-lived one), one
 * fetch in flight per endpoint whoever asks, and a refresh after a {@code 401} that concurrent
 * callers holding the same stale token share. A failed fetch is handed to every caller waiting on
 * it and forgotten, so the next delivery fetches again. Changed client settings fetch a new token.
 * Thread-safe.
 */
final class AccessTokens {
  static final Duration MARGIN = Duration.ofSeconds(30);

  /** The lifetime assumed when the token response has no {@code expires_in}. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fetches a token from the endpoint's token URL; fails with a {@link TokenException}. */
  interface Fetcher {
    CompletableFuture<Grant> fetch(Endpoint endpoint);
  }

  /** Fetches and failures, for the meters. */
  interface Listener {
    Listener NONE = new Listener() {};

    default void fetched(String endpointId) {}

    default void failed(String endpointId) {}
  }

  /** A token endpoint's answer: the token and its lifetime. */
  record Grant(String accessToken, Duration expiresIn) {
    Grant {
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(expiresIn, "expiresIn");
    }

    /**
     * Reads {@code {"access_token":…,"expires_in":…}}.
     *
     * @throws TokenException naming what is missing, never quoting the body (it holds the token)
     */
    static Grant parse(byte[] body, String host) {
      JsonNode doc;
      try {
        doc = JSON.readTree(body);
      } catch (IOException e) {
        throw new TokenException("oauth token: the answer from " + host + " is not JSON", false);
      }
      if (doc == null
          || !doc.path("access_token").isTextual()
          || doc.path("access_token").asText().isBlank()) {
        throw new TokenException(
            "oauth token: the answer from " + host + " has no access_token", false);
      }
      JsonNode expiresIn = doc.path("expires_in");
      Duration lifetime =
          expiresIn.canConvertToLong() && expiresIn.asLong() > 0
              ? Duration.ofSeconds(expiresIn.asLong())
              : DEFAULT_LIFETIME;
      return new Grant(doc.path("access_token").asText(), lifetime);
    }

    @Override
    public String toString() {
      return "Grant[*** for " + expiresIn + "]";
    }
  }

  /** A token and when it expires and is fetched again ({@code refreshAt}). */
  record AccessToken(String value, Instant expiresAt, Instant refreshAt) {
    @Override
    public String toString() {
      return "AccessToken[*** until " + expiresAt + "]";
    }
  }

  /** Why there is no token: a message safe to log, and whether the address policy refused it. */
  static final class TokenException extends RuntimeException {
    private final boolean refused;

    TokenException(String message, boolean refused) {
      super(message, null, false, false);
      this.refused = refused;
    }

    boolean refused() {
      return refused;
    }
  }

  private record Slot(OAuthClient client, CompletableFuture<AccessToken> token) {}

  private final Fetcher fetcher;
  private final Clock clock;
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
  private volatile Listener listener = Listener.NONE;

  AccessTokens(Fetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
  }

  void listener(Listener l) {
    this.listener = l;
  }

  /** The endpoint's token: the cached one while fresh, else the one being fetched or a new one. */
  CompletableFuture<AccessToken> token(Endpoint endpoint) {
    return slots
        .compute(
            endpoint.id(), (id, slot) -> usable(slot, endpoint.oauth()) ? slot : fetch(endpoint))
        .token();
  }

  /**
   * A token other than {@code stale}, which the endpoint refused with {@code 401}: the one another
   * caller already fetched or is fetching, else a new one.
   */
  CompletableFuture<AccessToken> refresh(Endpoint endpoint, AccessToken stale) {
    return slots
        .compute(
            endpoint.id(),
            (id, slot) ->
                slot != null
                        && slot.client().equals(endpoint.oauth())
                        && !holds(slot, stale)
                        && !slot.token().isCompletedExceptionally()
                    ? slot
                    : fetch(endpoint))
        .token();
  }

  /**
   * Seconds until the soonest cached token expires, empty when none is cached. Drops expired and
   * failed tokens on the way (a deleted endpoint's token is dropped once it expires), so the
   * meter's scrape keeps the cache bounded.
   */
  OptionalLong secondsToExpiry() {
    Instant now = clock.instant();
    slots
        .values()
        .removeIf(
            s ->
                s.token().isDone()
                    && (s.token().isCompletedExceptionally()
                        || !now.isBefore(s.token().join().expiresAt())));
    return slots.values().stream()
        .map(Slot::token)
        .filter(t -> t.isDone() && !t.isCompletedExceptionally())
        .mapToLong(t -> Duration.between(now, t.join().expiresAt()).toSeconds())
        .min();
  }

  private boolean usable(Slot slot, OAuthClient client) {
    if (slot == null || !slot.client().equals(client)) {
      return false;
    }
    CompletableFuture<AccessToken> t = slot.token();
    return !t.isDone()
        || (!t.isCompletedExceptionally() && clock.instant().isBefore(t.join().refreshAt()));
  }

  private static boolean holds(Slot slot, AccessToken token) {
    return slot.token().isDone()
        && !slot.token().isCompletedExceptionally()
        && slot.token().join().equals(token);
  }

  /** Runs inside {@code compute}: starts the fetch, which completes later on another thread. */
  private Slot fetch(Endpoint endpoint) {
    CompletableFuture<AccessToken> token =
        fetcher
            .fetch(endpoint)
            .thenApply(this::stamp)
            .whenComplete(
                (t, error) -> {
                  if (error == null) {
                    listener.fetched(endpoint.id());
                  } else {
                    listener.failed(endpoint.id());
                  }
                });
    return new Slot(endpoint.oauth(), token);
  }

  private AccessToken stamp(Grant grant) {
    Instant now = clock.instant();
    Duration margin =
        MARGIN.compareTo(grant.expiresIn().dividedBy(2)) < 0
            ? MARGIN
            : grant.expiresIn().dividedBy(2);
    return new AccessToken(
        grant.accessToken(),
        now.plus(grant.expiresIn()),
        now.plus(grant.expiresIn()).minus(margin));
  }
}
