package io.posthorn.schema.logging;

import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;

/**
 * logstash-logback-encoder's JSON encoder (one JSON object a line: timestamp, level, logger,
 * thread, message, the MDC keys such as {@code trace_id}, and the stack trace) with {@link LogMask}
 * applied to every string value it writes, so JSON lines are masked as the text ones of {@link
 * MaskingEncoder} are. Masking is built in, not configured, so no config can forget it. The JSON
 * log format of every process ({@code POSTHORN_LOG_FORMAT=json}) uses it:
 *
 * <pre>{@code
 * <encoder class="io.posthorn.schema.logging.MaskingJsonEncoder"/>
 * }</pre>
 *
 * <p>logstash-logback-encoder is an optional dependency of event-schema: only a process that logs
 * JSON needs it.
 */
public final class MaskingJsonEncoder extends LogstashEncoder {
  private final MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();

  public MaskingJsonEncoder() {
    masking.addValueMasker(
        (context, value) -> {
          if (value instanceof CharSequence text) {
            String original = text.toString();
            String masked = LogMask.mask(original);
            return masked.equals(original) ? null : masked;
          }
          return null;
        });
    setJsonGeneratorDecorator(masking);
  }

  @Override
  public void start() {
    masking.start();
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    masking.stop();
  }
}
