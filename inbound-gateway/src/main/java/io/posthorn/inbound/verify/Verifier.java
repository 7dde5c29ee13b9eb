package io.posthorn.inbound.verify;

/**
 * Checks that a request was signed by a connection's provider, over the raw body bytes, comparing
 * in constant time; a timestamped scheme also refuses a timestamp further than the tolerance from
 * the injected clock. One implementation per {@link io.posthorn.schema.connection.Provider}, made
 * by {@link Verifiers#of}. Thread-safe; never logs.
 */
public interface Verifier {
  Verdict verify(InboundRequest request);
}
