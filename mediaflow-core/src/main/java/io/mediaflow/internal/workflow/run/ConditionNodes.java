package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.internal.condition.CompiledCheck;
import io.mediaflow.internal.condition.ConditionCompiler;
import io.mediaflow.internal.condition.ConditionOps;
import io.mediaflow.internal.condition.EvalContext;
import io.mediaflow.internal.workflow.run.Graph.Node;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs condition nodes: an {@code if} (any condition of {@code docs/conditions.md}) leaves by
 * {@code true} or {@code false}; a {@code switch} by the case its value equals (by the conditions'
 * coercion: {@code 1} matches the case {@code "1"}), else {@code default}. Conditions are compiled
 * once and cached by their JSON text, which a workflow revision fixes.
 */
final class ConditionNodes {

  /** How many compiled conditions an engine keeps. */
  static final int CACHE = 512;

  private final ConditionCompiler compiler;
  private final TemplateResolver templates;
  private final NodeStatuses statuses;

  private final Map<String, CompiledCheck> compiled =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledCheck> eldest) {
              return size() > CACHE;
            }
          });

  ConditionNodes(ConditionCompiler compiler, TemplateResolver templates, NodeStatuses statuses) {
    this.compiler = compiler;
    this.templates = templates;
    this.statuses = statuses;
  }

  List<String> run(Run run, Node n) {
    statuses.begin(run, n.id());
    String where = RunErrors.where(run, n.id());
    Map<String, Object> scope = run.scope();
    String port;
    if (n.get("if").isObject()) {
      try {
        port = check(n.get("if")).test(new RunContext(run, scope)) ? "true" : "false";
      } catch (MediaFlowException e) {
        throw ConditionOps.placed(e, where);
      }
    } else if (n.get("switch").isTextual()) {
      Object value = templates.resolve(n.get("switch").asText(), scope, where + " switch");
      port = "default";
      for (JsonNode c : n.get("cases")) {
        if (ConditionOps.equal(value, Graph.plain(c))) {
          port = c.asText();
          break;
        }
      }
    } else {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.CONDITION_INVALID,
          "a condition needs \"if\" (a condition) or \"switch\" with \"cases\"",
          "validate the workflow before running it");
    }
    run.state().outputs.put(n.id(), Map.of("port", port));
    statuses.completed(run, n.id(), "took " + port, Map.of("port", port));
    return n.targets(port);
  }

  private CompiledCheck check(JsonNode json) {
    String key = json.toString();
    CompiledCheck c = compiled.get(key);
    if (c == null) {
      try {
        c = compiler.compile(ConditionOps.read(json, "if"), "if");
      } catch (ValidationException e) {
        throw new MediaFlowException(
            ConditionErrors.CONDITION_INVALID,
            "the condition cannot be compiled: " + e.getMessage(),
            "validate the workflow before running it",
            false,
            e);
      }
      compiled.put(key, c);
    }
    return c;
  }

  /** What a condition of a run reads: the run's scope, its media probed once, its templates. */
  private final class RunContext implements EvalContext {
    private final Run run;
    private final Map<String, Object> scope;

    RunContext(Run run, Map<String, Object> scope) {
      this.run = run;
      this.scope = scope;
    }

    @Override
    public Object root(String source) {
      return scope.get("event".equals(source) ? "trigger" : source);
    }

    @Override
    public Clock clock() {
      return run.ctx().clock();
    }

    @Override
    public MediaInfo media(String file) {
      return run.media().of(file);
    }

    @Override
    public Object render(String template) {
      return templates.resolve(template, scope, "condition template");
    }
  }
}
