package io.posthorn.schema.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingJsonEncoderTest {

  @Test
  void writesOneJsonObjectALineWithEverySecretMaskedAndTheMdcIds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    Logger logger = logger(context, out);
    Exception cause =
        new IllegalStateException("named:{headers:'{\"authorization\":\"Bearer tok-123\"}'}");
    Exception failure = new RuntimeException("card 4111 1111 1111 1111 refused", cause);

    context.getMDCAdapter().put(LogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
    context.getMDCAdapter().put(LogContext.EVENT_ID, "evt_1");
    logger.error(
        "creating with {} failed, password=hunter2 given", "phk_abcdefghijklmnop", failure);

    String logged = out.toString(StandardCharsets.UTF_8);
    assertThat(logged.lines()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(logged);
    assertThat(line.path("message").asText())
        .isEqualTo("creating with phk_*** failed, password=*** given");
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.path("event_id").asText()).isEqualTo("evt_1");
    assertThat(line.path("stack_trace").asText())
        .contains(
            "card ****1111 refused", "Bearer ***", "Caused by: java.lang.IllegalStateException");
    assertThat(logged)
        .doesNotContain("tok-123", "abcdefghijklmnop", "4111 1111 1111 1111", "hunter2");
  }

  private static Logger logger(LoggerContext context, ByteArrayOutputStream out) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    MaskingJsonEncoder encoder = new MaskingJsonEncoder();
    encoder.setContext(context);
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
