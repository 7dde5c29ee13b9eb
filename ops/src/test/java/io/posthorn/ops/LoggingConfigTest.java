package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.schema.logging.LogContext;
import io.posthorn.schema.logging.MaskingEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** Log masking is a property of the configuration, so the configuration is what is tested. */
class LoggingConfigTest {
  private static final Pattern ENCODER = Pattern.compile("<encoder\\b[^>]*>");

  @Test
  void everyAppenderOfTheShippedConfigMasks() throws Exception {
    LoggerContext context = shippedConfig(null);

    List<Appender<ILoggingEvent>> appenders = appenders(context);

    assertThat(appenders)
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(a)
                    .isInstanceOfSatisfying(
                        OutputStreamAppender.class,
                        o -> assertThat(o.getEncoder()).isInstanceOf(MaskingEncoder.class)));
  }

  @Test
  void theJsonFormatWritesMaskedJsonLinesWithTheLogContext() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context;
    try {
      context = shippedConfig("json");
      Logger log = context.getLogger("io.posthorn.delivery.attempts");
      LogContext logContext = LogContext.open("4bf92f3577b34da6a3ce929d0e0e4736", "evt_1", "ep_1");
      try {
        log.error("sent with authorization: Bearer planted-token-2 and whsec_plantedsecret");
      } finally {
        logContext.close();
      }
    } finally {
      System.setErr(stderr);
    }

    assertThat(appenders(context))
        .singleElement()
        .isInstanceOfSatisfying(
            OutputStreamAppender.class,
            o -> assertThat(o.getEncoder()).isInstanceOf(MaskingEncoder.class));
    JsonNode line = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
    assertThat(line.path("message").asText())
        .isEqualTo("sent with authorization: Bearer *** and whsec_***");
    assertThat(line.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.path("event_id").asText()).isEqualTo("evt_1");
    assertThat(line.path("endpoint_id").asText()).isEqualTo("ep_1");
  }

  /** Logback prints its whole status to stdout at start when configuring raised a warning. */
  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void theShippedConfigLoadsWithoutAWarning_soNoCommandPrintsLogbackStatus(String format)
      throws Exception {
    LoggerContext context = shippedConfig(format);

    assertThat(new StatusUtil(context).getHighestLevel(0))
        .as(
            "%s",
            context.getStatusManager().getCopyOfStatusList().stream()
                .filter(st -> st.getLevel() >= Status.WARN)
                .toList())
        .isLessThan(Status.WARN);
  }

  @Test
  void theTextFormatPrintsTheLogContext() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger log = shippedConfig("text").getLogger("io.posthorn.delivery.attempts");
      log.error("no context");
      LogContext logContext = LogContext.open(null, "evt_1", "ep_1");
      try {
        log.error("with context");
      } finally {
        logContext.close();
      }
    } finally {
      System.setErr(stderr);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .satisfiesExactly(
            first -> assertThat(first).endsWith("attempts - no context"),
            second ->
                assertThat(second)
                    .contains("event_id=evt_1", "endpoint_id=ep_1")
                    .endsWith("] - with context"));
  }

  @Test
  void theShippedConfigMasksAFailureWithACredentialInItsCause() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger log = shippedConfig(null).getLogger("io.posthorn.registry.http.ApiServer");
      log.error(
          "POST /v1/endpoints failed",
          new IllegalStateException(
              "insert failed",
              new IllegalArgumentException(
                  "headers:'{\"authorization\":\"Bearer planted-token-1\"}'")));
    } finally {
      System.setErr(stderr);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("POST /v1/endpoints failed", "Bearer ***")
        .doesNotContain("planted-token-1");
  }

  /** devstack runs no Posthorn code (only PostgreSQL and Kafka) and cannot see event-schema. */
  @Test
  void everyLogbackConfigInTheTreeUsesTheMaskingEncoder() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> configs;
    try (Stream<Path> files = Files.walk(root, 5)) {
      configs =
          files
              .filter(p -> p.getFileName().toString().matches("logback(-test)?\\.xml"))
              .filter(p -> p.toString().contains("/src/"))
              .filter(p -> !root.relativize(p).startsWith("devstack"))
              .toList();
    }

    assertThat(configs)
        .hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(
            p -> {
              Matcher m = ENCODER.matcher(Files.readString(p));
              List<String> encoders = new ArrayList<>();
              while (m.find()) {
                encoders.add(m.group());
              }
              assertThat(encoders)
                  .as(p.toString())
                  .isNotEmpty()
                  .allMatch(
                      e ->
                          e.contains("class=\"io.posthorn.schema.logging.MaskingEncoder\"")
                              || e.contains(
                                  "class=\"io.posthorn.schema.logging.MaskingJsonEncoder\""));
            });
  }

  /** The shipped config as a process with {@code POSTHORN_LOG_FORMAT=format} (null: unset). */
  private static LoggerContext shippedConfig(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    // LogContext writes through slf4j's MDC: the context reads the same adapter, as a process's
    // does.
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      context.putProperty("POSTHORN_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LoggingConfigTest.class.getResource("/logback.xml"));
    return context;
  }

  private static List<Appender<ILoggingEvent>> appenders(LoggerContext context) {
    List<Appender<ILoggingEvent>> out = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        out.add(it.next());
      }
    }
    return out;
  }
}
