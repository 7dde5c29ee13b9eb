package io.posthorn.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link RecordRouter} for {@link ConsumeLoop} tests: takes every record into the tracker and
 * leaves it open until the test finishes it, unless a script says otherwise for an offset.
 */
final class ScriptedRouter implements RecordRouter {
  private final OffsetTracker offsets;
  final List<String> offered = new CopyOnWriteArrayList<>();
  final List<String> quarantined = new CopyOnWriteArrayList<>();
  final Map<String, Runnable> open = new ConcurrentHashMap<>();
  private final AtomicInteger openCount = new AtomicInteger();
  private final AtomicInteger acknowledging = new AtomicInteger();
  private final java.util.Set<String> settled = ConcurrentHashMap.newKeySet();
  volatile Function<ConsumerRecord<byte[], byte[]>, Verdict> script = r -> null;

  ScriptedRouter(OffsetTracker offsets) {
    this.offsets = offsets;
  }

  static String name(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  @Override
  public Verdict route(ConsumerRecord<byte[], byte[]> record) {
    offered.add(name(record));
    Verdict scripted = script.apply(record);
    if (scripted != null) {
      return scripted;
    }
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.polled(tp, record.offset());
    openCount.incrementAndGet();
    open.put(
        name(record),
        () -> {
          openCount.decrementAndGet();
          offsets.finished(tp, record.offset());
        });
    return HANDED;
  }

  /** Resolves a record handed earlier. */
  void finish(String name) {
    if (settled.remove(name)) {
      acknowledging.decrementAndGet();
      openCount.incrementAndGet(); // the resolution below counts it down again
    }
    open.remove(name).run();
  }

  /**
   * A record handed earlier whose request ended: it leaves the open count and waits for Kafka,
   * unresolved.
   */
  void settle(String name) {
    settled.add(name);
    openCount.decrementAndGet();
    acknowledging.incrementAndGet();
  }

  @Override
  public int acknowledging() {
    return acknowledging.get();
  }

  @Override
  public void quarantine(ConsumerRecord<byte[], byte[]> record, String reason) {
    quarantined.add(name(record) + " " + reason);
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.polled(tp, record.offset());
    offsets.finished(tp, record.offset());
  }

  @Override
  public int open() {
    return openCount.get();
  }
}
