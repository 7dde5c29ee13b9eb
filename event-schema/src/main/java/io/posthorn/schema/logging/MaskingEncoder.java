package io.posthorn.schema.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
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
 * <p>logback-classic is an optional dependency of event-schema: only a process that configures
 * logback this way needs it.
 */
public final class MaskingEncoder extends PatternLayoutEncoderBase<ILoggingEvent> {
  @Override
  public void start() {
    PatternLayout masking = new MaskingLayout();
    masking.setContext(context);
    masking.setPattern(getPattern());
    masking.setOutputPatternAsHeader(outputPatternAsHeader);
    masking.start();
    this.layout = masking;
    super.start();
  }

  private static final class MaskingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
      return LogMask.mask(super.doLayout(event));
    }
  }
}
