package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EventTypesCommandTest {

  @Test
  void listsEveryCatalogTypeWithVersionAndDescription() {
    StringWriter out = new StringWriter();

    int exit = PosthornMain.commandLine().setOut(new PrintWriter(out)).execute("event-types");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .hasSize(17)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches("order\\.completed +v1  An order was fulfilled and is complete\\."))
        .anySatisfy(
            line ->
                assertThat(line).startsWith("posthorn.endpoint.disabled  v1  Posthorn disabled"));
  }

  @Test
  void examplesPrintsAPayloadUnderEachType() {
    StringWriter out = new StringWriter();

    PosthornMain.commandLine().setOut(new PrintWriter(out)).execute("event-types", "--examples");

    assertThat(out.toString().lines())
        .hasSize(34)
        .anySatisfy(
            line ->
                assertThat(line.strip())
                    .startsWith("{\"userId\":\"usr_1001\",\"email\":\"ada@example.com\""));
  }
}
