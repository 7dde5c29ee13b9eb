package io.posthorn.e2e.bench.pipeline;

import io.posthorn.devstack.LocalPostgres;
import io.posthorn.schema.OutboxSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The whole pipeline measured as one, against Debezium Server in the same invocation
 * (docs/decisions/0025, docs/benchmarks.md "Whole pipeline"): PostgreSQL (embedded, logical
 * replication), a Kafka broker in a child JVM, {@code posthorn relay} and {@code posthorn worker}
 * (or {@code posthorn server}) started through ops/bin/posthorn, a receiver in its own process, and
 * Debezium Server with its HTTP sink and the outbox EventRouter on the same table and receiver.
 *
 * <p>Per system: start → first event delivered, a warm-up burst, a burst, idle cost, a steady rate
 * with insert → POST latency and the writer's INSERT time, a burst against a receiver answering
 * after 20 ms, and a backlog drained after the relay (or Debezium Server) was stopped. CPU is utime
 * + stime from /proc per process; peak RSS is VmHWM.
 *
 * <p>{@code mvn -B -Pbench-pipeline -pl e2e -am -DskipTests verify} (options: {@code
 * -Dbench.args="burst=20000 systems=debezium,posthorn"}).
 */
public final class PipelineBenchmark {
  private final Map<String, String> options;
  private final Path out;
  private final String java;
  private final String classPath = System.getProperty("java.class.path");

  private PipelineBenchmark(Map<String, String> options) {
    this.options = options;
    this.out = Path.of(options.getOrDefault("out", "target/pipeline-bench"));
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) { // --key value or key=value
      int eq = args[i].indexOf('=');
      if (eq > 0) {
        options.put(args[i].substring(0, eq).replaceFirst("^--", ""), args[i].substring(eq + 1));
      } else if (i + 1 < args.length) {
        options.put(args[i].replaceFirst("^--", ""), args[++i]);
      }
    }
    new PipelineBenchmark(options).run();
    System.exit(0);
  }

  private int intOption(String key, int def) {
    return Integer.parseInt(options.getOrDefault(key, String.valueOf(def)));
  }

  private void run() throws Exception {
    int burst = intOption("burst", 5_000);
    int warmup = intOption("warmup", burst);
    List<String> systems =
        List.of(options.getOrDefault("systems", "debezium,posthorn,server").split(","));
    Path logDir = out.resolve("logs");
    Files.createDirectories(logDir);
    System.out.printf(
        "pipeline benchmark %s: systems %s, burst %d, warm-up %d, backlog %d, slow burst %d, "
            + "steady %d/s for %d s, idle %d s; logs in %s%n",
        Instant.now(),
        systems,
        burst,
        warmup,
        intOption("backlog", burst),
        intOption("slow-burst", 500),
        intOption("rate", 200),
        intOption("steady-seconds", 20),
        intOption("idle-seconds", 10),
        logDir.toAbsolutePath());
    List<Column> columns = new ArrayList<>();
    try (LocalPostgres pg = LocalPostgres.start(0);
        Receiver receiver = Receiver.start(java, classPath, logDir)) {
      String database = pg.createDatabaseNamed("bench");
      DataSource db = pg.dataSource(database);
      OutboxSchema.migrate(db);
      Inserts inserts = new Inserts(db);
      Broker.BrokerChild broker = null;
      try {
        for (String system : systems) {
          truncate(db);
          SystemUnderTest sut;
          if (system.equals("debezium")) {
            sut =
                new DebeziumServer(
                    Path.of(options.get("debezium-home")),
                    System.getProperty("java.home"),
                    db,
                    pg.port(),
                    database,
                    receiver.url("/debezium"),
                    Duration.ofMillis(intOption("poll-interval-ms", 10)),
                    logDir);
          } else {
            if (broker == null) {
              broker =
                  Broker.start(
                      java, classPath, Files.createDirectories(out.resolve("broker")), logDir);
            }
            Map<String, String> env = new HashMap<>();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            sut =
                new PosthornSystem(
                    system.equals("server"),
                    Path.of(options.get("posthorn")),
                    env,
                    db,
                    pg.jdbcUrl(database),
                    broker.bootstrap(),
                    receiver.url("/posthorn"),
                    Files.createDirectories(out.resolve(system)),
                    logDir);
            sut.adopt("broker", broker.child());
          }
          try (sut) {
            columns.add(new ColumnRun(sut, receiver, inserts, options).run(burst, warmup));
          }
          System.out.println(columns.get(columns.size() - 1).detail());
        }
      } finally {
        if (broker != null) {
          broker.child().close();
        }
      }
    }
    System.out.println(Table.render(columns, burst, warmup, options));
  }

  private static void truncate(DataSource db) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE posthorn.outbox");
    }
  }
}
