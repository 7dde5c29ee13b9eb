package io.posthorn.e2e.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The baseline: Debezium Server (the distribution from Maven Central, unpacked by the bench
 * profile) with its HTTP sink and the outbox EventRouter, reading the same outbox table over its
 * own slot and publication and POSTing each event to the same receiver. Started with the
 * distribution's run.sh and its defaults, except the settings listed in {@link #properties}.
 */
final class DebeziumServer extends SystemUnderTest {
  static final String SLOT = "bench_debezium";
  private final Path home;
  private final String javaHome;
  private final DataSource admin;
  private final int pgPort;
  private final String database;
  private final String receiverUrl;
  private final Duration pollInterval;
  private final Path logDir;
  private int starts;

  DebeziumServer(
      Path home,
      String javaHome,
      DataSource admin,
      int pgPort,
      String database,
      String receiverUrl,
      Duration pollInterval,
      Path logDir) {
    this.home = home;
    this.javaHome = javaHome;
    this.admin = admin;
    this.pgPort = pgPort;
    this.database = database;
    this.receiverUrl = receiverUrl;
    this.pollInterval = pollInterval;
    this.logDir = logDir;
  }

  @Override
  String name() {
    return "Debezium Server";
  }

  @Override
  void prepare() throws Exception {
    // A fresh slot and offsets each invocation: the server creates the slot at its first start.
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
              + SLOT
              + "'");
      s.execute("DROP PUBLICATION IF EXISTS " + SLOT);
      s.execute(
          "CREATE PUBLICATION " + SLOT + " FOR TABLE posthorn.outbox WITH (publish = 'insert')");
    }
    Files.createDirectories(home.resolve("data"));
    Files.deleteIfExists(home.resolve("data/offsets.dat"));
    Files.writeString(home.resolve("config/application.properties"), properties());
  }

  @Override
  void start() {
    startSource();
  }

  String properties() {
    return String.join(
        "\n",
        "debezium.sink.type=http",
        "debezium.sink.http.url=" + receiverUrl,
        "debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector",
        "debezium.source.offset.storage.file.filename=data/offsets.dat",
        "debezium.source.offset.flush.interval.ms=1000",
        "debezium.source.database.hostname=127.0.0.1",
        "debezium.source.database.port=" + pgPort,
        "debezium.source.database.user=postgres",
        "debezium.source.database.password=",
        "debezium.source.database.dbname=" + database,
        "debezium.source.topic.prefix=bench",
        "debezium.source.plugin.name=pgoutput",
        "debezium.source.slot.name=" + SLOT,
        "debezium.source.publication.name=" + SLOT,
        "debezium.source.publication.autocreate.mode=disabled",
        "debezium.source.table.include.list=posthorn.outbox",
        "debezium.source.snapshot.mode=no_data",
        // The same poll interval as Posthorn's relay default, so latency compares like for like.
        "debezium.source.poll.interval.ms=" + pollInterval.toMillis(),
        "debezium.transforms=outbox",
        "debezium.transforms.outbox.type=io.debezium.transforms.outbox.EventRouter",
        "debezium.transforms.outbox.table.field.event.id=id",
        "debezium.transforms.outbox.table.field.event.key=aggregate_id",
        "debezium.transforms.outbox.table.field.event.payload=payload",
        "debezium.transforms.outbox.route.by.field=aggregate_type",
        "debezium.transforms.outbox.table.fields.additional.placement=event_type:header:type",
        "debezium.format.value=json",
        "debezium.format.value.schemas.enable=false",
        "debezium.format.key=json",
        "debezium.format.key.schemas.enable=false",
        "quarkus.http.port=0",
        "quarkus.log.level=WARN",
        "");
  }

  @Override
  void stopSource() {
    current("debezium").stop(Duration.ofSeconds(60));
  }

  @Override
  void startSource() {
    launched(
        "debezium",
        Child.start(
            "debezium-" + ++starts,
            List.of("bash", "run.sh"),
            Map.of("JAVA_HOME", javaHome),
            home,
            logDir));
  }

  @Override
  public void close() {
    current("debezium").close();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
              + SLOT
              + "' AND NOT active");
    } catch (SQLException e) {
      System.err.println("could not drop slot " + SLOT + ": " + e.getMessage());
    }
  }
}
