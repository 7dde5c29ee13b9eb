package io.posthorn.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DevStackIT {
  private final DevStack stack = DevStack.shared();

  @Test
  void postgresHasLogicalDecodingOn() throws Exception {
    String db = stack.postgres().createDatabase("devstack");
    try (Connection c = stack.postgres().dataSource(db).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW wal_level")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("logical");
    }
  }

  @Test
  void kafkaRoundTripsARecord() throws Exception {
    String topic = "devstack-" + UUID.randomUUID();
    stack.kafka().createTopics(Map.of(topic, 1));
    Map<String, Object> common = Map.of("bootstrap.servers", stack.kafka().bootstrapServers());
    try (var producer =
        new KafkaProducer<>(
            merge(common, Map.of(ProducerConfig.ACKS_CONFIG, "all")),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
    }
    try (var consumer =
        new KafkaConsumer<>(
            merge(
                common,
                Map.of(
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "devstack-it")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(200));
      }
      assertThat(records.iterator().next().value()).isEqualTo("hello");
    }
  }

  @Test
  void receiverRecordsRequestsAndAnswersAsScripted() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      receiver.respond(
          r -> r.path().equals("/fail") ? ScriptedReply.status(503) : ScriptedReply.ok());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<Void> ok =
          http.send(post(receiver.url("/ok"), "a"), HttpResponse.BodyHandlers.discarding());
      HttpResponse<Void> failed =
          http.send(post(receiver.url("/fail"), "b"), HttpResponse.BodyHandlers.discarding());

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(receiver.requests())
          .extracting(ReceivedRequest::bodyText)
          .containsExactly("a", "b");
      assertThat(receiver.requests("/ok").get(0).header("X-Test")).isEqualTo("yes");
    }
  }

  @Test
  void stalledRequestIsRecordedAndNeverAnswered() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      receiver.respond(r -> ScriptedReply.stall());
      HttpClient http = HttpClient.newBuilder().build();
      HttpRequest request =
          HttpRequest.newBuilder(receiver.url("/stall"))
              .timeout(Duration.ofMillis(300))
              .POST(HttpRequest.BodyPublishers.ofString("x"))
              .build();
      Throwable thrown = null;
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (java.net.http.HttpTimeoutException e) {
        thrown = e;
      }
      assertThat(thrown).isNotNull();
      assertThat(receiver.count()).isEqualTo(1);
    }
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("X-Test", "yes")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    var m = new java.util.HashMap<String, Object>(a);
    m.putAll(b);
    return m;
  }
}
