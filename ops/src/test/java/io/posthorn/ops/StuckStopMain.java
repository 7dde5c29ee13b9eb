package io.posthorn.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A process whose graceful stop never finishes, for ProcessShutdownIT. Argument: the timeout in
 * seconds.
 */
public final class StuckStopMain {
  private StuckStopMain() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    ProcessShutdown.install(
        "the stuck process",
        Duration.ofSeconds(Long.parseLong(args[0])),
        () -> {
          System.out.println("stopping");
          System.out.flush();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    System.out.println("ready");
    System.out.flush();
    never.await();
  }
}
