package io.mediaflow.internal.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.EventTrigger;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.MisfirePolicy;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleAction;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.rule.ScheduleTrigger;
import io.mediaflow.api.rule.Trigger;
import io.mediaflow.internal.condition.ConditionWriter;
import io.mediaflow.internal.spec.JobSpecWriter;
import io.mediaflow.internal.spec.JsonPaths;
import io.mediaflow.internal.workflow.WorkflowWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Rule} as the JSON {@link RuleReader} reads: fields in the order of {@link
 * RuleObject}; {@code id}, {@code enabled} and {@code trigger} always, other fields only when they
 * differ from their default; durations in ISO-8601 ({@code PT5M}), exact to the nanosecond.
 */
final class RuleWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ZoneId UTC = ZoneId.of("UTC");

  private final List<Violation> violations = new ArrayList<>();

  private RuleWriter() {}

  /**
   * The JSON text of {@code rule}.
   *
   * @throws ValidationException with {@code WRONG_TYPE} at its path for each value (a parameter, an
   *     input, a side of a comparison) that has no JSON form
   */
  static String write(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    RuleWriter w = new RuleWriter();
    ObjectNode root = w.document(rule);
    ValidationException.throwIfAny(w.violations);
    return JobSpecWriter.pretty(root);
  }

  private ObjectNode document(Rule rule) {
    ObjectNode root = NODES.objectNode();
    root.put("id", rule.id());
    putIfSet(root, "name", rule.name());
    putIfSet(root, "description", rule.description());
    root.put("enabled", rule.enabled());
    root.set("trigger", trigger(rule.trigger()));
    rule.condition()
        .ifPresent(
            c -> root.set("condition", new ConditionWriter(violations).write(c, "condition")));
    if (!rule.actions().isEmpty()) {
      ArrayNode actions = root.putArray("actions");
      for (int i = 0; i < rule.actions().size(); i++) {
        actions.add(action(rule.actions().get(i), JsonPaths.index("actions", i)));
      }
    }
    rule.workflowId().ifPresent(w -> root.put("workflow", w));
    if (!rule.inputs().isEmpty()) {
      root.set("inputs", value(rule.inputs(), "inputs"));
    }
    if (!rule.settings().equals(RuleSettings.DEFAULTS)) {
      root.set("settings", settings(rule.settings()));
    }
    return root;
  }

  private static ObjectNode trigger(Trigger trigger) {
    ObjectNode o = NODES.objectNode().put("type", trigger.type());
    if (trigger instanceof EventTrigger e) {
      o.put("event", e.pattern());
      return o;
    }
    if (trigger instanceof FileTrigger f) {
      o.put("path", f.path());
      if (!f.glob().equals(FileTrigger.ANY_FILE)) {
        o.put("glob", f.glob());
      }
      if (f.recursive()) {
        o.put("recursive", true);
      }
      if (!f.debounce().equals(FileTrigger.DEFAULT_DEBOUNCE)) {
        o.put("debounce", f.debounce().toString());
      }
      if (!f.rescan().equals(FileTrigger.DEFAULT_RESCAN)) {
        o.put("rescan", f.rescan().toString());
      }
      return o;
    }
    if (trigger instanceof CronTrigger c) {
      o.put("cron", c.expression());
      if (c.syntax() != CronSyntax.UNIX) {
        o.put("syntax", RuleValues.jsonName(c.syntax()));
      }
      if (!c.zone().equals(UTC)) {
        o.put("timezone", c.zone().getId());
      }
    } else if (trigger instanceof IntervalTrigger i) {
      o.put("interval", i.every().toString());
      i.anchor().ifPresent(a -> o.put("startAt", a.toString()));
    } else if (trigger instanceof OnceTrigger once) {
      o.put("at", once.at().toString());
    }
    ScheduleTrigger s = (ScheduleTrigger) trigger;
    if (s.misfire() != MisfirePolicy.FIRE_ONCE) {
      o.put("misfire", RuleValues.jsonName(s.misfire()));
    }
    if (!s.catchUpWindow().equals(ScheduleTrigger.DEFAULT_CATCH_UP_WINDOW)) {
      o.put("catchUpWindow", s.catchUpWindow().toString());
    }
    return o;
  }

  /** Parameters beside the type, or under {@code params} when one is named like a field. */
  private ObjectNode action(RuleAction a, String path) {
    ObjectNode o = NODES.objectNode().put("type", a.type());
    Map<String, Object> params = a.params();
    if (params.containsKey("type") || params.containsKey("params")) {
      o.set("params", value(params, JsonPaths.field(path, "params")));
    } else {
      params.forEach((k, v) -> o.set(k, value(v, JsonPaths.field(path, k))));
    }
    return o;
  }

  private static ObjectNode settings(RuleSettings s) {
    RuleSettings d = RuleSettings.DEFAULTS;
    ObjectNode o = NODES.objectNode();
    if (s.priority() != d.priority()) {
      o.put("priority", s.priority());
    }
    if (s.maxConcurrent() != d.maxConcurrent()) {
      o.put("maxConcurrent", s.maxConcurrent());
    }
    if (s.overlap() != d.overlap()) {
      o.put("overlap", RuleValues.jsonName(s.overlap()));
    }
    s.timeout().ifPresent(t -> o.put("timeout", t.toString()));
    s.retry().ifPresent(r -> o.set("retryPolicy", WorkflowWriter.retry(r)));
    if (s.logLevel() != d.logLevel()) {
      o.put("logLevel", RuleValues.jsonName(s.logLevel()));
    }
    return o;
  }

  private JsonNode value(Object v, String path) {
    return JobSpecWriter.toJson(v, path, violations);
  }

  private static void putIfSet(ObjectNode o, String name, String value) {
    if (!value.isEmpty()) {
      o.put(name, value);
    }
  }
}
