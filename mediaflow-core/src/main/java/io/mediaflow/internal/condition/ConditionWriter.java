package io.mediaflow.internal.condition;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.And;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.CustomCondition;
import io.mediaflow.api.condition.MediaCondition;
import io.mediaflow.api.condition.Not;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.Or;
import io.mediaflow.api.condition.RegexCondition;
import io.mediaflow.api.condition.TimeCondition;
import io.mediaflow.api.condition.Value;
import io.mediaflow.internal.spec.JobSpecWriter;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Condition} as the JSON {@link ConditionReader} reads back equal: a comparison in
 * the short form {@code {"left", "op", "right"}}, every other kind as {@code {"type": ...}}.
 */
public final class ConditionWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Violation> violations;

  /** A writer adding a {@code WRONG_TYPE} problem for each value that has no JSON form. */
  public ConditionWriter(List<Violation> violations) {
    this.violations = violations;
  }

  /** The JSON of {@code c}; {@code path} places problems. */
  public ObjectNode write(Condition c, String path) {
    ObjectNode o = NODES.objectNode();
    if (c instanceof Comparison cmp) {
      o.set("left", value(cmp.left(), field(path, "left")));
      o.put("op", cmp.operator().jsonName());
      boolean defaultExists =
          cmp.operator() == Operator.EXISTS
              && cmp.right() instanceof Value.Literal l
              && Boolean.TRUE.equals(l.value());
      if (!defaultExists) {
        o.set("right", value(cmp.right(), field(path, "right")));
      }
      if (cmp.ignoreCase()) {
        o.put("ignoreCase", true);
      }
      return o;
    }
    o.put("type", c.type());
    if (c instanceof And a) {
      list(o, a.conditions(), path);
    } else if (c instanceof Or or) {
      list(o, or.conditions(), path);
    } else if (c instanceof Not n) {
      list(o, List.of(n.condition()), path);
    } else if (c instanceof RegexCondition r) {
      o.set("field", value(r.field(), field(path, "field")));
      o.put("pattern", r.pattern());
      if (!r.flags().isEmpty()) {
        o.put("flags", r.flags());
      }
    } else if (c instanceof TimeCondition t) {
      time(o, t);
    } else if (c instanceof MediaCondition m) {
      o.put("property", m.property().jsonName());
      o.put("operator", m.operator().jsonName());
      o.set("value", value(m.value(), field(path, "value")));
      if (m.file() != null) {
        o.set("file", value(m.file(), field(path, "file")));
      }
    } else if (c instanceof CustomCondition cc) {
      o.put("name", cc.name());
      if (!cc.params().isEmpty()) {
        o.set("params", JobSpecWriter.toJson(cc.params(), field(path, "params"), violations));
      }
    }
    return o;
  }

  private void list(ObjectNode o, List<Condition> conditions, String path) {
    ArrayNode a = o.putArray("conditions");
    for (int i = 0; i < conditions.size(); i++) {
      a.add(write(conditions.get(i), index(field(path, "conditions"), i)));
    }
  }

  private static void time(ObjectNode o, TimeCondition t) {
    o.put("operator", t.operator().jsonName());
    List<String> values = t.values();
    if (t.operator() == TimeCondition.Operator.BETWEEN && values.size() == 2) {
      o.putObject("value").put("from", values.get(0)).put("to", values.get(1));
    } else if (t.operator() == TimeCondition.Operator.WEEKDAY
        || t.operator() == TimeCondition.Operator.WEEKEND
        || values.size() != 1) {
      if (!values.isEmpty()) {
        ArrayNode a = o.putArray("value");
        values.forEach(a::add);
      }
    } else {
      o.put("value", values.get(0));
    }
    if (!t.timezone().equals(TimeCondition.DEFAULT_TIMEZONE)) {
      o.put("timezone", t.timezone());
    }
  }

  private JsonNode value(Value v, String path) {
    if (v instanceof Value.Template t) {
      return NODES.textNode(t.text());
    }
    if (v instanceof Value.Ref r) {
      ObjectNode o = NODES.objectNode().put("source", r.source());
      if (!r.path().isEmpty()) {
        o.put("path", r.path());
      }
      return o;
    }
    Object literal = ((Value.Literal) v).value();
    boolean bare =
        !(literal instanceof Map<?, ?>) && !(literal instanceof String s && Value.isTemplate(s));
    JsonNode json = JobSpecWriter.toJson(literal, path, violations);
    return bare ? json : NODES.objectNode().set("value", json);
  }
}
