package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stop that never finishes: a second SIGTERM, or the timeout, forces the exit. Real child JVMs.
 */
class ProcessShutdownIT {

  @Test
  void secondSigtermForcesTheExitWhileTheStopHangs() throws Exception {
    Process p = start(600);
    awaitOutput(p, "ready");
    p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
    awaitOutput(p, "stopping");
    p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    assertThat(p.exitValue()).as(output(p)).isEqualTo(1);
    assertThat(output(p))
        .contains("posthorn: second signal: the stuck process stops now, without finishing");
  }

  @Test
  void timeoutForcesTheExitWhenTheStopHangs() throws Exception {
    Process p = start(1);
    awaitOutput(p, "ready");
    p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    assertThat(p.exitValue()).as(output(p)).isEqualTo(1);
    assertThat(output(p))
        .contains("posthorn: the stuck process did not stop within 1 s: forcing exit");
  }

  private final StringBuilder out = new StringBuilder();
  private Thread reader;

  private Process start(int timeoutSeconds) throws IOException {
    String classPath =
        String.join(File.pathSeparator, "target/classes", "target/test-classes", "target/lib/*");
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                classPath,
                StuckStopMain.class.getName(),
                String.valueOf(timeoutSeconds))
            .redirectErrorStream(true)
            .start();
    reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    p.getInputStream()
                        .transferTo(
                            new OutputStream() {
                              @Override
                              public void write(int b) {
                                synchronized (out) {
                                  out.append((char) b);
                                }
                              }
                            });
                  } catch (IOException e) {
                    // the process ended
                  }
                });
    return p;
  }

  private void awaitOutput(Process p, String text) {
    await().atMost(Duration.ofSeconds(60)).until(() -> output(p).contains(text) || !p.isAlive());
    assertThat(output(p)).as("alive: %s", p.isAlive()).contains(text);
  }

  private String output(Process p) {
    synchronized (out) {
      return new String(
          out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
  }
}
