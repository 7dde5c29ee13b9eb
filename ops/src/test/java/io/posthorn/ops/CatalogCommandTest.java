package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code posthorn catalog check}: exit 1 naming type, version and pointer on a breaking change. */
class CatalogCommandTest {
  private static final String PAID =
      "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"type\": \"object\","
          + " \"version\": 1, \"properties\": {\"status\": {\"enum\": [\"ok\", \"late\"]}},"
          + " \"examples\": [{\"status\": \"ok\"}]}";

  @TempDir Path root;
  private Path older;
  private Path newer;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void dirs() throws IOException {
    older = Files.createDirectories(root.resolve("old"));
    newer = Files.createDirectories(root.resolve("new"));
    Files.writeString(older.resolve("invoice.paid.json"), PAID);
  }

  @Test
  void aCompatibleChangeExitsZero() throws IOException {
    Files.writeString(
        newer.resolve("invoice.paid.json"), PAID.replace("\"late\"]", "\"late\", \"void\"]"));

    assertThat(check()).isZero();
    assertThat(out.toString()).startsWith("compatible: ");
  }

  @Test
  void aBreakingChangeExitsOneNamingTypeVersionAndPointer() throws IOException {
    Files.writeString(newer.resolve("invoice.paid.json"), PAID.replace(", \"late\"]", "]"));

    assertThat(check()).isEqualTo(1);
    assertThat(out.toString().lines())
        .first()
        .isEqualTo("invoice.paid v1 #/properties/status/enum: enum value \"late\" removed");
  }

  @Test
  void anInvalidNewCatalogExitsOneNamingTheFile() throws IOException {
    Files.writeString(
        newer.resolve("invoice.paid.json"), PAID.replace("\"version\": 1", "\"version\": 0"));

    assertThat(check()).isEqualTo(1);
    assertThat(err.toString()).contains("invoice.paid.json").contains("\"version\" must be");
  }

  private int check() {
    return PosthornMain.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute("catalog", "check", "--against", older.toString(), newer.toString());
  }
}
