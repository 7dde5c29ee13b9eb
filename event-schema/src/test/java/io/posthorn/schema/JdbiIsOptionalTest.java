package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A service on plain JDBC runs the writer with no jdbi on its class path. */
class JdbiIsOptionalTest {

  @Test
  void outboxPreparesEventsWithoutJdbiOnTheClassPath() throws Exception {
    URL[] withoutJdbi = {
      jarOf(Outbox.class),
      jarOf(ObjectMapper.class),
      jarOf(JsonFactory.class),
      jarOf(JsonProperty.class),
      jarOf(SchemaRegistry.class),
      jarOf(ITU.class),
      jarOf(LoggerFactory.class)
    };
    try (URLClassLoader loader =
        new URLClassLoader(withoutJdbi, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("org.jdbi.v3.core.Handle"))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> outboxClass = loader.loadClass(Outbox.class.getName());
      Class<?> configClass = loader.loadClass(OutboxConfig.class.getName());
      Class<?> eventClass = loader.loadClass(OutboxEvent.class.getName());
      Object outbox =
          outboxClass
              .getMethod("create", configClass, Clock.class)
              .invoke(null, configClass.getMethod("defaults").invoke(null), Clock.systemUTC());
      Object event =
          eventClass
              .getMethod("of", String.class, String.class, String.class, String.class)
              .invoke(null, "posthorn.ping", "Posthorn", "ping", "{\"message\": \"ping\"}");
      Object envelope = outboxClass.getMethod("prepare", eventClass).invoke(outbox, event);

      assertThat(envelope.getClass().getClassLoader()).isSameAs(loader);
      assertThat(envelope.toString()).contains("posthorn.ping");
    }
  }

  private static URL jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
