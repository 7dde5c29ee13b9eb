package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.EventHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class QuarantineTest {
  private static final TopicPartition P = new TopicPartition("t.events", 0);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final OffsetTracker offsets = new OffsetTracker();
  private final RecordingDeliveryListener seen = new RecordingDeliveryListener();
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private final Quarantine quarantine =
      new Quarantine(producer, "t.invalid", offsets, seen, gaveUp::add);

  @Test
  void copiesTheRecordUnchangedWithWhyAndWhereAndFinishesItOnlyOnceKafkaHasTheCopy() {
    quarantine.hold(Records.bare("t.events", 7), "lacks posthorn-event-id");

    assertThat(offsets.committable())
        .as("not yet acknowledged")
        .isEqualTo(Map.of(P, new OffsetAndMetadata(7)));
    producer.completeNext();

    var copy = producer.history().getFirst();
    assertThat(copy.topic()).isEqualTo("t.invalid");
    assertThat(new String(copy.value())).isEqualTo("{}");
    assertThat(header(copy, EventHeaders.INVALID_REASON)).isEqualTo("lacks posthorn-event-id");
    assertThat(header(copy, EventHeaders.ORIGIN_TOPIC)).isEqualTo("t.events");
    assertThat(header(copy, EventHeaders.ORIGIN_OFFSET)).isEqualTo("7");
    assertThat(offsets.committable()).isEqualTo(Map.of(P, new OffsetAndMetadata(8)));
    assertThat(seen.quarantined).containsExactly("lacks posthorn-event-id");
  }

  @Test
  void aCopyKafkaRefusesKeepsTheOffsetAndFailsTheWorker() {
    quarantine.hold(Records.bare("t.events", 7), "lacks posthorn-event-id");

    producer.errorNext(new TimeoutException("no broker"));

    assertThat(offsets.unconfirmed(List.of(P))).isEqualTo(Map.of(P, new OffsetAndMetadata(7)));
    assertThat(gaveUp)
        .singleElement()
        .asString()
        .startsWith("Kafka refused to quarantine record t.events-0@7 to t.invalid");
  }
}
