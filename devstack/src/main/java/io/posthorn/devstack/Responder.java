package io.posthorn.devstack;

/**
 * Scripts the {@link RecordingReceiver}: decides the {@link ScriptedReply} for each request. Called
 * on the request's own (virtual) thread, concurrently: implementations must be thread-safe.
 */
@FunctionalInterface
public interface Responder {
  ScriptedReply reply(ReceivedRequest request);

  /** 200 to everything. */
  static Responder alwaysOk() {
    return request -> ScriptedReply.ok();
  }
}
