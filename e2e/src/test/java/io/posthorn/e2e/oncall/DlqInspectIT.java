package io.posthorn.e2e.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.e2e.oncall.DeadLetterTopic.Letter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code posthorn dlq stats} and {@code dlq list} on a real broker, and their errors. */
class DlqInspectIT {
  final DeadLetterTopic topics = new DeadLetterTopic();
  final List<Letter> letters = DlqReplayIT.mixed();

  @Test
  void statsGroupsByEndpointTypeAndReasonWithOldestAndNewest() throws Exception {
    topics.write(letters);

    Cli.Result r = Cli.run("dlq", "stats", "--bootstrap", topics.bootstrap, "--topic", topics.dlq);

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("COUNT +ENDPOINT +TYPE +REASON +OLDEST +NEWEST");
    // ep_a user.created exhausted: even i, not divisible by 3 or 5 ->
    // 2,4,8,14,16,22,26,28,32,34,38,44,46,52,56,58
    assertThat(lines.get(1))
        .matches("16 +ep_a +user\\.created +exhausted +" + seconds(2) + " +" + seconds(58));
    assertThat(lines).contains("60 dead letter(s) in 8 group(s)");
  }

  @Test
  void listSeeksToTheWindowAndFiltersByTenantAndReason() throws Exception {
    topics.write(letters);

    Cli.Result r =
        Cli.run(
            "dlq",
            "list",
            "--bootstrap",
            topics.bootstrap,
            "--topic",
            topics.dlq,
            "--tenant",
            "acme",
            "--reason",
            "exhausted",
            "--since",
            at(20).toString(),
            "--until",
            at(50).toString(),
            "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : r.out().lines().toList()) {
      rows.add(json.readTree(line));
    }
    // tenant acme: i % 4 == 0; exhausted: i % 5 != 0; window [20, 50): 24, 28, 32, 36, 44, 48
    assertThat(rows)
        .extracting(n -> n.get("deadLetteredAt").asText())
        .containsExactly(
            at(24).toString(),
            at(28).toString(),
            at(32).toString(),
            at(36).toString(),
            at(44).toString(),
            at(48).toString());
    assertThat(rows.get(0).get("eventId").asText()).isEqualTo(letters.get(24).eventId());
    assertThat(rows.get(0).get("attempts").asInt()).isEqualTo(2);
    assertThat(rows.get(0).get("lastStatus").asInt()).isEqualTo(503);
    assertThat(rows.get(0).get("reason").asText()).isEqualTo("exhausted: 6 attempts failed");
  }

  @Test
  void listShowsTheOldestUpToTheLimitAndSaysHowManyMore() throws Exception {
    topics.write(letters);

    Cli.Result r =
        Cli.run(
            "dlq",
            "list",
            "--bootstrap",
            topics.bootstrap,
            "--topic",
            topics.dlq,
            "--type",
            "order.*",
            "--limit",
            "3");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1))
        .matches(
            seconds(0)
                + " +ep_a +order\\.completed +"
                + letters.get(0).eventId()
                + " +acme +2 +503 +0 +gone: the endpoint answered 410");
    assertThat(lines.get(3)).startsWith(seconds(6));
    assertThat(lines.get(4))
        .isEqualTo("showing the oldest 3 of 20 matching; narrow with --since or raise --limit");
  }

  @Test
  void badFiltersAreUsageErrorsNamingTheOption() {
    Cli.Result type =
        Cli.run("dlq", "list", "--bootstrap", topics.bootstrap, "--type", "Order.Completed");
    Cli.Result reason =
        Cli.run("dlq", "stats", "--bootstrap", topics.bootstrap, "--reason", "exausted");
    Cli.Result since =
        Cli.run("dlq", "list", "--bootstrap", topics.bootstrap, "--since", "yesterday");
    Cli.Result replay = Cli.run("dlq", "replay", "--bootstrap", topics.bootstrap);
    Cli.Result dryRun =
        Cli.run(
            "dlq", "replay", "--bootstrap", topics.bootstrap, "--replay-id", "rpl-x", "--dry-run");

    assertThat(List.of(type, reason, since, replay, dryRun))
        .allSatisfy(
            r -> {
              assertThat(r.exit()).isEqualTo(2);
              assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            });
    assertThat(type.err()).contains("--type 'Order.Completed' is not a glob of event types");
    assertThat(reason.err())
        .contains(
            "--reason 'exausted' is not a dead-letter reason: one of aborted, deleted,"
                + " disabled, exhausted, gone, rejected");
    assertThat(since.err()).contains("--since 'yesterday' is not a time");
    assertThat(replay.err()).contains("a replay needs a filter");
    assertThat(dryRun.err()).contains("a dry run needs a filter or --all");
  }

  @Test
  void anUnreachableBrokerAndAMissingTopicFailInOneLine() {
    long started = System.nanoTime();
    Cli.Result down = Cli.run("dlq", "stats", "--bootstrap", "127.0.0.1:1", "--timeout", "2s");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Cli.Result missing =
        Cli.run("dlq", "list", "--bootstrap", topics.bootstrap, "--topic", "no.such.topic");

    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err().strip())
        .isEqualTo(
            "posthorn: cannot reach Kafka at 127.0.0.1:1 within 2 s (check"
                + " --bootstrap; --timeout waits longer)");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip())
        .isEqualTo(
            "posthorn: the dead-letter topic no.such.topic does not exist on "
                + topics.bootstrap
                + " (a worker creates it when it starts)");
  }

  private static Instant at(int minute) {
    return DlqReplayIT.BASE.plus(Duration.ofMinutes(minute));
  }

  private static String seconds(int minute) {
    return at(minute).toString();
  }
}
