package io.posthorn.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private final DeliveryLedger ledger = new DeliveryLedger();
  private final Responder ok = ledger.recording(Responder.alwaysOk());

  @Test
  void aPairSentAndNeverAcceptedIsLost_evenWhenItsRequestWasRefused() {
    ledger.sent("e1", List.of("/a", "/b"), T0);
    ledger.recording(r -> ScriptedReply.status(503)).reply(request("e1", "/a", 1));
    ok.reply(request("e1", "/b", 2));

    assertThat(ledger.report()).isEqualTo(new DeliveryLedger.Report(2, 1, 1, 0, 0, 1));
    assertThat(ledger.lost()).containsExactly(new DeliveryLedger.Pair("e1", "/a"));
    assertThat(ledger.complete()).isFalse();
  }

  @Test
  void extraAcceptedRequestsForAPairAreDuplicates_andTheFirstOneTimesTheLatency() {
    ok.reply(request("e1", "/a", 40)); // may arrive before the test records the send
    ledger.sent("e1", List.of("/a"), T0);
    ok.reply(request("e1", "/a", 90));
    ok.reply(request("e1", "/a", 95));

    assertThat(ledger.report()).isEqualTo(new DeliveryLedger.Report(1, 1, 0, 2, 0, 0));
    assertThat(ledger.complete()).isTrue();
    assertThat(ledger.deliveries())
        .singleElement()
        .satisfies(d -> assertThat(d.latency().toMillis()).isEqualTo(40));
  }

  @Test
  void aDeliveryWhoseWebhookIdWasNeverSentIsUnpublished() {
    ledger.sent("e1", List.of("/a"), T0);
    ok.reply(request("e1", "/a", 1));
    ok.reply(request("forged", "/a", 2));

    assertThat(ledger.report().unpublished()).isEqualTo(1);
    assertThat(ledger.report().delivered()).isEqualTo(1);
  }

  private static ReceivedRequest request(String webhookId, String path, long atMillis) {
    return new ReceivedRequest(
        "POST",
        path,
        Map.of("webhook-id", List.of(webhookId)),
        new byte[0],
        T0.plusMillis(atMillis));
  }
}
