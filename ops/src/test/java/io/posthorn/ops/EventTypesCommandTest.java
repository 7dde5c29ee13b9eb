package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --catalog-dir: $POSTHORN_CATALOG_DIR, which the build sets to the example catalog. */
class EventTypesCommandTest {

  @Test
  void listsEveryCatalogTypeWithVersionAndDescription() {
    StringWriter out = new StringWriter();

    int exit = PosthornMain.commandLine().setOut(new PrintWriter(out)).execute("event-types");

    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .hasSize(18)
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
        .hasSize(36)
        .anySatisfy(
            line ->
                assertThat(line.strip())
                    .startsWith("{\"userId\":\"usr_1001\",\"email\":\"ada@example.com\""));
  }

  @Test
  void readsTheCatalogDirectoryGiven_withVersionsDeprecationAndAnExamplePerVersion(
      @TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"An invoice was paid.\","
            + " \"deprecated\": true, \"versions\": ["
            + "{\"type\": \"object\", \"version\": 1, \"examples\": [{\"cents\": 1}]},"
            + "{\"type\": \"object\", \"version\": 2, \"examples\": [{\"amount\": {}}]}]}");
    StringWriter out = new StringWriter();

    int exit =
        PosthornMain.commandLine()
            .setOut(new PrintWriter(out))
            .execute("event-types", "--examples", "--catalog-dir", dir.toString());

    assertThat(exit).isZero();
    assertThat(out.toString().lines().map(String::strip))
        .contains(
            "invoice.paid                v1,v2  DEPRECATED: An invoice was paid.",
            "v1 {\"cents\":1}",
            "v2 {\"amount\":{}}")
        .noneMatch(line -> line.startsWith("order."))
        .anyMatch(line -> line.startsWith("posthorn.ping"));
  }
}
