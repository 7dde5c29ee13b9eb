package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A type with several schema versions: a payload is checked against the version it names. */
class CatalogVersionsTest {
  private static final EventType PAID = EventType.of("invoice.paid");

  /** v1: amount in cents. v2 (breaking): amount is an object with currency, required. */
  private static final String V1 =
      CatalogDir.version(
          "invoice.paid",
          1,
          "\"required\": [\"invoiceId\", \"amountCents\"], \"properties\": {\"invoiceId\":"
              + " {\"type\": \"string\"}, \"amountCents\": {\"type\": \"integer\"}}",
          "{\"invoiceId\": \"inv_1\", \"amountCents\": 100}");

  private static final String V2 =
      CatalogDir.version(
          "invoice.paid",
          2,
          "\"required\": [\"invoiceId\", \"amount\"], \"properties\": {\"invoiceId\": {\"type\":"
              + " \"string\"}, \"amount\": {\"type\": \"object\", \"required\": [\"cents\","
              + " \"currency\"]}}",
          "{\"invoiceId\": \"inv_1\", \"amount\": {\"cents\": 100, \"currency\": \"EUR\"}}");
  private static final JsonObjectText V1_PAYLOAD =
      new JsonObjectText("{\"invoiceId\": \"inv_9\", \"amountCents\": 5}");

  @TempDir Path dir;
  private EventCatalog catalog;

  @BeforeEach
  void load() {
    new CatalogDir(dir).versions("invoice.paid", "", V1, V2);
    catalog = EventCatalog.load(dir);
  }

  @Test
  void listsEveryVersionAscending_latestIsTheHighest() {
    CatalogType type = catalog.find(PAID).orElseThrow();

    assertThat(type.versions()).extracting(CatalogVersion::version).containsExactly(1, 2);
    assertThat(type.version()).isEqualTo(2);
    assertThat(type.example().json()).contains("currency");
  }

  @Test
  void aPayloadOfV1ConformsWhenCheckedAsV1() {
    assertThat(catalog.check(PAID, 1, V1_PAYLOAD))
        .isInstanceOfSatisfying(
            Conformance.Conforms.class, c -> assertThat(c.version().version()).isEqualTo(1));
  }

  @Test
  void theSamePayloadBreaksTheLatestVersion() {
    assertThat(catalog.check(PAID, V1_PAYLOAD))
        .isInstanceOfSatisfying(
            Conformance.Violates.class, v -> assertThat(v.version().version()).isEqualTo(2));
  }

  @Test
  void requireReturnsTheVersionCheckedAgainst() {
    assertThat(catalog.require(PAID, 1, V1_PAYLOAD, UnregisteredTypes.REFUSE))
        .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
  }

  @Test
  void aVersionTheCatalogLacksIsUnknown_notAViolation() {
    assertThat(catalog.check(PAID, 3, V1_PAYLOAD))
        .isEqualTo(new Conformance.UnknownVersion(catalog.find(PAID).orElseThrow(), 3));
    assertThatThrownBy(() -> catalog.require(PAID, 3, V1_PAYLOAD, UnregisteredTypes.REFUSE))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("no schema version 3");
  }

  @Test
  void versionsOutOfOrderAreRefused() {
    new CatalogDir(dir).versions("invoice.paid", "", V2, V1);

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("invoice.paid.json")
        .hasMessageContaining("\"versions\"[1]: versions must be listed in ascending order");
  }

  @Test
  void aSchemaKeywordBesideVersionsIsRefused() {
    new CatalogDir(dir)
        .file(
            "invoice.paid.json",
            "{\"title\": \"invoice.paid\", \"description\": \"d\", \"required\": [],"
                + " \"versions\": ["
                + V1
                + "]}");

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("\"required\" is not allowed beside \"versions\"");
  }

  @Test
  void aBrokenExampleInOneVersionNamesThatVersion() {
    new CatalogDir(dir)
        .versions(
            "invoice.paid",
            "",
            V1,
            V2.replace("\"EUR\"}", "1}")
                .replace(
                    "\"currency\"]}",
                    "\"currency\"], \"properties\": {\"currency\": {\"type\": \"string\"}}}"));

    assertThatThrownBy(() -> EventCatalog.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("\"versions\"[1]: \"examples\"[0] breaks the schema");
  }

  @Test
  void deprecatedSitsBesideTheVersions() {
    new CatalogDir(dir).versions("invoice.paid", "\"deprecated\": true, ", V1, V2);

    assertThat(EventCatalog.load(dir).find(PAID).orElseThrow().deprecated()).isTrue();
  }
}
