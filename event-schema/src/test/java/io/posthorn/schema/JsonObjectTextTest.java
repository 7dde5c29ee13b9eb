package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonObjectTextTest {

  @Test
  void keepsAnObjectVerbatim() {
    String json = "{\"sku\": \"A-1\",  \"qty\": 2}";

    assertThat(new JsonObjectText(json).json()).isEqualTo(json);
  }

  @Test
  void acceptsObjectAfterLeadingWhitespace() {
    String json = " \n\t{\"a\":1}";

    assertThat(new JsonObjectText(json).json()).isEqualTo(json);
  }

  @Test
  void emptyIsTheEmptyObject() {
    assertThat(JsonObjectText.EMPTY.json()).isEqualTo("{}");
  }

  @Test
  void refusesArrayNamingIt() {
    assertThatThrownBy(() -> new JsonObjectText("[1,2]"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got a JSON array");
  }

  @Test
  void refusesStringNamingIt() {
    assertThatThrownBy(() -> new JsonObjectText("\"hello\""))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got a JSON string");
  }

  @Test
  void refusesNumberNamingIt() {
    assertThatThrownBy(() -> new JsonObjectText("42.5"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got a JSON number");
  }

  @Test
  void refusesBooleanNamingIt() {
    assertThatThrownBy(() -> new JsonObjectText("true"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got a JSON boolean");
  }

  @Test
  void refusesJsonNullNamingIt() {
    assertThatThrownBy(() -> new JsonObjectText("null"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got JSON null");
  }

  @Test
  void refusesJavaNull() {
    assertThatThrownBy(() -> new JsonObjectText(null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got null");
  }

  @Test
  void refusesEmptyText() {
    assertThatThrownBy(() -> new JsonObjectText(""))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got empty text");
  }

  @Test
  void refusesWhitespaceOnly() {
    assertThatThrownBy(() -> new JsonObjectText("  \n "))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got empty text");
  }

  @Test
  void refusesNonJsonText() {
    assertThatThrownBy(() -> new JsonObjectText("nope"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("expected a JSON object but got malformed JSON");
  }
}
