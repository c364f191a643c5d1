package io.mediaflow.internal.condition;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.And;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.CustomCondition;
import io.mediaflow.api.condition.MediaCondition;
import io.mediaflow.api.condition.MediaProperty;
import io.mediaflow.api.condition.Not;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.Or;
import io.mediaflow.api.condition.RegexCondition;
import io.mediaflow.api.condition.TimeCondition;
import io.mediaflow.api.condition.Value;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.spec.JsonValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON form of a {@link Condition} ({@code docs/conditions.md}): the specification's
 * {@code {"type": ...}} objects and the short comparison {@code {"left", "op", "right"}}, strictly,
 * every problem reported at its JSON path.
 */
public final class ConditionReader {

  /** The condition types of the JSON form. */
  public static final List<String> TYPES =
      List.of("and", "or", "not", "comparison", "regex", "time", "media", "custom");

  /** The fields of each object of the form, in documented order. */
  public static final Map<String, List<String>> FIELDS =
      Map.of(
          "and", List.of("type", "conditions"),
          "or", List.of("type", "conditions"),
          "not", List.of("type", "conditions", "condition"),
          "comparison", List.of("type", "left", "op", "operator", "right", "ignoreCase"),
          "regex", List.of("type", "field", "pattern", "flags"),
          "time", List.of("type", "operator", "value", "timezone"),
          "media", List.of("type", "property", "operator", "op", "value", "file"),
          "custom", List.of("type", "name", "params"));

  private final List<Violation> violations;
  private final JsonValues values;

  /** A reader adding its problems to {@code violations}. */
  public ConditionReader(List<Violation> violations) {
    this.violations = violations;
    this.values = new JsonValues(violations);
  }

  /** The condition at {@code path}; null (with the problems added) when it cannot be read. */
  public Condition read(JsonNode node, String path) {
    return read(node, path, 0);
  }

  private Condition read(JsonNode node, String path, int depth) {
    if (depth > ConditionCompiler.MAX_DEPTH) {
      violations.add(
          new Violation(
              path,
              ConditionErrors.CONDITION_TOO_COMPLEX,
              "the condition nests deeper than " + ConditionCompiler.MAX_DEPTH + " levels",
              "flatten nested and/or into one list"));
      return null;
    }
    if (!values.object(
        node,
        path,
        "a condition such as {\"left\": \"${trigger.size}\", \"op\": \"gt\", \"right\": 1000}")) {
      return null;
    }
    JsonNode typeNode = node.get("type");
    String type;
    if (JsonValues.absent(typeNode)) {
      if (node.has("left") || node.has("op") || node.has("operator")) {
        type = "comparison"; // the short form
      } else {
        values.missing(field(path, "type"), "the condition's type: " + String.join(", ", TYPES));
        return null;
      }
    } else if (!typeNode.isTextual()) {
      values.wrongType(field(path, "type"), "a string: " + String.join(", ", TYPES), typeNode);
      return null;
    } else {
      type = typeNode.textValue();
    }
    if (!TYPES.contains(type)) {
      violations.add(
          new Violation(
              field(path, "type"),
              ConditionErrors.CONDITION_INVALID,
              "unknown condition type \""
                  + JsonValues.abbreviate(type)
                  + "\"; expected one of "
                  + String.join(", ", TYPES),
              Suggestions.didYouMean(type, TYPES).orElse("")));
      return null;
    }
    int before = violations.size();
    values.unknownFields(node, path, "a " + type + " condition", FIELDS.get(type));
    Condition c =
        switch (type) {
          case "and", "or" -> logical(node, path, depth, type);
          case "not" -> not(node, path, depth);
          case "comparison" -> comparison(node, path);
          case "regex" -> regex(node, path);
          case "time" -> time(node, path);
          case "media" -> media(node, path);
          default -> custom(node, path);
        };
    return violations.size() == before ? c : null;
  }

  private Condition logical(JsonNode node, String path, int depth, String type) {
    List<Condition> parts = list(node.get("conditions"), field(path, "conditions"), depth);
    if (parts == null) {
      return null;
    }
    return type.equals("and") ? new And(parts) : new Or(parts);
  }

  private List<Condition> list(JsonNode node, String path, int depth) {
    if (node == null) {
      values.missing(path, "an array of conditions");
      return null;
    }
    if (!node.isArray()) {
      values.wrongType(path, "an array of conditions", node);
      return null;
    }
    List<Condition> parts = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      Condition c = read(node.get(i), index(path, i), depth + 1);
      ok &= c != null;
      parts.add(c);
    }
    return ok ? parts : null;
  }

  private Condition not(JsonNode node, String path, int depth) {
    JsonNode one = node.get("condition");
    JsonNode many = node.get("conditions");
    if ((one == null) == (many == null)) {
      violations.add(
          new Violation(
              path,
              ConditionErrors.CONDITION_INVALID,
              one == null
                  ? "a not condition needs \"conditions\" (one condition in an array)"
                  : "a not condition has \"condition\" or \"conditions\", not both",
              "write {\"type\": \"not\", \"conditions\": [{...}]}"));
      return null;
    }
    if (one != null) {
      Condition c = read(one, field(path, "condition"), depth + 1);
      return c == null ? null : new Not(c);
    }
    List<Condition> parts = list(many, field(path, "conditions"), depth);
    if (parts == null) {
      return null;
    }
    if (parts.size() != 1) {
      violations.add(
          new Violation(
              field(path, "conditions"),
              ConditionErrors.CONDITION_INVALID,
              "a not condition negates one condition but has " + parts.size(),
              "wrap several in an and or an or first"));
      return null;
    }
    return new Not(parts.get(0));
  }

  private Operator operator(JsonNode node, String path, String context) {
    JsonNode op = node.get("op");
    JsonNode operator = node.get("operator");
    if (op != null && operator != null) {
      violations.add(
          new Violation(
              field(path, "operator"),
              ConditionErrors.CONDITION_INVALID,
              "a " + context + " has \"op\" or \"operator\", not both",
              "keep one of them"));
      return null;
    }
    String name = operator != null ? "operator" : "op";
    String text = values.requiredString(node, path, name, "how to compare, such as \"eq\"");
    if (text == null) {
      return null;
    }
    Operator parsed = Operator.ofJsonName(text).orElse(null);
    if (parsed == null) {
      List<String> names = Arrays.stream(Operator.values()).map(Operator::jsonName).toList();
      violations.add(
          new Violation(
              field(path, name),
              ConditionErrors.CONDITION_INVALID,
              "unknown operator \""
                  + JsonValues.abbreviate(text)
                  + "\"; expected one of "
                  + String.join(" ", names),
              Suggestions.didYouMean(text, names).orElse("")));
    }
    return parsed;
  }

  private Condition comparison(JsonNode node, String path) {
    Operator op = operator(node, path, "comparison");
    Value left = value(node.get("left"), field(path, "left"), false);
    JsonNode rightNode = node.get("right");
    Value right =
        op == Operator.EXISTS && rightNode == null
            ? Value.literal(true)
            : value(rightNode, field(path, "right"), false);
    boolean ignoreCase = bool(node, path, "ignoreCase");
    if (op == null || left == null || right == null) {
      return null;
    }
    return new Comparison(left, op, right, ignoreCase);
  }

  private boolean bool(JsonNode node, String path, String name) {
    JsonNode b = node.get(name);
    if (JsonValues.absent(b)) {
      return false;
    }
    if (!b.isBoolean()) {
      values.wrongType(field(path, name), "true or false", b);
      return false;
    }
    return b.booleanValue();
  }

  /**
   * A side: a literal, a template string, {@code {"value": x}} or {@code {"source": s, "path": p}}.
   */
  private Value value(JsonNode node, String path, boolean optional) {
    if (node == null) {
      if (!optional) {
        values.missing(
            path, "a value, a template, {\"value\": ...} or {\"source\": ..., \"path\": ...}");
      }
      return null;
    }
    if (node.isObject()) {
      if (node.has("source")) {
        values.unknownFields(node, path, "a value reference", List.of("source", "path"));
        String source =
            values.requiredString(
                node, path, "source", "the root, such as \"media\" or \"trigger\"");
        String p = values.optionalString(node, path, "path");
        return source == null ? null : Value.ref(source, p == null ? "" : p);
      }
      if (node.has("value")) {
        values.unknownFields(node, path, "a literal value", List.of("value"));
        return Value.literal(values.toJava(node.get("value"), field(path, "value")));
      }
      values.wrongType(path, "{\"value\": ...} or {\"source\": ..., \"path\": ...}", node);
      return null;
    }
    if (node.isTextual()) {
      return Value.of(node.textValue());
    }
    return Value.literal(values.toJava(node, path));
  }

  private Condition regex(JsonNode node, String path) {
    Value f = value(node.get("field"), field(path, "field"), false);
    String pattern =
        values.requiredString(node, path, "pattern", "a regular expression (RE2 syntax)");
    String flags = values.optionalString(node, path, "flags");
    return f == null || pattern == null ? null : new RegexCondition(f, pattern, flags);
  }

  private Condition time(JsonNode node, String path) {
    String op =
        values.requiredString(node, path, "operator", "before, after, between, weekday or weekend");
    String zone = values.optionalString(node, path, "timezone");
    if (op == null) {
      return null;
    }
    TimeCondition.Operator parsed = TimeCondition.Operator.ofJsonName(op).orElse(null);
    if (parsed == null) {
      List<String> names =
          Arrays.stream(TimeCondition.Operator.values())
              .map(TimeCondition.Operator::jsonName)
              .toList();
      violations.add(
          new Violation(
              field(path, "operator"),
              ConditionErrors.CONDITION_INVALID,
              "unknown time operator \""
                  + JsonValues.abbreviate(op)
                  + "\"; expected one of "
                  + String.join(", ", names),
              Suggestions.didYouMean(op, names).orElse("")));
      return null;
    }
    List<String> texts = timeValues(node.get("value"), field(path, "value"));
    return texts == null ? null : new TimeCondition(parsed, texts, zone);
  }

  /** {@code "18:00"}, {@code {"from": a, "to": b}}, {@code [a, b]} or {@code ["mon", "tue"]}. */
  private List<String> timeValues(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      values.unknownFields(node, path, "a time range", List.of("from", "to"));
      String from = values.requiredString(node, path, "from", "the start, such as \"09:00\"");
      String to = values.requiredString(node, path, "to", "the end, such as \"17:00\"");
      if (from == null || to == null) {
        return null;
      }
      return List.of(from, to);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode x = node.get(i);
        if (!x.isTextual()) {
          values.wrongType(index(path, i), "a string", x);
          return null;
        }
        out.add(x.textValue());
      }
      return out;
    }
    values.wrongType(
        path, "a time (\"18:00\"), a range {\"from\", \"to\"} or a list of days", node);
    return null;
  }

  private Condition media(JsonNode node, String path) {
    String property =
        values.requiredString(
            node, path, "property", "duration, size, format, resolution, codec, ...");
    Operator op = operator(node, path, "media condition");
    Value value = value(node.get("value"), field(path, "value"), false);
    Value file = value(node.get("file"), field(path, "file"), true);
    MediaProperty parsed =
        property == null ? null : MediaProperty.ofJsonName(property).orElse(null);
    if (property != null && parsed == null) {
      List<String> names =
          Arrays.stream(MediaProperty.values()).map(MediaProperty::jsonName).toList();
      violations.add(
          new Violation(
              field(path, "property"),
              ConditionErrors.CONDITION_INVALID,
              "unknown media property \""
                  + JsonValues.abbreviate(property)
                  + "\"; expected one of "
                  + String.join(", ", names),
              Suggestions.didYouMean(property, names).orElse("")));
    }
    if (parsed == null || op == null || value == null) {
      return null;
    }
    return new MediaCondition(parsed, op, value, file);
  }

  private Condition custom(JsonNode node, String path) {
    String name = values.requiredString(node, path, "name", "the custom condition type's name");
    JsonNode params = node.get("params");
    Map<String, Object> map = Map.of();
    if (!JsonValues.absent(params)) {
      if (!params.isObject()) {
        values.wrongType(field(path, "params"), "an object of parameters", params);
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> read = (Map<String, Object>) values.toJava(params, field(path, "params"));
      map = read;
    }
    return name == null ? null : new CustomCondition(name, map);
  }
}
