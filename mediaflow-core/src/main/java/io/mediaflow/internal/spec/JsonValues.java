package io.mediaflow.internal.spec;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.internal.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of a document as the reader takes them: each getter returns the value, or null after
 * adding the violation (at its path) that says why it could not.
 */
public final class JsonValues {

  private final List<Violation> violations;

  public JsonValues(List<Violation> violations) {
    this.violations = violations;
  }

  /** An explicit null in an optional field means the same as leaving the field out. */
  public static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  public boolean object(JsonNode node, String path, String expected) {
    if (node.isObject()) {
      return true;
    }
    wrongType(path, expected, node);
    return false;
  }

  public String requiredString(JsonNode parent, String path, String name, String expected) {
    JsonNode node = parent.get(name);
    String where = field(path, name);
    if (node == null) {
      missing(where, expected);
      return null;
    }
    if (!node.isTextual()) {
      wrongType(where, "a string: " + expected, node);
      return null;
    }
    return node.textValue();
  }

  public String optionalString(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      wrongType(field(path, name), "a string", node);
      return null;
    }
    return node.textValue();
  }

  public Integer optionalInteger(JsonNode parent, String path, String name) {
    JsonNode node = parent.get(name);
    return absent(node) ? null : integer(node, field(path, name));
  }

  /** An integer, also written as {@code 23.0}; null (with a violation) for anything else. */
  public Integer integer(JsonNode node, String path) {
    if (!node.isNumber()) {
      wrongType(path, "an integer", node);
      return null;
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
      wrongType(path, "an integer", node);
      return null;
    }
    // the count of integer digits decides before any exact conversion: 1e999999999 is a whole
    // number whose exact form would take a gigabyte
    if (value.precision() - value.scale() > 10
        || value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
        || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      violations.add(
          Violation.of(
              path,
              ErrorCode.OUT_OF_RANGE,
              "expected an integer between "
                  + Integer.MIN_VALUE
                  + " and "
                  + Integer.MAX_VALUE
                  + " but was "
                  + node.asText()));
      return null;
    }
    return value.intValueExact();
  }

  /**
   * A parameter value as Java: strings, booleans, null, {@code Integer} or {@code Long} for whole
   * numbers, {@code Double} for the others, unmodifiable lists and maps (in document order).
   */
  public Object toJava(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (value.bitLength() <= 31) {
        return value.intValueExact();
      }
      if (value.bitLength() <= 63) {
        return value.longValueExact();
      }
      violations.add(
          Violation.of(
              path,
              ErrorCode.OUT_OF_RANGE,
              "the integer "
                  + value
                  + " is too large; expected a value between "
                  + Long.MIN_VALUE
                  + " and "
                  + Long.MAX_VALUE));
      return null;
    }
    if (node.isNumber()) {
      // a double node may hold Infinity (1e309 read as a double), which has no decimal value
      double value =
          node.isDouble() || node.isFloat()
              ? node.doubleValue()
              : node.decimalValue().doubleValue();
      if (!Double.isFinite(value)) {
        violations.add(
            Violation.of(
                path,
                ErrorCode.OUT_OF_RANGE,
                "the number " + node.asText() + " is too large for a double"));
        return null;
      }
      return value;
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        items.add(toJava(node.get(i), index(path, i)));
      }
      return Collections.unmodifiableList(items);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      map.put(entry.getKey(), toJava(entry.getValue(), field(path, entry.getKey())));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Adds an {@code UNKNOWN_FIELD} violation for each field of {@code node} not in {@code known},
   * listing the fields allowed there and suggesting the closest ({@code $}-fields aside).
   *
   * @param description how messages name the object: {@code an input}
   */
  public void unknownFields(JsonNode node, String path, String description, List<String> known) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      if (!known.contains(name)) {
        List<String> choices = known.stream().filter(k -> !k.startsWith("$")).toList();
        violations.add(
            new Violation(
                JsonPaths.field(path, name),
                ErrorCode.UNKNOWN_FIELD,
                "unknown field \""
                    + name
                    + "\" in "
                    + description
                    + "; expected one of: "
                    + String.join(", ", choices),
                Suggestions.didYouMean(name, choices).orElse("")));
      }
    }
  }

  public void missing(String path, String expected) {
    violations.add(
        Violation.of(
            path,
            ErrorCode.MISSING_FIELD,
            "missing required field \""
                + JsonPaths.lastSegment(path)
                + "\"; expected "
                + expected));
  }

  public void wrongType(String path, String expected, JsonNode given) {
    violations.add(
        Violation.of(
            path, ErrorCode.WRONG_TYPE, "expected " + expected + " but was " + describe(given)));
  }

  /** How a message names a value: {@code the string "high"}, {@code an array}. */
  public static String describe(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "the string \"" + abbreviate(node.textValue()) + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isNull()) {
      return "null";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  public static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
