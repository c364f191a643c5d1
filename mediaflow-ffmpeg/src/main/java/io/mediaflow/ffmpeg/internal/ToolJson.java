package io.mediaflow.ffmpeg.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON FFmpeg's tools print — ffprobe's description of a file, an analysis filter's
 * measurements — read with Jackson. Numbers stay exact decimals ({@code BigDecimal}, trailing zeros
 * kept), never {@code double}, so a duration keeps every microsecond; see {@code
 * docs/decisions.md}, "ffprobe parsing".
 */
final class ToolJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ToolJson() {}

  /**
   * Reads one JSON document.
   *
   * @throws IllegalArgumentException naming the line and column where the text stops being JSON
   */
  static JsonNode read(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a number cannot be read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new IllegalArgumentException("no JSON in an empty text");
    }
    return root;
  }

  /**
   * The fields of one JSON object whose values are strings, numbers or booleans, as text exactly as
   * printed (numbers as their digits); null values and nested objects and arrays are left out.
   *
   * @throws IllegalArgumentException when {@code text} is not one JSON object
   */
  static Map<String, String> flatObject(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    try (JsonParser p = MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          p.skipChildren();
        } else if (value != JsonToken.VALUE_NULL) {
          values.put(name, p.getText());
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the object");
      }
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // a String does not fail to read
    }
    return values;
  }

  private static IllegalArgumentException notJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String reason = e.getOriginalMessage();
    int newline = reason == null ? -1 : reason.indexOf('\n');
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new IllegalArgumentException(
        "not valid JSON" + where + ": " + (newline < 0 ? reason : reason.substring(0, newline)), e);
  }
}
