package io.posthorn.registry.endpoint;

import io.posthorn.registry.ConflictException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.schema.JdbiOutbox;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to an endpoint, each in one transaction with its feed row ({@link EndpointFeed}), so
 * what the workers see is exactly what committed. Lookups are scoped to the caller: another
 * tenant's endpoint is "not found". Secrets are generated here ({@code whsec_} + 32 random bytes),
 * sealed at once and never logged; custom header values are sealed here too ({@link
 * EndpointHeaders}), before anything is stored.
 */
public final class EndpointChanges {
  private static final Logger log = LoggerFactory.getLogger(EndpointChanges.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int FEED_PURGE_BATCH = 1000;

  private final Jdbi jdbi;
  private final Tenants tenants;
  private final SecretSeal seal;
  private final Clock clock;
  private final TenantAllowances allowances;
  private final JdbiOutbox outbox;
  private final Pinger pinger;
  private final VerificationSettings verification;

  /**
   * @param pinger sends verification challenges (after the change that asks for one commits)
   */
  public EndpointChanges(
      Jdbi jdbi,
      Tenants tenants,
      SecretSeal seal,
      Clock clock,
      boolean allowHttp,
      boolean allowPrivate,
      Pinger pinger,
      VerificationSettings verification) {
    this.pinger = pinger;
    this.verification = verification;
    this.jdbi = jdbi;
    this.tenants = tenants;
    this.seal = seal;
    this.clock = clock;
    this.allowances = new TenantAllowances(tenants, allowHttp, allowPrivate);
    this.outbox = JdbiOutbox.of(Outbox.create(OutboxConfig.defaults(), clock));
  }

  /** A new endpoint and its first secret, shown this once (and by the secret route). */
  record Created(EndpointRow row, String secret) {}

  /**
   * The secret that signs, and when the rotated-out ones stop signing ({@code Secret} in
   * openapi.yaml).
   */
  record SecretView(String secret, List<Instant> rotatedSecretsExpireAt) {
    @Override
    public String toString() {
      return "SecretView[" + rotatedSecretsExpireAt.size() + " rotated]";
    }
  }

  /** The payload of {@code posthorn.endpoint.disabled}. */
  record EndpointDisabled(String endpointId, String reason, Instant disabledAt) {}

  boolean verificationRequired() {
    return verification.required();
  }

  /**
   * Creates the endpoint; one created with {@code verify} starts disabled, waiting for the answer
   * to the challenge sent once it committed.
   */
  Created create(EndpointInput.Create in) {
    Created created = createRow(in);
    sendChallenge(created.row());
    return created;
  }

  private Created createRow(EndpointInput.Create in) {
    return jdbi.inTransaction(
        h -> {
          Instant now = clock.instant();
          if (in.tenantId() != null) {
            tenants.ensure(h, in.tenantId(), now);
          }
          allowances.checkUrl(h, in.tenantId(), in.settings().url());
          allowances.checkTokenUrl(h, in.tenantId(), in.settings().oauth());
          String id = "ep_" + HexFormat.of().formatHex(random(12));
          EndpointRow row =
              new EndpointRow(
                      id,
                      0,
                      in.tenantId(),
                      null,
                      "",
                      true,
                      null,
                      List.of(),
                      1,
                      1,
                      0,
                      Map.of(),
                      "{}",
                      null,
                      null,
                      DeliveryOrder.CONCURRENT,
                      Map.of(),
                      now,
                      now,
                      null)
                  .withSettings(
                      in.settings(),
                      EndpointHeaders.seal(seal, id, in.settings().headers(), Map.of()),
                      in.settings().oauth() == null
                          ? null
                          : in.settings().oauth().seal(seal, id, null),
                      in.settings().tls() == null ? null : in.settings().tls().seal(seal, id, null),
                      now);
          if (in.verify()) {
            row = row.withEnabled(false, null, now).withVerification(challenge(now));
          }
          Endpoints.insert(h, row);
          String secret = newSecret();
          Endpoints.addSecret(h, id, seal.seal(id, secret), now);
          publish(h, row, now);
          log.info("endpoint {} created for {} ({})", id, owner(in.tenantId()), host(row.url()));
          return new Created(Endpoints.find(h, id, null).orElseThrow(), secret);
        });
  }

  /**
   * Changes a tenant ({@code change}, e.g. its allowances) in one transaction with a fresh document
   * for each of its endpoints when an allowance changed, so a revoked {@code allowPrivateNetworks}
   * reaches the workers like any endpoint change (issue 20). The tenant's endpoints are locked
   * first, and every endpoint change reads its tenant {@code FOR SHARE}: a concurrent endpoint
   * change either commits before (and is republished here) or reads the new allowances.
   */
  public Tenants.Tenant changeTenant(String tenantId, Function<Handle, Tenants.Tenant> change) {
    return jdbi.inTransaction(
        h -> {
          Endpoints.lockTenant(h, tenantId);
          Optional<Tenants.Tenant> before = tenants.find(h, tenantId);
          Tenants.Tenant after = change.apply(h);
          boolean changed =
              before
                  .map(
                      b ->
                          b.allowHttp() != after.allowHttp()
                              || b.allowPrivateNetworks() != after.allowPrivateNetworks())
                  .orElse(false);
          if (changed) {
            Instant now = clock.instant();
            List<EndpointRow> rows =
                Endpoints.lockTenant(h, tenantId); // again: one created meanwhile is in now
            rows.forEach(row -> publish(h, row, now));
            log.info(
                "tenant {} allowances changed (allowHttp {}, allowPrivateNetworks {}): {} endpoint documents"
                    + " republished",
                tenantId,
                after.allowHttp(),
                after.allowPrivateNetworks(),
                rows.size());
          }
          return after;
        });
  }

  /**
   * Deletes feed rows older than {@code retention} in batches (a housekeeping chore); returns how
   * many.
   */
  public long purgeFeed(Duration retention) {
    return EndpointFeed.purge(jdbi, clock.instant().minus(retention), FEED_PURGE_BATCH);
  }

  /** The endpoint if the caller sees it; else 404 naming {@code endpointId}. */
  public EndpointRow get(Caller caller, String id) {
    return jdbi.inTransaction(h -> require(h, caller, id));
  }

  List<EndpointRow> list(
      Caller caller,
      Optional<String> tenant,
      Optional<String> status,
      Optional<String> eventType,
      long afterSeq,
      int limit) {
    return jdbi.withHandle(
        h -> Endpoints.list(h, caller.scope(), tenant, status, eventType, afterSeq, limit));
  }

  /**
   * Applies the patch. A new URL for an endpoint that asked for verification once (or any new URL a
   * tenant's key sets where verification is required) needs an answer: the endpoint is disabled and
   * challenged, and enabled by the correct answer.
   */
  EndpointRow update(Caller caller, String id, EndpointPatch patch) {
    Updated updated = updateRow(caller, id, patch);
    if (updated.challenged()) {
      sendChallenge(updated.row());
    }
    return updated.row();
  }

  /** An updated row, and whether the update asked for a new challenge. */
  private record Updated(EndpointRow row, boolean challenged) {}

  private Updated updateRow(Caller caller, String id, EndpointPatch patch) {
    return jdbi.inTransaction(
        h -> {
          EndpointRow current = require(h, caller, id);
          EndpointSettings next = patch.applyTo(EndpointSettings.of(current));
          if (!next.url().equals(current.url())) {
            allowances.checkUrl(h, current.tenantId(), next.url());
          }
          if (next.oauth() != null
              && (current.oauth() == null
                  || !next.oauth().tokenUrl().equals(current.oauth().tokenUrl()))) {
            allowances.checkTokenUrl(h, current.tenantId(), next.oauth());
          }
          Instant now = clock.instant();
          EndpointRow row =
              current.withSettings(
                  next,
                  EndpointHeaders.seal(seal, id, next.headers(), current.sealedHeaders()),
                  next.oauth() == null ? null : next.oauth().seal(seal, id, current.oauth()),
                  next.tls() == null ? null : next.tls().seal(seal, id, current.tls()),
                  now);
          boolean challenged =
              !next.url().equals(current.url())
                  && (current.verification() != null
                      || verification.required() && caller instanceof Caller.Tenant);
          if (challenged) {
            row = row.withEnabled(false, null, now).withVerification(challenge(now));
          }
          Endpoints.update(h, row);
          publish(h, row, now);
          log.info("endpoint {} of {} updated ({})", id, owner(row.tenantId()), host(row.url()));
          return new Updated(row, challenged);
        });
  }

  void delete(Caller caller, String id) {
    jdbi.useTransaction(
        h -> {
          require(h, caller, id);
          Endpoints.delete(h, id);
          EndpointFeed.publishDeletion(h, id, clock.instant());
          log.info("endpoint {} deleted", id);
        });
  }

  /**
   * The enable and disable routes. An endpoint that asked for verification is enabled here only
   * once verified (409 otherwise); disabling one that waits for its answer ends the verification.
   */
  EndpointRow setEnabled(Caller caller, String id, boolean enabled, String reason) {
    return jdbi.inTransaction(
        h -> {
          EndpointRow current = require(h, caller, id);
          Verification v = current.verification();
          if (enabled && v != null && !v.verified()) {
            throw new ConflictException(
                "endpointId",
                "endpoint "
                    + id
                    + (v.pending()
                        ? " waits for the answer to its verification challenge; the answer enables it"
                        : " has not answered its verification challenge; POST /v1/endpoints/"
                            + id
                            + "/verify sends a new one"));
          }
          return setEnabled(h, current, enabled, reason);
        });
  }

  /**
   * Sends a new verification challenge to a disabled endpoint (a new or failed verification, or a
   * disabled endpoint to enable through it); the correct answer enables it. An enabled endpoint is
   * refused (409).
   */
  EndpointRow verify(Caller caller, String id) {
    EndpointRow row =
        jdbi.inTransaction(
            h -> {
              EndpointRow current = require(h, caller, id);
              if (current.enabled()) {
                throw new ConflictException(
                    "endpointId",
                    "endpoint " + id + " is enabled; only a disabled one is verified");
              }
              Instant now = clock.instant();
              EndpointRow next =
                  current.withEnabled(false, null, now).withVerification(challenge(now));
              Endpoints.update(h, next);
              publish(h, next, now);
              return next;
            });
    sendChallenge(row);
    return row;
  }

  /**
   * Enables or disables inside the caller's transaction; returns the row as it now is. Disabling an
   * enabled endpoint also writes {@code posthorn.endpoint.disabled} to the outbox, in the same
   * transaction, so an ops channel hears of it once.
   */
  EndpointRow setEnabled(Handle h, EndpointRow current, boolean enabled, String reason) {
    Instant now = clock.instant();
    EndpointRow row = current.withEnabled(enabled, reason, now);
    if (!enabled && current.verificationPending()) {
      row = row.withVerification(current.verification().failed());
    }
    Endpoints.update(h, row);
    publish(h, row, now);
    if (current.enabled() && !enabled) {
      String payload = RegistryJson.write(new EndpointDisabled(row.id(), reason, now));
      OutboxEvent event =
          OutboxEvent.of("posthorn.endpoint.disabled", "Endpoint", row.id(), payload);
      outbox.emit(h, row.tenantId() == null ? event : event.withTenant(row.tenantId()));
    }
    log.info(
        "endpoint {} {}{}",
        row.id(),
        enabled ? "enabled" : "disabled",
        enabled ? "" : ": " + reason);
    return row;
  }

  SecretView secret(Caller caller, String id) {
    return jdbi.inTransaction(
        h -> {
          require(h, caller, id);
          List<EndpointDocument.Secret> secrets = Endpoints.secrets(h, id, clock.instant());
          String current =
              secrets.stream()
                  .filter(s -> s.expiresAt() == null)
                  .findFirst()
                  .map(s -> seal.open(id, s.sealed()))
                  .orElseThrow();
          return new SecretView(
              current,
              secrets.stream()
                  .map(EndpointDocument.Secret::expiresAt)
                  .filter(e -> e != null)
                  .toList());
        });
  }

  /** A new current secret; the old one keeps signing for {@code overlap} (zero: stops at once). */
  SecretView rotate(Caller caller, String id, Duration overlap) {
    return jdbi.inTransaction(
        h -> {
          EndpointRow row = require(h, caller, id);
          Instant now = clock.instant();
          Endpoints.retireCurrentSecret(h, id, now.plus(overlap), now);
          String secret = newSecret();
          Endpoints.addSecret(h, id, seal.seal(id, secret), now);
          publish(h, row, now);
          log.info(
              "endpoint {} secret rotated; the previous one signs until {}", id, now.plus(overlap));
          return new SecretView(
              secret,
              Endpoints.secrets(h, id, now).stream()
                  .map(EndpointDocument.Secret::expiresAt)
                  .filter(e -> e != null)
                  .toList());
        });
  }

  /** A new pending challenge: random text, and the id of the ping that will carry it. */
  private Verification challenge(Instant now) {
    return Verification.requested(
        "c_" + HexFormat.of().formatHex(random(16)),
        UUID.randomUUID().toString(),
        now,
        verification.window());
  }

  /**
   * Sends the pending challenge of a committed row, due {@code challengeDelay} after it was asked
   * for. A ping that cannot be written leaves the endpoint pending until the window ends; {@code
   * POST …/verify} sends a new one.
   */
  private void sendChallenge(EndpointRow row) {
    if (!row.verificationPending()) {
      return;
    }
    Verification v = row.verification();
    try {
      pinger.ping(
          row.id(),
          row.tenantId(),
          new Pinger.Ping(
              UUID.fromString(v.eventId()),
              "verify",
              v.challenge(),
              v.requestedAt().plus(verification.challengeDelay())));
      log.info(
          "endpoint {} must answer its verification challenge (event {}) by {}",
          row.id(),
          v.eventId(),
          v.expiresAt());
    } catch (RuntimeException e) {
      log.error(
          "endpoint {}: its verification challenge could not be sent ({}); POST"
              + " /v1/endpoints/{}/verify sends a new one",
          row.id(),
          e.toString(),
          row.id());
    }
  }

  /** The endpoint if the caller sees it, locked for the transaction; else 404. */
  static EndpointRow require(Handle h, Caller caller, String id) {
    return Endpoints.find(h, id, caller.scope())
        .orElseThrow(() -> new NotFoundException("endpointId", "no endpoint " + id));
  }

  private void publish(Handle h, EndpointRow row, Instant now) {
    EndpointFeed.publish(
        h,
        row,
        Endpoints.secrets(h, row.id(), now),
        allowances.privateAllowed(h, row.tenantId()),
        now);
  }

  private static String owner(String tenantId) {
    return tenantId == null ? "every tenant (global)" : "tenant " + tenantId;
  }

  /** Scheme and host only: a URL's path or query may carry a token. */
  private static String host(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getHost();
  }

  private static String newSecret() {
    return "whsec_" + Base64.getEncoder().encodeToString(random(32));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
