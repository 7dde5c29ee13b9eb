package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example catalog (ops/catalog, which the build names in POSTHORN_CATALOG_DIR) plus Posthorn's
 * own.
 */
class EventCatalogTest {
  private final EventCatalog catalog = EventCatalog.standard();

  @Test
  void holdsEveryTypeTheProductDocumentsNamePlusPosthornsOwn() {
    assertThat(catalog.types())
        .extracting(t -> t.type().name())
        .containsExactly(
            "inbound.request",
            "order.cancelled",
            "order.completed",
            "order.created",
            "order.refunded",
            "organization.created",
            "organization.deleted",
            "organization.updated",
            "payment.failed",
            "payment.succeeded",
            "posthorn.endpoint.disabled",
            "posthorn.ping",
            "project.created",
            "project.deleted",
            "project.updated",
            "user.created",
            "user.deleted",
            "user.updated");
  }

  @Test
  void everyTypeHasADescriptionAVersionAndAnExampleThatConforms() {
    for (CatalogType type : catalog.types()) {
      assertThat(type.description()).as(type.toString()).isNotBlank();
      assertThat(type.version()).as(type.toString()).isPositive();
      assertThat(catalog.check(type.type(), type.example()))
          .as(type.toString())
          .isInstanceOf(Conformance.Conforms.class);
    }
  }

  @Test
  void missingRequiredFieldIsNamedByItsPointerAndTheRequiredRule() {
    Conformance result =
        catalog.check(EventType.of("user.created"), new JsonObjectText("{\"userId\": \"usr_1\"}"));

    assertThat(violations(result))
        .containsExactly(
            new Violation("/email", "required", "required property 'email' not found"));
  }

  @Test
  void nestedViolationsAreNamedByTheirFullPointer() {
    String payload =
        "{\"orderId\": \"ord_1\", \"customerId\": \"usr_1\", \"totalCents\": 100, \"currency\": \"EUR\","
            + " \"lines\": [{\"sku\": \"A-1\", \"quantity\": 1}, {\"sku\": \"B-2\", \"quantity\": 0}]}";

    Conformance result = catalog.check(EventType.of("order.created"), new JsonObjectText(payload));

    assertThat(violations(result))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/lines/1/quantity");
              assertThat(v.rule()).isEqualTo("minimum");
              assertThat(v)
                  .hasToString(
                      "payload/lines/1/quantity: must have a minimum value of 1 (rule: minimum)");
            });
  }

  @Test
  void wrongJsonTypeAndFormatAreBothReported() {
    Conformance result =
        catalog.check(
            EventType.of("user.created"),
            new JsonObjectText("{\"userId\": 42, \"email\": \"not an address\"}"));

    assertThat(violations(result))
        .extracting(Violation::pointer, Violation::rule)
        .containsExactlyInAnyOrder(tuple("/userId", "type"), tuple("/email", "format"));
  }

  @Test
  void fieldsTheSchemaDoesNotNameAreAllowed() {
    Conformance result =
        catalog.check(EventType.of("posthorn.ping"), new JsonObjectText("{\"extra\": [1, 2]}"));

    assertThat(result).isInstanceOf(Conformance.Conforms.class);
  }

  @Test
  void typeOutsideTheCatalogIsUnregistered() {
    Conformance result = catalog.check(EventType.of("order.shipped"), new JsonObjectText("{}"));

    assertThat(result).isEqualTo(new Conformance.Unregistered(EventType.of("order.shipped")));
  }

  @Test
  void malformedPayloadIsRefusedSayingWhere() {
    assertThatThrownBy(
            () ->
                catalog.check(EventType.of("posthorn.ping"), new JsonObjectText("{\"message\": }")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("payload of posthorn.ping is not well-formed JSON")
        .hasMessageContaining("line 1, column 13");
  }

  @Test
  void requireThrowsSchemaViolationNamingTypeVersionPointerAndRule() {
    assertThatThrownBy(
            () ->
                catalog.require(
                    EventType.of("user.created"),
                    new JsonObjectText("{\"userId\": \"u\"}"),
                    UnregisteredTypes.REFUSE))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessage(
            "payload of user.created breaks its schema (catalog version 1):"
                + " payload/email: required property 'email' not found (rule: required)");
  }

  @Test
  void requireRefusesUnregisteredTypeNamingTheFileToAdd() {
    assertThatThrownBy(
            () ->
                catalog.require(
                    EventType.of("order.shipped"),
                    new JsonObjectText("{}"),
                    UnregisteredTypes.REFUSE))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'order.shipped' is not in the event catalog")
        .hasMessageContaining("add order.shipped.json to the catalog directory");
  }

  @Test
  void requireAcceptsUnregisteredTypeWhenAsked() {
    assertThatCode(
            () ->
                catalog.require(
                    EventType.of("order.shipped"),
                    new JsonObjectText("{\"anything\": 1}"),
                    UnregisteredTypes.ACCEPT))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptingUnregisteredTypesStillChecksRegisteredOnes() {
    assertThatThrownBy(
            () ->
                catalog.require(
                    EventType.of("user.created"),
                    new JsonObjectText("{}"),
                    UnregisteredTypes.ACCEPT))
        .isInstanceOf(SchemaViolationException.class);
  }

  private static List<Violation> violations(Conformance result) {
    assertThat(result).isInstanceOf(Conformance.Violates.class);
    return ((Conformance.Violates) result).violations();
  }
}
