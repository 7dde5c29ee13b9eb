package io.posthorn.e2e;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A logback appender (named in this module's {@code logback-test.xml}) that keeps every line the
 * test JVM logs, as its encoder wrote it: with the masking encoder every process uses, so a test
 * sees exactly what an operator's log would hold, stack traces included. Keeps lines only while a
 * test records.
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> {
  private static final List<String> LINES = new CopyOnWriteArrayList<>();
  private static volatile boolean recording;
  private Encoder<ILoggingEvent> encoder;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!recording) {
      return;
    }
    LINES.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }

  /** Starts keeping lines (other tests' lines are not kept, so memory stays flat). */
  static void startRecording() {
    LINES.clear();
    recording = true;
  }

  /** A snapshot of what was kept so far. */
  static List<String> lines() {
    return List.copyOf(LINES);
  }

  /**
   * Everything logged since {@link #startRecording()}, one entry per event (with its stack trace).
   */
  static List<String> stopRecording() {
    recording = false;
    List<String> lines = List.copyOf(LINES);
    LINES.clear();
    return lines;
  }
}
