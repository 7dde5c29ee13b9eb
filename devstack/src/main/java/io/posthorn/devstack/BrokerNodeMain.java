package io.posthorn.devstack;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a {@link LocalKafkaCluster} node: {@code kafka.Kafka} with a guard that halts
 * the broker when its parent goes away. The parent holds the node's standard input open; when the
 * parent exits (even by kill -9) the pipe reaches end-of-file and the node halts, so a killed test
 * run leaves no orphan broker holding its ports.
 */
public final class BrokerNodeMain {
  private BrokerNodeMain() {}

  public static void main(String[] args) throws Exception {
    Thread.ofPlatform().daemon().name("parent-watch").start(BrokerNodeMain::haltWhenParentGoes);
    kafka.Kafka.main(args);
  }

  private static void haltWhenParentGoes() {
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // the parent writes nothing; end-of-file means it is gone
      }
    } catch (IOException e) {
      // a broken pipe means the same
    }
    Runtime.getRuntime().halt(137);
  }
}
