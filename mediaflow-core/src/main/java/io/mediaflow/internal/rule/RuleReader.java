package io.mediaflow.internal.rule;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.rule.LogLevel;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleAction;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.rule.Trigger;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.spec.JsonValues;
import io.mediaflow.internal.workflow.WorkflowReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the JSON form of a {@link Rule} (docs/rules.md) strictly, as the workflow reader reads
 * workflows: every problem of the document at once, each at its JSON path ({@code trigger.cron},
 * {@code actions[1].type}, {@code settings.priority}, {@code condition.conditions[0].op}).
 */
final class RuleReader {

  /** What a rule id may be: the documented characters, 1 to 128 of them. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final List<Violation> violations = new ArrayList<>();
  private final RuleValues values = new RuleValues(violations);
  private final RuleChecks checks;

  private RuleReader(RuleChecks checks) {
    this.checks = checks;
  }

  /**
   * The rule of a parsed document, and the problems found on the way.
   *
   * @param rule empty when any problem but an unknown field was found
   * @param problems every problem, in document order
   */
  record Reading(Optional<Rule> rule, List<Violation> problems) {}

  /** Reads {@code root}; never throws for its content. */
  static Reading read(JsonNode root, RuleChecks checks) {
    RuleReader reader = new RuleReader(checks);
    Rule rule = reader.document(root);
    boolean damaged = reader.violations.stream().anyMatch(v -> v.code() != ErrorCode.UNKNOWN_FIELD);
    return new Reading(
        damaged ? Optional.empty() : Optional.ofNullable(rule), List.copyOf(reader.violations));
  }

  private Rule document(JsonNode root) {
    if (!values.json.object(root, "", "a rule, a JSON object such as {\"id\": \"nightly\", ...}")) {
      return null;
    }
    values.checkFields(root, "", RuleObject.DOCUMENT);
    JsonNode schema = root.get("$schema");
    if (!JsonValues.absent(schema) && !schema.isTextual()) {
      values.json.wrongType("$schema", "a string (the schema's URL)", schema);
    }
    String id = id(root);
    String name = values.json.optionalString(root, "", "name");
    String description = values.json.optionalString(root, "", "description");
    boolean enabled = values.bool(root, "", "enabled", true);
    Trigger trigger = trigger(root.get("trigger"));
    Condition condition = condition(root.get("condition"));
    List<RuleAction> actions = actions(root.get("actions"));
    String workflow = values.json.optionalString(root, "", "workflow");
    checkTarget(root, actions, workflow);
    Map<String, Object> inputs = inputs(root.get("inputs"));
    RuleSettings settings = settings(root.get("settings"));
    if (id == null || trigger == null || actions == null || inputs == null || settings == null) {
      return null;
    }
    return new Rule(
        id,
        name,
        description,
        enabled,
        trigger,
        Optional.ofNullable(condition),
        actions,
        Optional.ofNullable(workflow),
        inputs,
        settings);
  }

  private String id(JsonNode root) {
    String id =
        values.json.requiredString(root, "", "id", "the rule's id, such as \"nightly-archive\"");
    if (id != null && !ID.matcher(id).matches()) {
      violations.add(
          new Violation(
              "id",
              ErrorCode.INVALID_VALUE,
              "\""
                  + JsonValues.abbreviate(id)
                  + "\" is not a rule id; expected 1 to 128 characters of A-Z a-z 0-9 . _ : -",
              "write a name such as \"nightly-archive\""));
      return null;
    }
    return id;
  }

  private Trigger trigger(JsonNode node) {
    if (node == null || node.isNull()) {
      values.json.missing(
          "trigger",
          "what makes the rule fire, such as {\"type\": \"schedule\", \"cron\": \"0 3 * * *\"}");
      return null;
    }
    return new TriggerReader(values, checks.cronProblem(), checks.folderProblems())
        .read(node, "trigger");
  }

  /**
   * The condition, read by the engine's condition reader; its paths put under {@code condition}.
   */
  private Condition condition(JsonNode node) {
    if (JsonValues.absent(node)) {
      return null;
    }
    if (!values.json.object(
        node,
        "condition",
        "a condition such as {\"left\": \"${trigger.size}\", \"op\": \"gt\", \"right\": 1000}")) {
      return null;
    }
    String text = node.toString();
    List<Violation> problems = checks.conditionProblems().apply(text);
    if (!problems.isEmpty()) {
      for (Violation v : problems) {
        violations.add(
            new Violation(under("condition", v.path()), v.code(), v.message(), v.suggestion()));
      }
      return null;
    }
    return checks.parseCondition().apply(text);
  }

  /** {@code path} of a nested document as a path of the rule: {@code condition.conditions[1]}. */
  static String under(String prefix, String path) {
    if (path.isEmpty()) {
      return prefix;
    }
    return path.startsWith("[") ? prefix + path : prefix + "." + path;
  }

  private List<RuleAction> actions(JsonNode node) {
    if (JsonValues.absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      values.json.wrongType(
          "actions", "an array of actions such as [{\"type\": \"media.convert\"}]", node);
      return null;
    }
    List<RuleAction> actions = new ArrayList<>();
    boolean broken = false;
    for (int i = 0; i < node.size(); i++) {
      RuleAction a = action(node.get(i), index("actions", i));
      broken |= a == null;
      if (a != null) {
        actions.add(a);
      }
    }
    return broken ? null : actions;
  }

  /**
   * {@code {"type": name, ...params}}, or {@code {"type": name, "params": {...}}} for parameters
   * named {@code type} or {@code params}.
   */
  private RuleAction action(JsonNode node, String path) {
    if (!values.json.object(
        node, path, "an action such as {\"type\": \"media.convert\", \"format\": \"mp3\"}")) {
      return null;
    }
    String type = values.json.requiredString(node, path, "type", "the action's name");
    Map<String, Object> params = new LinkedHashMap<>();
    JsonNode explicit = node.get("params");
    boolean ok = true;
    if (explicit != null) {
      values.checkFields(node, path, RuleObject.ACTION);
      if (!values.json.object(explicit, field(path, "params"), "an object of parameters")) {
        ok = false;
      } else {
        explicit.properties().forEach(e -> params.put(e.getKey(), param(e, field(path, "params"))));
      }
    } else {
      node.properties().stream()
          .filter(e -> !e.getKey().equals("type"))
          .forEach(e -> params.put(e.getKey(), param(e, path)));
    }
    if (type == null || !ok) {
      return null;
    }
    if (!checks.knownAction().test(type)) {
      violations.add(
          new Violation(
              field(path, "type"),
              WorkflowErrors.UNKNOWN_ACTION,
              "unknown action '" + JsonValues.abbreviate(type) + "'",
              "register it with MediaFlow.builder().action(...) or add its jar (a"
                  + " META-INF/services/io.mediaflow.api.action.Action entry)"));
      return null;
    }
    return new RuleAction(type, params);
  }

  private Object param(Map.Entry<String, JsonNode> e, String path) {
    return values.json.toJava(e.getValue(), field(path, e.getKey()));
  }

  /** Exactly one of inline actions and a workflow. */
  private void checkTarget(JsonNode root, List<RuleAction> actions, String workflow) {
    boolean hasActions = !JsonValues.absent(root.get("actions"));
    boolean hasWorkflow = !JsonValues.absent(root.get("workflow"));
    if (hasActions && hasWorkflow) {
      violations.add(
          new Violation(
              "workflow",
              RuleErrors.RULE_TARGET,
              "a rule runs inline actions or a workflow, but this one has both",
              "remove \"actions\", or remove \"workflow\" and \"inputs\""));
    } else if (!hasWorkflow && (!hasActions || (actions != null && actions.isEmpty()))) {
      violations.add(
          new Violation(
              hasActions ? "actions" : "",
              RuleErrors.RULE_TARGET,
              hasActions
                  ? "the rule's actions are empty, and it has no workflow"
                  : "the rule has neither \"actions\" nor \"workflow\"; it would run nothing",
              "add \"actions\": [{\"type\": \"media.convert\", ...}] or \"workflow\": \"<id>\""));
    } else if (hasWorkflow && workflow != null && workflow.isEmpty()) {
      violations.add(
          Violation.of(
              "workflow", ErrorCode.INVALID_VALUE, "the workflow id is empty; name a workflow"));
    }
  }

  private Map<String, Object> inputs(JsonNode node) {
    if (JsonValues.absent(node)) {
      return Map.of();
    }
    if (!node.isObject()) {
      values.json.wrongType("inputs", "an object of input names to values", node);
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) values.json.toJava(node, "inputs");
    return map;
  }

  private RuleSettings settings(JsonNode node) {
    if (JsonValues.absent(node)) {
      return RuleSettings.DEFAULTS;
    }
    String path = "settings";
    if (!values.json.object(node, path, "settings such as {\"priority\": 5}")) {
      return null;
    }
    values.checkFields(node, path, RuleObject.SETTINGS);
    RuleSettings d = RuleSettings.DEFAULTS;
    Integer priority =
        values.intIn(
            node,
            path,
            "priority",
            RuleSettings.MIN_PRIORITY,
            RuleSettings.MAX_PRIORITY,
            d.priority());
    Integer max =
        values.intIn(node, path, "maxConcurrent", 1, Integer.MAX_VALUE, d.maxConcurrent());
    OverlapPolicy overlap =
        values.constant(
            node, path, "overlap", OverlapPolicy.class, d.overlap(), "an overlap policy");
    Duration timeout = values.duration(node, path, "timeout", Duration.ofSeconds(1), null);
    boolean timeoutBroken = timeout == null && !JsonValues.absent(node.get("timeout"));
    RetryPolicy retry =
        WorkflowReader.retryPolicy(node.get("retryPolicy"), field(path, "retryPolicy"), violations);
    LogLevel level =
        values.constant(node, path, "logLevel", LogLevel.class, d.logLevel(), "a log level");
    if (priority == null
        || max == null
        || overlap == null
        || timeoutBroken
        || retry == null
        || level == null) {
      return null;
    }
    return new RuleSettings(
        priority,
        max,
        overlap,
        Optional.ofNullable(timeout),
        JsonValues.absent(node.get("retryPolicy")) ? Optional.empty() : Optional.of(retry),
        level);
  }
}
