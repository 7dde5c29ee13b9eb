package io.posthorn.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alert rules ({@code ops/prometheus/alerts.yml}) are checked and unit-tested by Prometheus'
 * own {@code promtool}, run as a process: {@code check rules} (syntax, PromQL) and {@code test
 * rules} ({@code alerts.test.yml}: each alert fires on the series it is meant for, and not on a
 * healthy one). Without promtool these tests fail, never skip: {@code apt-get install -y
 * prometheus} provides it ({@code .ci/run} installs it when it runs as root).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlertRulesTest {
  private static final Path RULES = Path.of("prometheus", "alerts.yml");
  private static final Path TESTS = Path.of("prometheus", "alerts.test.yml");
  private static final Path ROOT = Path.of("..");
  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)\\s*$");
  private static final Pattern ALERT_NAME = Pattern.compile("(?m)alertname:\\s*(\\S+)\\s*$");
  private static final Pattern RUNBOOK = Pattern.compile("(?m)runbook_url:\\s*\"?([^\"\\s]+)\"?");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).isEqualTo(0);
  }

  @Test
  void everyRuleUnitTestPasses() throws Exception {
    assertThat(promtool("test", "rules", TESTS.toString())).isEqualTo(0);
  }

  @Test
  void everyAlertHasAUnitTest() throws IOException {
    Set<String> alerts = all(ALERT, Files.readString(RULES));
    Set<String> tested = all(ALERT_NAME, Files.readString(TESTS));

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
    assertThat(tested).containsAll(alerts);
  }

  @Test
  void everyAlertLinksToARunbookSectionThatExists() throws IOException {
    String rules = Files.readString(RULES);
    List<String> links = new ArrayList<>();
    Matcher m = RUNBOOK.matcher(rules);
    while (m.find()) {
      links.add(m.group(1));
    }
    assertThat(links).hasSameSizeAs(all(ALERT, rules));
    for (String link : links) {
      String[] parts = link.split("#", 2);
      assertThat(parts).as(link).hasSize(2);
      Path doc = ROOT.resolve(parts[0]);
      assertThat(doc).as(link).exists();
      assertThat(anchors(Files.readString(doc))).as(link).contains(parts[1]);
    }
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    Matcher m = HEADING.matcher(markdown);
    while (m.find()) {
      String text = Normalizer.normalize(m.group(1), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
      anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return anchors;
  }

  private static Set<String> all(Pattern p, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Runs promtool with these arguments; prints its output; fails the test if it is missing. */
  private static int promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(
          "promtool is not on the PATH (%s): install it with `apt-get install -y prometheus`"
              + " (Debian), or run .ci/run as root, which does",
          e.getMessage());
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    System.out.println("promtool " + String.join(" ", args) + ":\n" + output);
    assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
    return p.exitValue();
  }
}
