package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog directory: a product's types beside Posthorn's own, read without rebuilding. */
class CatalogDirectoryTest {
  private static final String INVOICE =
      "\"required\": [\"invoiceId\"], \"properties\": {\"invoiceId\": {\"type\": \"string\"}}";

  @TempDir Path dir;

  @Test
  void holdsTheDirectorysTypesAndPosthornsOwn() {
    new CatalogDir(dir).type("invoice.paid", 1, INVOICE, "{\"invoiceId\": \"inv_1\"}");

    EventCatalog catalog = EventCatalog.load(dir);

    assertThat(catalog.types())
        .extracting(t -> t.type().name())
        .containsExactly(
            "inbound.request", "invoice.paid", "posthorn.endpoint.disabled", "posthorn.ping");
    assertThat(
            catalog.check(EventType.of("invoice.paid"), new JsonObjectText("{\"invoiceId\": 1}")))
        .isInstanceOf(Conformance.Violates.class);
  }

  @Test
  void builtInHoldsOnlyPosthornsOwnTypes() {
    assertThat(EventCatalog.builtIn().types())
        .extracting(t -> t.type().name())
        .allMatch(
            name ->
                name.startsWith(EventCatalog.OWN_PREFIX)
                    || name.startsWith(EventCatalog.INBOUND_PREFIX))
        .contains("posthorn.ping", "inbound.request");
  }

  @Test
  void checksEveryInboundTypeAgainstTheInboundFamily_anyObject() {
    EventCatalog catalog = EventCatalog.builtIn();

    Conformance conformance =
        catalog.check(
            EventType.of("inbound.github.pull_request"),
            new JsonObjectText("{\"action\": \"opened\", \"number\": 7}"));

    assertThat(conformance).isInstanceOf(Conformance.Conforms.class);
    assertThat(catalog.find(EventType.of("inbound.stripe.charge.succeeded")))
        .get()
        .extracting(t -> t.type())
        .isEqualTo(EventCatalog.INBOUND_FAMILY);
    assertThat(catalog.check(EventType.of("outbound.github.push"), new JsonObjectText("{}")))
        .isInstanceOf(Conformance.Unregistered.class);
  }

  @Test
  void refusesAnInboundTypeInTheDirectory_namingTheFile() {
    new CatalogDir(dir).type("inbound.github.push", 1, "", "{}");

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("inbound.github.push.json")
        .hasMessageContaining("cannot be defined or overridden");
  }

  @Test
  void refusesAPosthornTypeInTheDirectory_namingTheFile() {
    new CatalogDir(dir).type("posthorn.ping", 1, "", "{}");

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("posthorn.ping.json")
        .hasMessageContaining("cannot be defined or overridden");
  }

  @Test
  void refusesAnInvalidFile_namingTheFileAndTheReason() {
    new CatalogDir(dir)
        .type("invoice.paid", 1, INVOICE, "{\"invoiceId\": \"inv_1\"}")
        .file("invoice.voided.json", "{\"title\": \"invoice.voided\"}");

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOfSatisfying(
            InvalidCatalogException.class,
            e -> {
              assertThat(e.file()).endsWith("invoice.voided.json");
              assertThat(e.reason()).contains("\"description\"");
            })
        .hasMessageContaining("invoice.voided.json");
  }

  @Test
  void refusesADirectoryThatIsNotThere() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> EventCatalog.load(missing))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("is not a directory");
  }

  @Test
  void ignoresFilesThatAreNotJson() {
    new CatalogDir(dir).file("README.md", "# our events");

    assertThat(EventCatalog.load(dir).types()).hasSameSizeAs(EventCatalog.builtIn().types());
  }

  @Test
  void readsTheDeprecatedFlag() {
    new CatalogDir(dir)
        .file(
            "invoice.paid.json",
            CatalogDir.version("invoice.paid", 1, INVOICE, "{\"invoiceId\": \"inv_1\"}")
                .replace("\"version\"", "\"deprecated\": true, \"version\""));

    assertThat(EventCatalog.load(dir).find(EventType.of("invoice.paid")).orElseThrow().deprecated())
        .isTrue();
  }

  @Test
  void standardIsTheDirectoryInTheEnvironment() {
    // The build sets POSTHORN_CATALOG_DIR to the example catalog (decision 0039).
    assertThat(System.getenv(EventCatalog.DIR_VARIABLE)).isNotBlank();
    assertThat(EventCatalog.standard().find(EventType.of("order.created"))).isPresent();
    assertThat(EventCatalog.builtIn().find(EventType.of("order.created"))).isEmpty();
  }

  @Test
  void unregisteredTypeNamesTheCatalogDirectory() {
    assertThatThrownBy(
            () ->
                EventCatalog.builtIn()
                    .require(
                        EventType.of("invoice.paid"),
                        new JsonObjectText("{}"),
                        UnregisteredTypes.REFUSE))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("invoice.paid.json")
        .hasMessageContaining("catalog.dir");
  }
}
