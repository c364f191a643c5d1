package io.mediaflow.api.workflow;

import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow definition: a graph of {@link Node nodes} joined by {@link Edge edges}, entered at its
 * one {@link TriggerNode trigger}.
 *
 * <p>Build one in Java, or read the JSON form with core's {@code WorkflowJson}; both give the same
 * record. Construction checks only that no field is null; validation (core's {@code
 * WorkflowJson.validate} or registering the workflow) reports every problem with its JSON path,
 * such as {@code nodes[3].params.url} or {@code edges[5].to}.
 *
 * {@snippet :
 * Workflow archive = Workflow.builder("archive")
 *     .name("Archive")
 *     .variable("quality", "best")
 *     .trigger("start")
 *     .action("dl", "download.url")
 *         .param("url", "${trigger.url}")
 *         .timeout(Duration.ofMinutes(30))
 *         .output("file", "path")
 *         .onError("failed")
 *     .condition("big", "${nodes.dl.output.size}", Operator.GT, 1_000_000)
 *     .action("small", "media.convert").param("input", "${vars.file}")
 *     .action("large", "media.convert").param("input", "${vars.file}").param("crf", 28)
 *     .error("failed", ErrorPolicy.skip())
 *     .chain("start", "dl", "big")
 *     .edge("big", "large", ConditionNode.TRUE)
 *     .edge("big", "small", ConditionNode.FALSE)
 *     .build();
 * }
 *
 * @param version format version; {@link #CURRENT_VERSION} is the newest this library reads
 * @param id the workflow's id, chosen by the host
 * @param name for people; may be empty
 * @param description for people; may be empty
 * @param variables initial workflow variables, {@code ${vars.<name>}} in templates
 * @param onError what happens when a node without its own error node fails; {@link
 *     ErrorPolicy#ABORT} by default
 * @param nodes the nodes, in document order
 * @param edges the edges, in document order
 */
public record Workflow(
    int version,
    String id,
    String name,
    String description,
    Map<String, Object> variables,
    ErrorPolicy onError,
    List<Node> nodes,
    List<Edge> edges) {

  /** The newest JSON format version this library understands. */
  public static final int CURRENT_VERSION = 1;

  public Workflow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    // keep the caller's order; values may be null
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    Objects.requireNonNull(onError, "onError");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A builder for a workflow of the {@link #CURRENT_VERSION current version}. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The first node with this id, if any. */
  public Optional<Node> node(String nodeId) {
    return nodes.stream().filter(n -> n.id().equals(nodeId)).findFirst();
  }

  /** The edges that leave the node with this id, in document order. */
  public List<Edge> edgesFrom(String nodeId) {
    return edges.stream().filter(e -> e.from().equals(nodeId)).toList();
  }

  /**
   * A fluent way to write a workflow. {@link #action} starts a step whose own methods set that
   * node's parameters and settings; adding another node or an edge, or {@link #build()}, ends it.
   * Set the workflow's name, variables and error policy before the first action.
   */
  public static final class Builder {
    private int version = CURRENT_VERSION;
    private final String id;
    private String name = "";
    private String description = "";
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private ErrorPolicy onError = ErrorPolicy.ABORT;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private ActionStep pending;

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** The format version written in the workflow; default {@link #CURRENT_VERSION}. */
    public Builder version(int value) {
      addPending();
      version = value;
      return this;
    }

    /** The name for people. */
    public Builder name(String value) {
      addPending();
      name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** The description for people. */
    public Builder description(String value) {
      addPending();
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    /**
     * An initial variable, {@code ${vars.<name>}}: a string, number, boolean, list or map.
     *
     * @throws IllegalStateException when {@code name} was already set
     */
    public Builder variable(String name, Object value) {
      addPending();
      Objects.requireNonNull(name, "name");
      if (variables.containsKey(name)) {
        throw new IllegalStateException(
            "variable '" + name + "' was already set to " + variables.get(name));
      }
      variables.put(name, value);
      return this;
    }

    /** The workflow's error policy; default {@link ErrorPolicy#ABORT}. */
    public Builder onError(ErrorPolicy policy) {
      addPending();
      onError = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a node made elsewhere. */
    public Builder node(Node node) {
      addPending();
      nodes.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    /** Adds a manual trigger. */
    public Builder trigger(String nodeId) {
      return node(TriggerNode.manual(nodeId));
    }

    /**
     * Starts an action node: set its parameters and settings with the step's methods.
     *
     * @param nodeId the node's id
     * @param action the action's name, such as {@code media.convert}
     */
    public ActionStep action(String nodeId, String action) {
      addPending();
      ActionStep step =
          new ActionStep(
              this,
              Objects.requireNonNull(nodeId, "nodeId"),
              Objects.requireNonNull(action, "action"));
      pending = step;
      return step;
    }

    /** Adds an if/else node testing {@code left op right}. */
    public Builder condition(String nodeId, Object left, Operator op, Object right) {
      return node(new ConditionNode(nodeId, Comparison.of(left, op, right)));
    }

    /** Adds an if/else node testing {@code test}, built with {@link Condition}'s factories. */
    public Builder condition(String nodeId, Condition test) {
      return node(new ConditionNode(nodeId, test));
    }

    /** Adds a switch over {@code expression} with a port for each case (and {@code default}). */
    public Builder switchOn(String nodeId, String expression, String... cases) {
      return node(new SwitchNode(nodeId, expression, List.of(cases)));
    }

    /** Adds a delay of a fixed time. */
    public Builder delay(String nodeId, Duration duration) {
      return node(new DelayNode(nodeId, new DelayNode.For(duration)));
    }

    /** Adds a delay until an instant. */
    public Builder delayUntil(String nodeId, Instant instant) {
      return node(new DelayNode(nodeId, new DelayNode.Until(instant)));
    }

    /** Adds a wait for a signal, at most {@code timeout}, reached by the run's job id. */
    public Builder awaitSignal(String nodeId, String signal, Duration timeout) {
      return awaitSignal(nodeId, signal, timeout, "");
    }

    /**
     * Adds a wait for a signal, at most {@code timeout}, reached by the correlation {@code key}.
     */
    public Builder awaitSignal(String nodeId, String signal, Duration timeout, String key) {
      return node(new DelayNode(nodeId, new DelayNode.Signal(signal, timeout, key)));
    }

    /** Adds a loop over {@code items}, one item at a time, bounded by the engine's default. */
    public Builder loop(String nodeId, String items, String as) {
      return node(LoopNode.of(nodeId, items, as));
    }

    /** Adds a loop over {@code items}, at most {@code maxItems}, {@code parallelism} at once. */
    public Builder loop(String nodeId, String items, String as, int maxItems, int parallelism) {
      return node(new LoopNode(nodeId, items, as, maxItems, parallelism));
    }

    /** Adds a parallel node: each of its edges starts a branch. */
    public Builder parallel(String nodeId) {
      return node(new ParallelNode(nodeId));
    }

    /** Adds a merge that waits for every branch. */
    public Builder merge(String nodeId) {
      return node(MergeNode.all(nodeId));
    }

    /** Adds an error node. */
    public Builder error(String nodeId, ErrorPolicy policy) {
      return node(new ErrorNode(nodeId, policy));
    }

    /** Adds an edge from the {@code next} port of {@code from} to {@code to}. */
    public Builder edge(String from, String to) {
      return edge(from, to, Edge.NEXT);
    }

    /** Adds an edge from the port {@code port} of {@code from} to {@code to}. */
    public Builder edge(String from, String to, String port) {
      addPending();
      edges.add(new Edge(from, to, port));
      return this;
    }

    /** Adds {@code next} edges joining the nodes one after the other: a → b, b → c, …. */
    public Builder chain(String... nodeIds) {
      for (int i = 1; i < nodeIds.length; i++) {
        edge(nodeIds[i - 1], nodeIds[i]);
      }
      return this;
    }

    /** The workflow. */
    public Workflow build() {
      addPending();
      return new Workflow(version, id, name, description, variables, onError, nodes, edges);
    }

    private void addPending() {
      ActionStep step = pending;
      if (step != null) {
        pending = null;
        step.added = true;
        nodes.add(new ActionNode(step.nodeId, step.action, step.params, step.settings));
      }
    }
  }

  /**
   * An action node being written: its parameters and settings. Adding another node or an edge, or
   * {@link #build()}, ends it.
   */
  public static final class ActionStep {
    private final Builder builder;
    private final String nodeId;
    private final String action;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private NodeSettings settings = NodeSettings.DEFAULT;
    private boolean added;

    private ActionStep(Builder builder, String nodeId, String action) {
      this.builder = builder;
      this.nodeId = nodeId;
      this.action = action;
    }

    /**
     * One parameter: a literal (string, number, boolean, list or map) or a template such as {@code
     * ${trigger.path}}.
     *
     * @throws IllegalStateException when {@code name} was already set
     */
    public ActionStep param(String name, Object value) {
      checkOpen();
      Objects.requireNonNull(name, "name");
      if (params.containsKey(name)) {
        throw new IllegalStateException(
            "param '"
                + name
                + "' of action node '"
                + nodeId
                + "' was already set to "
                + params.get(name)
                + "; set each parameter once");
      }
      params.put(name, value);
      return this;
    }

    /** Several parameters, in the map's order; as {@link #param} for each. */
    public ActionStep params(Map<String, ?> values) {
      Objects.requireNonNull(values, "values").forEach(this::param);
      return this;
    }

    /** The longest one attempt may take. */
    public ActionStep timeout(Duration value) {
      checkOpen();
      settings = settings.withTimeout(Objects.requireNonNull(value, "timeout"));
      return this;
    }

    /** Retries of the node before its error handling starts. */
    public ActionStep retry(RetryPolicy value) {
      checkOpen();
      settings = settings.withRetry(Objects.requireNonNull(value, "retry"));
      return this;
    }

    /** Makes the action's output {@code outputName} the workflow variable {@code var}. */
    public ActionStep output(String var, String outputName) {
      checkOpen();
      settings = settings.withOutput(var, outputName);
      return this;
    }

    /** The id of the {@link ErrorNode} that handles this node's failure. */
    public ActionStep onError(String errorNodeId) {
      checkOpen();
      settings = settings.withOnError(Objects.requireNonNull(errorNodeId, "errorNodeId"));
      return this;
    }

    /** Ends this node; see {@link Builder#node}. */
    public Builder node(Node node) {
      return builder.node(node);
    }

    /** Ends this node; see {@link Builder#trigger}. */
    public Builder trigger(String id) {
      return builder.trigger(id);
    }

    /** Ends this node; see {@link Builder#action}. */
    public ActionStep action(String id, String actionName) {
      return builder.action(id, actionName);
    }

    /** Ends this node; see {@link Builder#condition}. */
    public Builder condition(String id, Object left, Operator op, Object right) {
      return builder.condition(id, left, op, right);
    }

    /** Ends this node; see {@link Builder#condition(String, Condition)}. */
    public Builder condition(String id, Condition test) {
      return builder.condition(id, test);
    }

    /** Ends this node; see {@link Builder#switchOn}. */
    public Builder switchOn(String id, String expression, String... cases) {
      return builder.switchOn(id, expression, cases);
    }

    /** Ends this node; see {@link Builder#delay}. */
    public Builder delay(String id, Duration duration) {
      return builder.delay(id, duration);
    }

    /** Ends this node; see {@link Builder#delayUntil}. */
    public Builder delayUntil(String id, Instant instant) {
      return builder.delayUntil(id, instant);
    }

    /** Ends this node; see {@link Builder#awaitSignal(String, String, Duration)}. */
    public Builder awaitSignal(String id, String signal, Duration timeout) {
      return builder.awaitSignal(id, signal, timeout);
    }

    /** Ends this node; see {@link Builder#awaitSignal(String, String, Duration, String)}. */
    public Builder awaitSignal(String id, String signal, Duration timeout, String key) {
      return builder.awaitSignal(id, signal, timeout, key);
    }

    /** Ends this node; see {@link Builder#loop(String, String, String)}. */
    public Builder loop(String id, String items, String as) {
      return builder.loop(id, items, as);
    }

    /** Ends this node; see {@link Builder#loop(String, String, String, int, int)}. */
    public Builder loop(String id, String items, String as, int maxItems, int parallelism) {
      return builder.loop(id, items, as, maxItems, parallelism);
    }

    /** Ends this node; see {@link Builder#parallel}. */
    public Builder parallel(String id) {
      return builder.parallel(id);
    }

    /** Ends this node; see {@link Builder#merge}. */
    public Builder merge(String id) {
      return builder.merge(id);
    }

    /** Ends this node; see {@link Builder#error}. */
    public Builder error(String id, ErrorPolicy policy) {
      return builder.error(id, policy);
    }

    /** Ends this node; see {@link Builder#edge(String, String)}. */
    public Builder edge(String from, String to) {
      return builder.edge(from, to);
    }

    /** Ends this node; see {@link Builder#edge(String, String, String)}. */
    public Builder edge(String from, String to, String port) {
      return builder.edge(from, to, port);
    }

    /** Ends this node; see {@link Builder#chain}. */
    public Builder chain(String... nodeIds) {
      return builder.chain(nodeIds);
    }

    /** Ends this node; see {@link Builder#build}. */
    public Workflow build() {
      return builder.build();
    }

    private void checkOpen() {
      if (added) {
        throw new IllegalStateException(
            "action node '"
                + nodeId
                + "' is already part of the workflow: set its parameters and settings before the"
                + " next node, edge or build()");
      }
    }
  }
}
