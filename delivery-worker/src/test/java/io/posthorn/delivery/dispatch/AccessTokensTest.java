package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.dispatch.AccessTokens.AccessToken;
import io.posthorn.delivery.dispatch.AccessTokens.Grant;
import io.posthorn.delivery.dispatch.AccessTokens.TokenException;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.OAuthClient;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.devstack.WebhookSecrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  /** Every fetch started, in order; the test completes them. */
  private final List<CompletableFuture<Grant>> fetches = new CopyOnWriteArrayList<>();

  private final AccessTokens tokens =
      new AccessTokens(
          e -> {
            CompletableFuture<Grant> f = new CompletableFuture<>();
            fetches.add(f);
            return f;
          },
          clock);

  private final Endpoint endpoint = endpoint("ep1", "client-a");

  @Test
  void aTokenIsSharedUntilTheMarginBeforeItExpires() {
    CompletableFuture<AccessToken> first = tokens.token(endpoint);
    fetches.get(0).complete(new Grant("t1", Duration.ofSeconds(300)));

    clock.advance(Duration.ofSeconds(269));
    assertThat(tokens.token(endpoint).join().value()).isEqualTo("t1");
    assertThat(fetches).hasSize(1);

    clock.advance(Duration.ofSeconds(1)); // 300 s - 30 s margin
    CompletableFuture<AccessToken> renewed = tokens.token(endpoint);
    assertThat(fetches).hasSize(2);
    fetches.get(1).complete(new Grant("t2", Duration.ofSeconds(300)));
    assertThat(renewed.join().value()).isEqualTo("t2");
    assertThat(first.join().expiresAt()).isEqualTo(Instant.parse("2026-12-07T12:05:00Z"));
  }

  @Test
  void aShortLivedTokenIsRenewedAtHalfItsLifetime() {
    tokens.token(endpoint);
    fetches.get(0).complete(new Grant("t1", Duration.ofSeconds(20)));

    clock.advance(Duration.ofSeconds(9));
    tokens.token(endpoint);
    assertThat(fetches).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    tokens.token(endpoint);
    assertThat(fetches).hasSize(2);
  }

  @Test
  void concurrentCallersShareOneFetch() {
    List<CompletableFuture<AccessToken>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(tokens.token(endpoint));
    }
    assertThat(fetches).hasSize(1);

    fetches.get(0).complete(new Grant("t1", Duration.ofMinutes(5)));

    assertThat(waiting).extracting(f -> f.join().value()).containsOnly("t1");
  }

  @Test
  void callersRefreshingTheSameStaleTokenShareOneRefresh() {
    tokens.token(endpoint);
    fetches.get(0).complete(new Grant("t1", Duration.ofMinutes(5)));
    AccessToken stale = tokens.token(endpoint).join();

    CompletableFuture<AccessToken> a = tokens.refresh(endpoint, stale);
    CompletableFuture<AccessToken> b = tokens.refresh(endpoint, stale);
    assertThat(fetches).hasSize(2);
    fetches.get(1).complete(new Grant("t2", Duration.ofMinutes(5)));
    CompletableFuture<AccessToken> late = tokens.refresh(endpoint, stale);

    assertThat(List.of(a, b, late)).extracting(f -> f.join().value()).containsOnly("t2");
    assertThat(fetches).as("one refresh for every holder of t1").hasSize(2);
    assertThat(tokens.token(endpoint).join().value()).isEqualTo("t2");
  }

  @Test
  void aFailedFetchReachesItsWaitersAndTheNextCallFetchesAgain() {
    CompletableFuture<AccessToken> a = tokens.token(endpoint);
    CompletableFuture<AccessToken> b = tokens.token(endpoint);
    fetches.get(0).completeExceptionally(new TokenException("oauth token: HTTP 500 from t", false));

    assertThat(List.of(a, b)).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
    tokens.token(endpoint);
    assertThat(fetches).hasSize(2);
  }

  @Test
  void endpointsHaveTheirOwnTokensAndChangedCredentialsFetchAnew() {
    tokens.token(endpoint);
    fetches.get(0).complete(new Grant("t1", Duration.ofMinutes(5)));

    tokens.token(endpoint("ep2", "client-a"));
    tokens.token(endpoint("ep1", "client-b"));

    assertThat(fetches).hasSize(3);
  }

  @Test
  void theGaugeReadsTheSoonestExpiry() {
    assertThat(tokens.secondsToExpiry()).isEmpty();
    tokens.token(endpoint);
    fetches.get(0).complete(new Grant("t1", Duration.ofSeconds(300)));
    tokens.token(endpoint("ep2", "client-a"));
    fetches.get(1).complete(new Grant("t2", Duration.ofSeconds(120)));

    clock.advance(Duration.ofSeconds(20));

    assertThat(tokens.secondsToExpiry()).hasValue(100);
    clock.advance(Duration.ofSeconds(100));
    assertThat(tokens.secondsToExpiry()).as("an expired token is dropped").hasValue(180);
  }

  @Test
  void theGrantIsReadWithoutQuotingTheBody() {
    assertThat(Grant.parse(utf8("{\"access_token\":\"abc\",\"expires_in\":3600}"), "auth.test"))
        .isEqualTo(new Grant("abc", Duration.ofHours(1)));
    assertThat(Grant.parse(utf8("{\"access_token\":\"abc\"}"), "auth.test").expiresIn())
        .isEqualTo(AccessTokens.DEFAULT_LIFETIME);
    Assertions.assertThatThrownBy(
            () -> Grant.parse(utf8("{\"token\":\"s3cret-value\"}"), "auth.test"))
        .hasMessage("oauth token: the answer from auth.test has no access_token");
    assertThat(new Grant("s3cret-value", Duration.ofHours(1)).toString()).doesNotContain("s3cret");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Endpoint endpoint(String id, String clientId) {
    return Endpoint.simple(
            id, URI.create("http://127.0.0.1:1/" + id), SigningSecret.parse(secretText()))
        .withOAuth(
            new OAuthClient(
                URI.create("http://127.0.0.1:2/token"), clientId, "client-s3cret", null, null));
  }

  private static String secretText() {
    return WebhookSecrets.generate();
  }
}
