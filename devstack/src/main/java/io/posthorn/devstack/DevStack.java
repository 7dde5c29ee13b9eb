package io.posthorn.devstack;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL and Kafka, started together. {@code posthorn dev} starts one with pinned or random
 * ports; integration tests share one per JVM through {@link #shared()} and isolate themselves with
 * their own database, slot and topics.
 */
public final class DevStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevStack.class);
  private static final AtomicReference<DevStack> SHARED = new AtomicReference<>();

  private final LocalPostgres postgres;
  private final LocalKafka kafka;

  private DevStack(LocalPostgres postgres, LocalKafka kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /** Starts both servers; a port {@code <= 0} picks a free one. */
  public static DevStack start(int postgresPort, int kafkaPort) {
    long started = System.nanoTime();
    LocalPostgres postgres = LocalPostgres.start(postgresPort);
    try {
      LocalKafka kafka = LocalKafka.start(kafkaPort);
      log.info(
          "dev stack up in {} ms: postgres 127.0.0.1:{}, kafka {}",
          (System.nanoTime() - started) / 1_000_000,
          postgres.port(),
          kafka.bootstrapServers());
      return new DevStack(postgres, kafka);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  /**
   * The stack shared by every test in this JVM, started on first use and stopped when the JVM
   * exits. Tests must not close it.
   */
  public static DevStack shared() {
    DevStack stack = SHARED.get();
    if (stack != null) {
      return stack;
    }
    synchronized (SHARED) {
      if (SHARED.get() == null) {
        DevStack started = start(0, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-shutdown"));
        SHARED.set(started);
      }
      return SHARED.get();
    }
  }

  public LocalPostgres postgres() {
    return postgres;
  }

  public LocalKafka kafka() {
    return kafka;
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      postgres.close();
    }
  }
}
