package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DevSmokeIT {
  @Test
  void smokeDeliversHundredEventsWithVerifiedSignaturesAndExitsZero() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        PosthornMain.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute("dev", "--smoke", "--print-env");

    assertThat(out.toString())
        .contains("smoke: 100/100 delivered, signatures verified")
        .containsPattern("POSTHORN_JDBC_URL=jdbc:postgresql://127\\.0\\.0\\.1:\\d+/posthorn")
        .containsPattern("POSTHORN_KAFKA_BOOTSTRAP=127\\.0\\.0\\.1:\\d+")
        // What runs where: an admin link into the portal, and a connection URL with a signed curl.
        .containsPattern(
            "(?m)^  portal    http://127\\.0\\.0\\.1:\\d+/portal/\\S+  \\(admin session")
        .containsPattern("(?m)^  inbound   http://127\\.0\\.0\\.1:\\d+/in/\\S+")
        .containsPattern("(?m)^  curl .*/in/");
    assertThat(exit).as("stderr: %s", err).isZero();
  }
}
