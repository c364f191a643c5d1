package io.mediaflow.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.DelayNode;
import io.mediaflow.api.workflow.Edge;
import io.mediaflow.api.workflow.ErrorNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.MergeNode;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.NodeSettings;
import io.mediaflow.api.workflow.SwitchNode;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.condition.ConditionWriter;
import io.mediaflow.internal.spec.JobSpecWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Workflow} as the JSON {@link WorkflowReader} reads: pretty-printed, fields in the
 * order of {@link WorkflowObject}, fields with their default value left out ({@code version},
 * {@code id}, {@code nodes} and {@code edges} are always written).
 */
public final class WorkflowWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Violation> violations = new ArrayList<>();

  private WorkflowWriter() {}

  /**
   * The JSON text of {@code workflow}.
   *
   * @throws ValidationException with {@code WRONG_TYPE} at its path for each value (a parameter, a
   *     variable, a side of a comparison) that has no JSON form
   */
  public static String write(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    WorkflowWriter w = new WorkflowWriter();
    ObjectNode root = w.document(workflow);
    ValidationException.throwIfAny(w.violations);
    return JobSpecWriter.pretty(root);
  }

  private ObjectNode document(Workflow wf) {
    ObjectNode root = NODES.objectNode();
    root.put("version", wf.version());
    root.put("id", wf.id());
    putIfSet(root, "name", wf.name());
    putIfSet(root, "description", wf.description());
    putMap(root, "variables", wf.variables(), "variables");
    if (!wf.onError().equals(ErrorPolicy.ABORT)) {
      ObjectNode policy = root.putObject("onError");
      policy(policy, wf.onError(), "onError", false);
    }
    ArrayNode nodes = root.putArray("nodes");
    for (int i = 0; i < wf.nodes().size(); i++) {
      nodes.add(node(wf.nodes().get(i), "nodes[" + i + "]"));
    }
    ArrayNode edges = root.putArray("edges");
    for (Edge e : wf.edges()) {
      ObjectNode edge = edges.addObject().put("from", e.from()).put("to", e.to());
      if (!e.port().equals(Edge.NEXT)) {
        edge.put("port", e.port());
      }
    }
    return root;
  }

  private ObjectNode node(Node node, String path) {
    ObjectNode o = NODES.objectNode().put("id", node.id()).put("type", node.type());
    if (node instanceof TriggerNode t) {
      if (t.kind() != TriggerNode.Kind.MANUAL) {
        o.put("kind", t.kind().jsonName());
      }
      if (!t.rule().isEmpty()) {
        putMap(o, "rule", t.rule(), path + ".rule");
      }
    } else if (node instanceof ActionNode a) {
      action(o, a, path);
    } else if (node instanceof ConditionNode c) {
      o.set("if", new ConditionWriter(violations).write(c.test(), path + ".if"));
    } else if (node instanceof SwitchNode s) {
      o.put("switch", s.expression());
      ArrayNode cases = o.putArray("cases");
      s.cases().forEach(cases::add);
    } else if (node instanceof DelayNode d) {
      delay(o, d);
    } else if (node instanceof LoopNode l) {
      o.put("items", l.items()).put("as", l.as());
      if (l.maxItems() != LoopNode.ENGINE_DEFAULT) {
        o.put("maxItems", l.maxItems());
      }
      if (l.parallelism() != 1) {
        o.put("parallelism", l.parallelism());
      }
    } else if (node instanceof MergeNode m) {
      if (m.mode() == MergeNode.Mode.ANY) {
        o.put("mode", "any");
      } else if (m.mode() == MergeNode.Mode.COUNT) {
        o.putObject("mode").put("n", m.n());
      }
    } else if (node instanceof ErrorNode e) {
      policy(o, e.policy(), path, true);
    }
    // a parallel node has nothing but its id and type
    return o;
  }

  private void action(ObjectNode o, ActionNode a, String path) {
    o.put("action", a.action());
    putMap(o, "params", a.params(), path + ".params");
    NodeSettings s = a.settings();
    if (s.hasTimeout()) {
      o.put("timeout", Durations.format(s.timeout()));
    }
    if (!s.retry().equals(RetryPolicy.none())) {
      o.set("retry", retry(s.retry()));
    }
    if (!s.output().isEmpty()) {
      ObjectNode out = o.putObject("output");
      s.output().forEach(out::put);
    }
    putIfSet(o, "onError", s.onError());
  }

  private static void delay(ObjectNode o, DelayNode d) {
    if (d.waitFor() instanceof DelayNode.For f) {
      o.put("duration", Durations.format(f.duration()));
    } else if (d.waitFor() instanceof DelayNode.Until u) {
      o.put("until", u.instant().toString());
    } else if (d.waitFor() instanceof DelayNode.Signal s) {
      o.put("signal", s.name()).put("timeout", Durations.format(s.timeout()));
      putIfSet(o, "key", s.key());
    }
  }

  private void policy(ObjectNode o, ErrorPolicy p, String path, boolean alwaysThen) {
    if (!p.retry().equals(RetryPolicy.none())) {
      o.set("retry", retry(p.retry()));
    }
    if (alwaysThen || p.then() != ErrorPolicy.Then.ABORT) {
      o.put("then", p.then().jsonName());
    }
    putIfSet(o, "notify", p.notifyAction());
    putMap(o, "notifyParams", p.notifyParams(), path + ".notifyParams");
  }

  /**
   * The fields of a retry policy that differ from {@link RetryPolicy#ofDefaults()}, as {@link
   * WorkflowReader#retryPolicy} reads them (also for rules).
   */
  public static ObjectNode retry(RetryPolicy p) {
    if (p.kind() == RetryPolicy.Kind.DELAYS) {
      return delays(p);
    }
    RetryPolicy d = RetryPolicy.ofDefaults();
    ObjectNode o = NODES.objectNode();
    if (p.kind() != d.kind()) {
      o.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
    }
    if (p.maxAttempts() != d.maxAttempts()) {
      o.put("maxAttempts", p.maxAttempts());
    }
    if (!p.initialDelay().equals(d.initialDelay())) {
      o.put("initialDelay", Durations.format(p.initialDelay()));
    }
    if (!p.maxDelay().equals(d.maxDelay())) {
      o.put("maxDelay", Durations.format(p.maxDelay()));
    }
    if (p.multiplier() != d.multiplier()) {
      o.put("multiplier", p.multiplier());
    }
    if (p.jitter() != d.jitter()) {
      o.put("jitter", p.jitter());
    }
    return o;
  }

  /** A {@code DELAYS} policy: its delays, and what differs from what they imply. */
  private static ObjectNode delays(RetryPolicy p) {
    RetryPolicy implied = RetryPolicy.builder().delays(p.delays()).build();
    ObjectNode o = NODES.objectNode();
    ArrayNode list = o.putArray("delays");
    p.delays().forEach(d -> list.add(Durations.format(d)));
    if (p.maxAttempts() != implied.maxAttempts()) {
      o.put("maxAttempts", p.maxAttempts());
    }
    if (!p.maxDelay().equals(implied.maxDelay())) {
      o.put("maxDelay", Durations.format(p.maxDelay()));
    }
    if (p.jitter() != implied.jitter()) {
      o.put("jitter", p.jitter());
    }
    return o;
  }

  private void putMap(ObjectNode o, String name, Map<String, Object> map, String path) {
    if (!map.isEmpty()) {
      o.set(name, value(map, path));
    }
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
