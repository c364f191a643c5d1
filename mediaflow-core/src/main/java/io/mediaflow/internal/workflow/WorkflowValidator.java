package io.mediaflow.internal.workflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.DelayNode;
import io.mediaflow.api.workflow.ErrorNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.SwitchNode;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.condition.ConditionCompiler;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.template.Templates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks what a {@link Workflow} means, before it is stored or run: its ids, its nodes' settings,
 * its graph ({@link GraphChecks}) and its actions' parameters ({@link ActionParams}). Every problem
 * is reported, each with its JSON path ({@code nodes[3].params.url}, {@code edges[5].to}), a code
 * and a suggestion, in document order of the part checked.
 */
public final class WorkflowValidator {

  /** A workflow's id: what hosts and stores name it by. */
  static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** A node's id, a variable's or a loop item's name: a word templates can name. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /**
   * The configured bounds validation holds workflows to.
   *
   * @param maxNodes the most nodes a workflow may have
   * @param maxLoopItems the largest {@code maxItems} a loop may ask for
   */
  public record Limits(int maxNodes, int maxLoopItems) {

    /** 10,000 nodes, loops of at most 100,000 items. */
    public static final Limits DEFAULTS = new Limits(10_000, 100_000);

    public Limits {
      if (maxNodes < 1 || maxLoopItems < 1) {
        throw new IllegalArgumentException(
            "limits must be at least 1 but were "
                + maxNodes
                + " nodes, "
                + maxLoopItems
                + " items");
      }
    }
  }

  private final Function<String, Optional<Action>> actions;
  private final PathResolver paths;
  private final Limits limits;
  private final ConditionCompiler conditions;

  /**
   * @param actions finds an action by name
   * @param paths the rule for files action parameters name
   * @param limits the configured bounds
   */
  public WorkflowValidator(
      Function<String, Optional<Action>> actions, PathResolver paths, Limits limits) {
    this(
        actions,
        paths,
        limits,
        ConditionTypes.load(List.of(), WorkflowValidator.class.getClassLoader()));
  }

  /**
   * @param actions finds an action by name
   * @param paths the rule for files action parameters name
   * @param limits the configured bounds
   * @param conditionTypes the custom condition types conditions may name
   */
  public WorkflowValidator(
      Function<String, Optional<Action>> actions,
      PathResolver paths,
      Limits limits,
      ConditionTypes conditionTypes) {
    this.actions = Objects.requireNonNull(actions, "actions");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.conditions = new ConditionCompiler(conditionTypes);
  }

  /** Every problem of {@code workflow}'s meaning; empty when it may be stored and run. */
  public List<Violation> validate(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    List<Violation> out = new ArrayList<>();
    if (!WORKFLOW_ID.matcher(workflow.id()).matches()) {
      out.add(
          new Violation(
              "id",
              ErrorCode.INVALID_VALUE,
              "workflow id \"" + workflow.id() + "\" is not allowed",
              "use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    for (String var : workflow.variables().keySet()) {
      checkName(out, "variables." + var, var, "variable name");
    }
    if (workflow.nodes().size() > limits.maxNodes()) {
      out.add(
          new Violation(
              "nodes",
              ErrorCode.OUT_OF_RANGE,
              "the workflow has "
                  + workflow.nodes().size()
                  + " nodes; at most "
                  + limits.maxNodes()
                  + " are allowed",
              "split it into workflows that start each other"));
      return out;
    }
    Map<String, Integer> index = ids(workflow, out);
    ActionParams params = new ActionParams(actions, paths);
    policy(out, workflow.onError(), "onError", false, params);
    for (int i = 0; i < workflow.nodes().size(); i++) {
      node(out, workflow, workflow.nodes().get(i), "nodes[" + i + "]", index, params);
    }
    new GraphChecks(workflow, index, out).check();
    return out;
  }

  /** The index of each node id (its first node), reporting bad and duplicate ids. */
  private static Map<String, Integer> ids(Workflow wf, List<Violation> out) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < wf.nodes().size(); i++) {
      String id = wf.nodes().get(i).id();
      String path = "nodes[" + i + "].id";
      checkName(out, path, id, "node id");
      Integer first = index.putIfAbsent(id, i);
      if (first != null) {
        out.add(
            new Violation(
                path,
                ErrorCode.DUPLICATE_ID,
                "node id \"" + id + "\" is already used by nodes[" + first + "]",
                "give each node an id of its own"));
      }
    }
    return index;
  }

  private void node(
      List<Violation> out,
      Workflow wf,
      Node node,
      String path,
      Map<String, Integer> index,
      ActionParams params) {
    if (node instanceof ActionNode a) {
      params.check(out, a, path);
      String target = a.settings().onError();
      if (!target.isEmpty()) {
        errorTarget(out, wf, target, path + ".onError", index);
      }
      for (String var : a.settings().output().keySet()) {
        checkName(out, path + ".output." + var, var, "variable name");
      }
      if (a.settings().timeout().isNegative()) {
        out.add(
            Violation.of(path + ".timeout", ErrorCode.OUT_OF_RANGE, "a timeout is never negative"));
      }
    } else if (node instanceof ConditionNode c) {
      // regexes, time values and zones, custom types: what compiling the condition checks
      out.addAll(conditions.check(c.test(), path + ".if"));
    } else if (node instanceof SwitchNode s) {
      cases(out, s, path);
    } else if (node instanceof DelayNode d) {
      delay(out, d, path);
    } else if (node instanceof LoopNode l) {
      loop(out, l, path);
    } else if (node instanceof ErrorNode e) {
      policy(out, e.policy(), path, true, params);
    }
    // trigger, parallel and merge have nothing to check but the graph
  }

  private static void cases(List<Violation> out, SwitchNode s, String path) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < s.cases().size(); j++) {
      String c = s.cases().get(j);
      String at = path + ".cases[" + j + "]";
      if (c.equals(SwitchNode.DEFAULT)) {
        out.add(
            new Violation(
                at,
                ErrorCode.INVALID_VALUE,
                "\"default\" is the port taken when no case matches; it cannot be a case",
                "leave it out: connect an edge with \"port\": \"default\""));
      } else if (!seen.add(c)) {
        out.add(
            new Violation(
                at,
                ErrorCode.DUPLICATE_ID,
                "case \"" + c + "\" is listed twice",
                "list each case once"));
      }
    }
  }

  private static void delay(List<Violation> out, DelayNode d, String path) {
    if (d.waitFor() instanceof DelayNode.Signal s) {
      if (s.name().isBlank()) {
        out.add(
            new Violation(
                path + ".signal",
                ErrorCode.INVALID_VALUE,
                "the signal's name is empty",
                "name the signal the run waits for, such as \"approved\""));
      }
      if (s.timeout().isZero() || s.timeout().isNegative()) {
        out.add(
            new Violation(
                path + ".timeout",
                ErrorCode.OUT_OF_RANGE,
                "a signal's timeout must be longer than zero",
                "give the longest wait, such as \"3d\""));
      }
    } else if (d.waitFor() instanceof DelayNode.For f && f.duration().isNegative()) {
      out.add(
          Violation.of(path + ".duration", ErrorCode.OUT_OF_RANGE, "a delay is never negative"));
    }
  }

  private void loop(List<Violation> out, LoopNode l, String path) {
    checkName(out, path + ".as", l.as(), "loop item name");
    Templates.standard().check(l.items(), path + ".items").ifPresent(out::add);
    if (!Templates.hasTemplate(l.items())) {
      out.add(
          new Violation(
              path + ".items",
              ErrorCode.INVALID_VALUE,
              "items \""
                  + l.items()
                  + "\" is not a template; a loop goes over a list a template gives",
              "write a template such as \"${nodes.list.output.files}\" or \"${trigger.files}\""));
    }
    if (l.maxItems() < 0 || l.maxItems() > limits.maxLoopItems()) {
      out.add(
          new Violation(
              path + ".maxItems",
              ErrorCode.OUT_OF_RANGE,
              "maxItems must be between 1 and "
                  + limits.maxLoopItems()
                  + " but was "
                  + l.maxItems(),
              "split the list, or raise the configured limit of loop items"));
    }
    if (l.parallelism() < 1 || l.parallelism() > NodeReader.MAX_PARALLELISM) {
      out.add(
          Violation.of(
              path + ".parallelism",
              ErrorCode.OUT_OF_RANGE,
              "parallelism must be between 1 and "
                  + NodeReader.MAX_PARALLELISM
                  + " but was "
                  + l.parallelism()));
    }
  }

  private static void policy(
      List<Violation> out, ErrorPolicy p, String path, boolean inNode, ActionParams params) {
    if (!inNode && p.then() == ErrorPolicy.Then.FALLBACK) {
      out.add(
          new Violation(
              path + ".then",
              ErrorCode.INVALID_VALUE,
              "the workflow's error policy cannot fall back: it has no fallback port",
              "use skip, abort or pause here, or an error node (with a fallback edge) named in the"
                  + " node's onError"));
    }
    if (!p.notifyAction().isEmpty() && p.then() != ErrorPolicy.Then.PAUSE) {
      out.add(
          new Violation(
              path + ".notify",
              ErrorCode.INVALID_VALUE,
              "notify is called when a run pauses, but this policy ends in " + p.then().jsonName(),
              "remove notify, or set then to pause"));
    } else if (!p.notifyAction().isEmpty()) {
      params.checkNotify(out, p.notifyAction(), p.notifyParams(), path);
    } else if (!p.notifyParams().isEmpty()) {
      out.add(
          new Violation(
              path + ".notifyParams",
              ErrorCode.INVALID_VALUE,
              "notifyParams are given but no notify action",
              "name the action in notify, or remove notifyParams"));
    }
  }

  private static void errorTarget(
      List<Violation> out, Workflow wf, String target, String path, Map<String, Integer> index) {
    Integer at = index.get(target);
    if (at == null) {
      List<String> errorNodes =
          wf.nodes().stream().filter(n -> n instanceof ErrorNode).map(Node::id).toList();
      out.add(
          new Violation(
              path,
              ErrorCode.UNKNOWN_ID,
              "onError names \"" + target + "\", but no node has that id",
              Suggestions.didYouMean(target, errorNodes)
                  .orElse(
                      errorNodes.isEmpty()
                          ? "add an error node with that id"
                          : "error nodes: " + String.join(", ", errorNodes))));
    } else if (!(wf.nodes().get(at) instanceof ErrorNode)) {
      out.add(
          new Violation(
              path,
              ErrorCode.INVALID_VALUE,
              "onError names \""
                  + target
                  + "\", a "
                  + wf.nodes().get(at).type()
                  + " node; it must name an error node",
              "add a node {\"id\": ..., \"type\": \"error\", \"then\": ...} and name it here"));
    }
  }

  private static void checkName(List<Violation> out, String path, String name, String what) {
    if (!NAME.matcher(name).matches()) {
      out.add(
          new Violation(
              path,
              ErrorCode.INVALID_VALUE,
              what + " \"" + name + "\" is not allowed",
              "use 1 to 64 letters, digits or '_', starting with a letter or '_', so templates can"
                  + " name it"));
    }
  }
}
