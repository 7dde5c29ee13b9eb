package io.posthorn.schema.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingEncoderTest {

  @Test
  void masksTheMessageTheArgumentsAndEveryExceptionInTheStackTrace() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Logger logger = logger(out);
    Exception cause =
        new IllegalStateException("named:{headers:'{\"authorization\":\"Bearer tok-123\"}'}");
    Exception failure = new RuntimeException("card 4111 1111 1111 1111 refused", cause);

    logger.error("creating with {} failed", "phk_abcdefghijklmnop", failure);

    String logged = out.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains(
            "creating with phk_*** failed",
            "card ****1111 refused",
            "\"authorization\":\"Bearer ***\"",
            "Caused by: java.lang.IllegalStateException");
    assertThat(logged).doesNotContain("tok-123", "abcdefghijklmnop", "4111 1111 1111 1111");
  }

  private static Logger logger(ByteArrayOutputStream out) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    MaskingEncoder encoder = new MaskingEncoder();
    encoder.setContext(context);
    encoder.setPattern("%-5level %logger - %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger logger = context.getLogger("test");
    logger.addAppender(appender);
    return logger;
  }
}
