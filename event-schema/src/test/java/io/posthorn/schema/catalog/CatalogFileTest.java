package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** A broken catalog file fails loading, naming the file and the rule it breaks. */
class CatalogFileTest {

  @Test
  void titleMustBeTheFileName() {
    assertRefused("title.mismatch").hasMessageContaining("\"title\" must be \"title.mismatch\"");
  }

  @Test
  void versionIsRequired() {
    assertRefused("version.missing").hasMessageContaining("\"version\" must be an integer");
  }

  @Test
  void examplesMustConformToTheSchema() {
    assertRefused("example.breaks")
        .hasMessageContaining("\"examples\"[0] breaks the schema")
        .hasMessageContaining("payload/orderId: required property 'orderId' not found");
  }

  @Test
  void misspeltKeywordIsRefusedRatherThanIgnored() {
    assertRefused("keyword.misspelt").hasMessageContaining("requried");
  }

  @Test
  void malformedJsonIsRefused() {
    assertRefused("not.json").hasMessageContaining("not JSON");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String type) {
    URL url = CatalogFileTest.class.getResource("/broken-catalog/" + type + ".json");
    return assertThatThrownBy(() -> CatalogFile.read(type, url))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("event catalog file " + CatalogFiles.display(url) + ": ");
  }
}
