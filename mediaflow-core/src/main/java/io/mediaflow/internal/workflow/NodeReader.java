package io.mediaflow.internal.workflow;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.DelayNode;
import io.mediaflow.api.workflow.ErrorNode;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.MergeNode;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.NodeSettings;
import io.mediaflow.api.workflow.ParallelNode;
import io.mediaflow.api.workflow.SwitchNode;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.condition.ConditionReader;
import io.mediaflow.internal.spec.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the node objects of a workflow document, one type at a time, for {@link WorkflowReader}.
 */
final class NodeReader {

  /** The most a loop's parallelism may be in the document. */
  static final int MAX_PARALLELISM = 1000;

  private final WorkflowReader r;
  private final List<Violation> violations;
  private final JsonValues values;

  NodeReader(WorkflowReader reader) {
    this.r = reader;
    this.violations = reader.violations;
    this.values = reader.values;
  }

  /** The node at {@code path}; null (with the problems reported) when it cannot be read. */
  Node node(JsonNode node, String path) {
    if (!values.object(
        node, path, "a node object such as {\"id\": \"start\", \"type\": \"trigger\"}")) {
      return null;
    }
    String type =
        values.requiredString(
            node,
            path,
            "type",
            "the node's type: " + String.join(", ", WorkflowObject.nodeTypes()));
    String id = values.requiredString(node, path, "id", "the node's id, such as \"download\"");
    if (type == null) {
      return null;
    }
    WorkflowObject object = WorkflowObject.ofNodeType(type).orElse(null);
    if (object == null) {
      violations.add(
          new Violation(
              field(path, "type"),
              ErrorCode.INVALID_VALUE,
              "unknown node type \""
                  + JsonValues.abbreviate(type)
                  + "\"; expected one of "
                  + String.join(", ", WorkflowObject.nodeTypes()),
              Suggestions.didYouMean(type, WorkflowObject.nodeTypes()).orElse("")));
      return null;
    }
    r.checkFields(node, path, object);
    if (id == null) {
      return null;
    }
    return switch (object) {
      case TRIGGER -> trigger(node, path, id);
      case ACTION -> action(node, path, id);
      case CONDITION -> condition(node, path, id);
      case DELAY -> delay(node, path, id);
      case LOOP -> loop(node, path, id);
      case PARALLEL -> new ParallelNode(id);
      case MERGE -> merge(node, path, id);
      case ERROR -> new ErrorNode(id, r.errorPolicy(node, path, true));
      default -> throw new IllegalStateException("not a node object: " + object);
    };
  }

  private Node trigger(JsonNode node, String path, String id) {
    String kind = r.optionalString(node, path, "kind");
    if (kind.isEmpty()) {
      return TriggerNode.manual(id);
    }
    List<String> names = new ArrayList<>();
    for (TriggerNode.Kind k : TriggerNode.Kind.values()) {
      names.add(k.jsonName());
    }
    Map<String, Object> rule =
        node.has("rule") ? r.object(node, path, "rule", "the rule of the trigger") : Map.of();
    return r.oneOf(kind, names, field(path, "kind"), "a trigger kind")
        .map(
            n ->
                new TriggerNode(
                    id,
                    TriggerNode.Kind.valueOf(n.toUpperCase(Locale.ROOT)),
                    rule == null ? Map.of() : rule))
        .orElse(null);
  }

  private Node action(JsonNode node, String path, String id) {
    String action =
        values.requiredString(node, path, "action", "the action's name, such as \"media.convert\"");
    Map<String, Object> params =
        r.object(node, path, "params", "an object of parameter names to values");
    Duration timeout = r.duration(node, path, "timeout", Duration.ZERO);
    RetryPolicy retry = r.retry(node.get("retry"), field(path, "retry"));
    Map<String, String> output = output(node.get("output"), field(path, "output"));
    String onError = r.optionalString(node, path, "onError");
    if (action == null || timeout == null || retry == null || output == null) {
      return null;
    }
    return new ActionNode(id, action, params, new NodeSettings(timeout, retry, output, onError));
  }

  private Map<String, String> output(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      return Map.of();
    }
    if (!values.object(
        node, path, "an object of variable names to output names, such as {\"file\": \"path\"}")) {
      return null;
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isTextual()) {
        mapping.put(e.getKey(), e.getValue().textValue());
      } else {
        values.wrongType(
            field(path, e.getKey()),
            "a string: the name of one of the action's outputs",
            e.getValue());
      }
    }
    return mapping;
  }

  private Node condition(JsonNode node, String path, String id) {
    JsonNode test = node.get("if");
    JsonNode on = node.get("switch");
    boolean hasIf = !JsonValues.absent(test);
    boolean hasSwitch = !JsonValues.absent(on);
    if (hasIf == hasSwitch) {
      violations.add(
          new Violation(
              path,
              hasIf ? ErrorCode.INVALID_VALUE : ErrorCode.MISSING_FIELD,
              hasIf
                  ? "a condition has either \"if\" or \"switch\", not both"
                  : "a condition needs \"if\" (a comparison) or \"switch\" (with \"cases\")",
              "write {\"if\": {\"left\": ..., \"op\": \"eq\", \"right\": ...}} or {\"switch\":"
                  + " \"${trigger.kind}\", \"cases\": [\"a\", \"b\"]}"));
      return null;
    }
    if (hasIf) {
      if (!JsonValues.absent(node.get("cases"))) {
        violations.add(
            new Violation(
                field(path, "cases"),
                ErrorCode.INVALID_VALUE,
                "\"cases\" belongs to a switch; an \"if\" condition has the ports true and false",
                "remove \"cases\", or use \"switch\" instead of \"if\""));
        return null;
      }
      // the whole condition language: docs/conditions.md
      Condition c = new ConditionReader(violations).read(test, field(path, "if"));
      return c == null ? null : new ConditionNode(id, c);
    }
    String where = field(path, "switch");
    if (!on.isTextual()) {
      values.wrongType(where, "a string: the value switched on, such as \"${trigger.kind}\"", on);
      return null;
    }
    List<String> cases = cases(node.get("cases"), field(path, "cases"));
    return cases == null ? null : new SwitchNode(id, on.textValue(), cases);
  }

  private List<String> cases(JsonNode node, String path) {
    if (JsonValues.absent(node)) {
      values.missing(path, "the values with a port each, such as [\"movie\", \"episode\"]");
      return null;
    }
    if (!node.isArray()) {
      values.wrongType(path, "an array of strings", node);
      return null;
    }
    List<String> cases = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode c = node.get(i);
      if (c.isTextual()) {
        cases.add(c.textValue());
      } else {
        values.wrongType(index(path, i), "a string", c);
        ok = false;
      }
    }
    return ok ? cases : null;
  }

  private Node delay(JsonNode node, String path, String id) {
    List<String> given = new ArrayList<>();
    for (String f : List.of("duration", "until", "signal")) {
      if (!JsonValues.absent(node.get(f))) {
        given.add(f);
      }
    }
    if (given.size() != 1) {
      violations.add(
          new Violation(
              path,
              given.isEmpty() ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_VALUE,
              given.isEmpty()
                  ? "a delay needs one of \"duration\", \"until\" or \"signal\""
                  : "a delay waits for one thing but has " + String.join(" and ", given),
              "keep one of duration (\"1h\"), until (\"2026-12-24T00:00:00Z\") or signal"
                  + " (with a timeout)"));
      return null;
    }
    String kind = given.get(0);
    if (!kind.equals("signal")) {
      for (String f : List.of("timeout", "key")) {
        if (!JsonValues.absent(node.get(f))) {
          violations.add(
              new Violation(
                  field(path, f),
                  ErrorCode.INVALID_VALUE,
                  "\"" + f + "\" belongs to a delay that waits for a signal, not for " + kind,
                  "remove \"" + f + "\""));
          return null;
        }
      }
    }
    switch (kind) {
      case "duration" -> {
        Duration d = r.duration(node, path, "duration", null);
        return d == null ? null : new DelayNode(id, new DelayNode.For(d));
      }
      case "until" -> {
        Instant at = r.instant(node, path, "until");
        return at == null ? null : new DelayNode(id, new DelayNode.Until(at));
      }
      default -> {
        JsonNode signal = node.get("signal");
        if (!signal.isTextual()) {
          values.wrongType(field(path, "signal"), "a string: the signal's name", signal);
          return null;
        }
        if (JsonValues.absent(node.get("timeout"))) {
          values.missing(field(path, "timeout"), "the longest wait for the signal, such as \"3d\"");
          return null;
        }
        Duration timeout = r.duration(node, path, "timeout", null);
        String key = r.optionalString(node, path, "key");
        return timeout == null
            ? null
            : new DelayNode(id, new DelayNode.Signal(signal.textValue(), timeout, key));
      }
    }
  }

  private Node loop(JsonNode node, String path, String id) {
    String items =
        values.requiredString(
            node,
            path,
            "items",
            "a template that gives a list, such as \"${nodes.list.output.files}\"");
    String as = values.requiredString(node, path, "as", "the item's name, such as \"file\"");
    int maxItems = r.intIn(node, path, "maxItems", 1, Integer.MAX_VALUE, LoopNode.ENGINE_DEFAULT);
    int parallelism = r.intIn(node, path, "parallelism", 1, MAX_PARALLELISM, 1);
    return items == null || as == null ? null : new LoopNode(id, items, as, maxItems, parallelism);
  }

  private Node merge(JsonNode node, String path, String id) {
    JsonNode mode = node.get("mode");
    String where = field(path, "mode");
    if (JsonValues.absent(mode)) {
      return MergeNode.all(id);
    }
    if (mode.isTextual()) {
      return r.oneOf(mode.textValue(), List.of("all", "any"), where, "a merge mode")
          .map(m -> m.equals("all") ? MergeNode.all(id) : MergeNode.any(id))
          .orElse(null);
    }
    if (!mode.isObject()) {
      values.wrongType(where, "\"all\", \"any\" or {\"n\": 2}", mode);
      return null;
    }
    r.checkFields(mode, where, WorkflowObject.MERGE_COUNT);
    if (mode.get("n") == null) {
      values.missing(field(where, "n"), "how many branches to wait for, such as 2");
      return null;
    }
    int before = r.damage();
    int n = r.intIn(mode, where, "n", 1, Integer.MAX_VALUE, 1);
    return r.damage() != before ? null : MergeNode.count(id, n);
  }
}
