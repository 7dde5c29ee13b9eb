package io.posthorn.registry.endpoint;

import java.time.Duration;

/**
 * How the registry verifies endpoints (decision 0046).
 *
 * @param required {@code registry.verification.required}: {@code verify} defaults to true, and only
 *     an admin key may create an endpoint without it
 * @param window {@code registry.verification.window}: how long a challenge can be answered
 * @param challengeDelay {@code registry.verification.challenge-delay}: the challenge is due this
 *     long after the change that asked for it, so the workers hold the pending endpoint first
 */
public record VerificationSettings(boolean required, Duration window, Duration challengeDelay) {}
