package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
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

/** Log masking is a property of the configuration, so the configuration is what is tested. */
class LoggingConfigTest {
  private static final Pattern ENCODER = Pattern.compile("<encoder\\b[^>]*>");

  @Test
  void everyAppenderOfTheShippedConfigMasks() throws Exception {
    LoggerContext context = shippedConfig();

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
  void theShippedConfigMasksAFailureWithACredentialInItsCause() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger log = shippedConfig().getLogger("io.posthorn.registry.http.ApiServer");
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
                  .allMatch(e -> e.contains("class=\"io.posthorn.schema.logging.MaskingEncoder\""));
            });
  }

  private static LoggerContext shippedConfig() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
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
