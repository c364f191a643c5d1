package io.mediaflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.api.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule of a workflow whose trigger is a schedule or an event: checked with the workflow,
 * registered (or updated) under the workflow's id when the workflow is saved, removed with it.
 */
final class WorkflowRules {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Rules rules;

  WorkflowRules(Rules rules) {
    this.rules = rules;
  }

  /** The problems of the workflow's rule, at their paths in the workflow; empty for none. */
  List<Violation> check(Workflow w) {
    Optional<Located> t = trigger(w);
    if (t.isEmpty()) {
      return List.of();
    }
    String at = "nodes[" + t.get().index + "].rule";
    if (t.get().node.rule().isEmpty()) {
      return List.of(
          new Violation(
              at,
              ErrorCode.MISSING_FIELD,
              "a " + t.get().node.kind().jsonName() + " trigger needs its rule",
              "add \"rule\": {\"trigger\": {\"type\": \"schedule\", \"cron\": \"0 3 * * *\"}} (or"
                  + " an event trigger); docs/rules.md"));
    }
    Optional<RegisteredRule> other =
        rules.get(w.id()).filter(r -> !r.rule().workflowId().equals(Optional.of(w.id())));
    if (other.isPresent()) {
      return List.of(
          new Violation(
              at,
              io.mediaflow.api.rule.RuleErrors.RULE_CONFLICT,
              "rule '" + w.id() + "' exists and runs other work; the workflow's rule takes its id",
              "remove that rule (flow.rules().remove(\""
                  + w.id()
                  + "\")) or give the workflow"
                  + " another id"));
    }
    List<Violation> out = new ArrayList<>();
    for (Violation v : rules.validate(ruleJson(w, t.get().node))) {
      String path = v.path().startsWith("$") ? v.path().substring(1) : v.path();
      path = path.startsWith(".") ? path.substring(1) : path;
      out.add(
          new Violation(
              path.isEmpty() ? at : at + "." + path, v.code(), v.message(), v.suggestion()));
    }
    return out;
  }

  /** Registers or updates the workflow's rule, or removes one it no longer has. */
  void saved(Workflow w) {
    Optional<Located> t = trigger(w);
    if (t.isEmpty()) {
      removed(w.id()); // it had a schedule or event trigger before, perhaps
      return;
    }
    Optional<RegisteredRule> existing = own(w.id());
    String json = ruleJson(w, t.get().node);
    if (existing.isPresent()) {
      rules.update(json, existing.get().revision());
    } else {
      rules.register(json);
    }
  }

  /** Removes the workflow's rule, if it has one. */
  void removed(String workflowId) {
    try {
      if (own(workflowId).isPresent()) {
        rules.remove(workflowId);
      }
    } catch (UnsupportedOperationException noRules) {
      // a storage without rules has none to remove
    }
  }

  /** The rule of this id that runs this workflow (a rule of the same id for other work is not). */
  private Optional<RegisteredRule> own(String workflowId) {
    return rules
        .get(workflowId)
        .filter(r -> r.rule().workflowId().filter(workflowId::equals).isPresent());
  }

  private static String ruleJson(Workflow w, TriggerNode t) {
    Map<String, Object> rule = new LinkedHashMap<>(t.rule());
    rule.put("id", w.id());
    rule.putIfAbsent("name", w.name());
    rule.put("workflow", w.id());
    try {
      return JSON.writeValueAsString(rule);
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "the rule of workflow '" + w.id() + "' cannot be written: " + e.getOriginalMessage(),
          "give the trigger's rule plain JSON values");
    }
  }

  private static Optional<Located> trigger(Workflow w) {
    List<Node> nodes = w.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) instanceof TriggerNode t
          && (t.kind() == TriggerNode.Kind.SCHEDULE || t.kind() == TriggerNode.Kind.EVENT)) {
        return Optional.of(new Located(t, i));
      }
    }
    return Optional.empty();
  }

  private record Located(TriggerNode node, int index) {}
}
