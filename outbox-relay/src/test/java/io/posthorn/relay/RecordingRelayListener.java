package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Records what a relay reports, for tests to await and assert on. */
final class RecordingRelayListener implements RelayListener {
  final AtomicInteger standby = new AtomicInteger();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger streaming = new AtomicInteger();
  final AtomicInteger heartbeats = new AtomicInteger();
  final List<String> published = new CopyOnWriteArrayList<>();
  final List<EngineRestart> restarts = new CopyOnWriteArrayList<>();
  final AtomicReference<SlotStatus> lastSlotStatus = new AtomicReference<>();
  final AtomicReference<String> holder = new AtomicReference<>();
  final AtomicInteger stopped = new AtomicInteger();
  final AtomicReference<Throwable> stoppedWith = new AtomicReference<>();

  @Override
  public void standby(String holder) {
    this.holder.set(holder);
    standby.incrementAndGet();
  }

  @Override
  public void active() {
    active.incrementAndGet();
  }

  @Override
  public void streaming() {
    streaming.incrementAndGet();
  }

  @Override
  public void published(Envelope envelope) {
    published.add(envelope.id().toString());
  }

  @Override
  public void heartbeat() {
    heartbeats.incrementAndGet();
  }

  @Override
  public void slotChecked(SlotStatus status) {
    lastSlotStatus.set(status);
  }

  @Override
  public void engineRestarting(EngineRestart why) {
    restarts.add(why);
  }

  @Override
  public void stopped(Throwable error) {
    stoppedWith.set(error);
    stopped.incrementAndGet();
  }
}
