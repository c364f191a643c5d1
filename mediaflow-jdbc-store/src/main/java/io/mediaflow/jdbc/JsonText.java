package io.mediaflow.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON text the store keeps in columns (stage timings, webhook patterns) and sends between
 * nodes (event payloads), written and read with Jackson: compact, no spaces, characters other than
 * quotes, backslashes and controls as they are — what the earlier hand-written writer produced, so
 * rows and payloads of either version read in the other.
 */
final class JsonText {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private JsonText() {}

  /** What a writer puts between the generator's creation and its close. */
  @FunctionalInterface
  interface Writing {
    void write(JsonGenerator g) throws IOException;
  }

  /** The compact JSON text {@code writing} generates. */
  static String write(Writing writing) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      writing.write(g);
    } catch (IOException e) {
      // a StringWriter does not fail; a generator refuses only a malformed sequence of calls
      throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * Reads one JSON value.
   *
   * @throws IllegalArgumentException
   */
  static JsonNode read(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty text where JSON was expected");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether a node is a whole number that fits a {@code long}, as instants in micros are. */
  static boolean isLong(JsonNode node) {
    return node != null && node.isIntegralNumber() && node.canConvertToLong();
  }
}
