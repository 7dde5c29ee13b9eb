package io.posthorn.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.inbound.verify.InboundRequest;
import io.posthorn.schema.EventType;
import io.posthorn.schema.connection.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventKindsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String kind(Provider p, Map<String, String> headers, String body)
      throws Exception {
    return EventKinds.of(p, new InboundRequest(headers, body.getBytes()), JSON.readTree(body));
  }

  @Test
  void readsWhereEachProviderNamesWhatHappened() throws Exception {
    assertThat(kind(Provider.GITHUB, Map.of("X-GitHub-Event", "pull_request"), "{}"))
        .isEqualTo("pull_request");
    assertThat(kind(Provider.STRIPE, Map.of(), "{\"type\":\"payment_intent.succeeded\"}"))
        .isEqualTo("payment_intent.succeeded");
    assertThat(
            kind(
                Provider.SLACK,
                Map.of(),
                "{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}"))
        .isEqualTo("app_mention");
    assertThat(kind(Provider.JIRA, Map.of(), "{\"webhookEvent\":\"jira:issue_created\"}"))
        .isEqualTo("issue_created");
    assertThat(kind(Provider.GITHUB, Map.of(), "{}")).isEqualTo("unknown");
  }

  @Test
  void fitsAnyTextToTheNamingRule() {
    for (String raw : new String[] {"Payment-Intent.Succeeded!", "1.2", "..", "ä", "a b.c"}) {
      assertThat(EventType.NAME_RULE.matcher("inbound.x." + EventKinds.fit(raw)).matches())
          .as(raw)
          .isTrue();
    }
    assertThat(EventKinds.fit("Payment-Intent.Succeeded")).isEqualTo("payment_intent.succeeded");
  }
}
