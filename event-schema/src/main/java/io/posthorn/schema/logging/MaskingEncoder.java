package io.posthorn.schema.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.PatternLayoutEncoderBase;

/**
 * logback's pattern encoder with {@link LogMask} applied to each whole formatted line: message,
 * arguments, MDC, thread and logger names and the stack trace (every exception message and cause)
 * alike, so no pattern can print around it. Every Posthorn process logs through it (ops' {@code
 * logback.xml}); use it in place of {@code PatternLayoutEncoder}:
 *
 * <pre>{@code
 * <encoder class="io.posthorn.schema.logging.MaskingEncoder"><pattern>%msg%n</pattern></encoder>
 * }</pre>
 *
 * <p>{@code <format>json</format>} writes {@link MaskingJsonEncoder}'s JSON lines instead of the
 * pattern, so one appender serves both log formats ({@code POSTHORN_LOG_FORMAT}) and the
 * configuration never holds an unused appender (which logback reports by printing its whole status
 * at start).
 *
 * <p>logback-classic is an optional dependency of event-schema: only a process that configures
 * logback this way needs it (and logstash-logback-encoder only for {@code json}).
 */
public final class MaskingEncoder extends PatternLayoutEncoderBase<ILoggingEvent> {
  private String format = "text";
  private Encoder<ILoggingEvent> json;

  /** {@code text} (the pattern; the default) or {@code json}. */
  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public void start() {
    if (format.equals("json")) {
      json = jsonEncoder();
      json.setContext(context);
      json.start();
    } else if (!format.equals("text")) {
      addError("log format must be text or json, got '" + format + "'; writing text");
    }
    PatternLayout masking = new MaskingLayout();
    masking.setContext(context);
    masking.setPattern(getPattern());
    masking.setOutputPatternAsHeader(outputPatternAsHeader);
    masking.start();
    this.layout = masking;
    super.start();
  }

  @Override
  public byte[] headerBytes() {
    return json != null ? json.headerBytes() : super.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return json != null ? json.encode(event) : super.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return json != null ? json.footerBytes() : super.footerBytes();
  }

  @Override
  public void stop() {
    if (json != null) {
      json.stop();
    }
    super.stop();
  }

  /** Kept apart so that logstash-logback-encoder is loaded only for the JSON format. */
  private static Encoder<ILoggingEvent> jsonEncoder() {
    return new MaskingJsonEncoder();
  }

  private static final class MaskingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
      return LogMask.mask(super.doLayout(event));
    }
  }
}
