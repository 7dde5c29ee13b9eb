package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Compatibility}: each change that breaks a subscriber of the previous schema of the same
 * version is found, with its type, version and JSON pointer; each compatible change passes.
 */
class CompatibilityTest {
  private static final String BASE =
      "\"required\": [\"id\"], \"properties\": {\"id\": {\"type\": \"string\"}, \"status\":"
          + " {\"type\": \"string\", \"enum\": [\"open\", \"paid\"]}, \"count\": {\"type\":"
          + " \"integer\", \"minimum\": 0}, \"note\": {\"type\": \"string\"}}";
  private static final String EXAMPLE = "{\"id\": \"x\", \"status\": \"open\", \"count\": 1}";

  @TempDir Path root;

  // --- breaking ---

  @Test
  void propertyRemoved() {
    assertThat(change(BASE.replace(", \"note\": {\"type\": \"string\"}", "")))
        .containsExactly("shop.sold v1 #/properties/note: property removed");
  }

  @Test
  void propertyMadeRequired() {
    assertThat(change(BASE.replace("[\"id\"]", "[\"id\", \"count\"]"), EXAMPLE))
        .containsExactly("shop.sold v1 #/properties/count: property made required");
  }

  @Test
  void typeNarrowed() {
    String either =
        BASE.replace(
            "\"note\": {\"type\": \"string\"}", "\"note\": {\"type\": [\"string\", \"integer\"]}");

    assertThat(compare(either, BASE, EXAMPLE))
        .containsExactly(
            "shop.sold v1 #/properties/note/type: type narrowed from [string, integer] to [string]");
  }

  @Test
  void boundTightened() {
    assertThat(
            change(
                BASE.replace(
                    "\"note\": {\"type\": \"string\"}",
                    "\"note\": {\"type\": \"string\", \"maxLength\": 5}")))
        .containsExactly(
            "shop.sold v1 #/properties/note/maxLength: \"maxLength\" lowered from (absent) to 5");
  }

  @Test
  void typeNarrowedFromNumberToInteger() {
    String number =
        BASE.replace("\"note\": {\"type\": \"string\"}", "\"note\": {\"type\": \"number\"}");
    String integer =
        number.replace("\"note\": {\"type\": \"number\"}", "\"note\": {\"type\": \"integer\"}");

    assertThat(compare(number, integer, EXAMPLE))
        .containsExactly(
            "shop.sold v1 #/properties/note/type: type narrowed from [number] to [integer]");
  }

  @Test
  void enumValueRemoved() {
    assertThat(change(BASE.replace("[\"open\", \"paid\"]", "[\"open\"]")))
        .containsExactly("shop.sold v1 #/properties/status/enum: enum value \"paid\" removed");
  }

  @Test
  void additionalPropertiesClosed() {
    assertThat(change(BASE + ", \"additionalProperties\": false"))
        .containsExactly("shop.sold v1 #/additionalProperties: additionalProperties closed");
  }

  @Test
  void nestedChangesNameTheNestedPointer() {
    String older =
        "\"properties\": {\"lines\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
            + " \"properties\": {\"sku\": {\"type\": \"string\"}}}}}";
    String newer =
        older.replace("\"type\": \"object\",", "\"type\": \"object\", \"required\": [\"sku\"],");

    assertThat(compare(older, newer, "{}"))
        .containsExactly(
            "shop.sold v1 #/properties/lines/items/properties/sku: property made required");
  }

  @Test
  void versionRemoved() throws IOException {
    Path older = dir("old");
    new CatalogDir(older)
        .versions(
            "shop.sold",
            "",
            CatalogDir.version("shop.sold", 1, BASE, EXAMPLE),
            CatalogDir.version("shop.sold", 2, BASE, EXAMPLE));
    Path newer = dir("new");
    new CatalogDir(newer).type("shop.sold", 2, BASE, EXAMPLE);

    assertThat(lines(older, newer)).containsExactly("shop.sold v1 #: version removed");
  }

  @Test
  void typeRemoved() throws IOException {
    Path older = dir("old");
    new CatalogDir(older).type("shop.sold", 1, BASE, EXAMPLE);

    assertThat(lines(older, dir("new")))
        .containsExactly("shop.sold v1 #: type removed from the catalog");
  }

  // --- compatible ---

  @Test
  void optionalPropertyAddedIsCompatible() {
    assertThat(
            change(BASE.replace("\"note\": {", "\"extra\": {\"type\": \"boolean\"}, \"note\": {")))
        .isEmpty();
  }

  @Test
  void typeWidenedIsCompatible() {
    assertThat(
            change(
                BASE.replace(
                    "\"count\": {\"type\": \"integer\"", "\"count\": {\"type\": \"number\"")))
        .isEmpty();
    assertThat(
            change(
                BASE.replace(
                    "\"note\": {\"type\": \"string\"}",
                    "\"note\": {\"type\": [\"string\", \"null\"]}")))
        .isEmpty();
  }

  @Test
  void enumValueAddedIsCompatible() {
    assertThat(change(BASE.replace("[\"open\", \"paid\"]", "[\"open\", \"paid\", \"void\"]")))
        .isEmpty();
  }

  @Test
  void requirementDroppedAndBoundLoosenedAreCompatible() {
    assertThat(change(BASE.replace("[\"id\"]", "[]").replace("\"minimum\": 0", "\"minimum\": -5")))
        .isEmpty();
  }

  @Test
  void aNewMajorVersionMayBreak() throws IOException {
    Path older = dir("old");
    new CatalogDir(older).type("shop.sold", 1, BASE, EXAMPLE);
    Path newer = dir("new");
    String breaking =
        "\"required\": [\"ref\"], \"properties\": {\"ref\": {\"type\": \"integer\"}}, \"additionalProperties\": false";
    new CatalogDir(newer)
        .versions(
            "shop.sold",
            "",
            CatalogDir.version("shop.sold", 1, BASE, EXAMPLE),
            CatalogDir.version("shop.sold", 2, breaking, "{\"ref\": 1}"));

    assertThat(lines(older, newer)).isEmpty();
  }

  @Test
  void aNewTypeIsCompatible() throws IOException {
    Path newer = dir("new");
    new CatalogDir(newer).type("shop.sold", 1, BASE, EXAMPLE);

    assertThat(lines(dir("old"), newer)).isEmpty();
  }

  @Test
  void theIncompatibilityCarriesTypeVersionAndPointer() throws IOException {
    Path older = dir("old");
    new CatalogDir(older).type("shop.sold", 1, BASE, EXAMPLE);
    Path newer = dir("new");
    new CatalogDir(newer)
        .type("shop.sold", 1, BASE.replace("[\"open\", \"paid\"]", "[\"open\"]"), EXAMPLE);

    assertThat(Compatibility.check(EventCatalog.load(older), EventCatalog.load(newer)))
        .containsExactly(
            new Incompatibility(
                EventType.of("shop.sold"),
                1,
                "/properties/status/enum",
                "enum value \"paid\" removed"));
  }

  private List<String> change(String newer) {
    return compare(BASE, newer, EXAMPLE);
  }

  private List<String> change(String newer, String example) {
    return compare(BASE, newer, example);
  }

  private List<String> compare(String older, String newer, String example) {
    try {
      Path o = dir("old");
      Path n = dir("new");
      new CatalogDir(o).type("shop.sold", 1, older, example);
      new CatalogDir(n).type("shop.sold", 1, newer, example);
      return lines(o, n);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path older, Path newer) {
    return Compatibility.check(EventCatalog.load(older), EventCatalog.load(newer)).stream()
        .map(Incompatibility::toString)
        .toList();
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(root.resolve(name));
  }
}
