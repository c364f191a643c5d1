package io.mediaflow.internal.workflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.template.Templates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks an action node against its action: the action exists, its parameters are those the
 * descriptor declares (through the operators' {@link ParamBinder}: unknown, missing, wrong type,
 * out of range, pattern, files under the host's rule), the action's own cross-parameter rules
 * ({@link Action#validate}), and its output mapping names declared outputs. A value holding a
 * template ({@code {{...}}} or {@code ${...}}, anywhere inside it) is known only when the node
 * runs: it counts as given and its value is checked then; its syntax is checked here.
 */
final class ActionParams {

  private final Function<String, Optional<Action>> actions;
  private final PathResolver paths;

  ActionParams(Function<String, Optional<Action>> actions, PathResolver paths) {
    this.actions = actions;
    this.paths = paths;
  }

  void check(List<Violation> out, ActionNode node, String path) {
    Optional<Action> found = find(out, node.action(), path + ".action");
    if (found.isEmpty()) {
      return;
    }
    ActionDescriptor d = found.get().descriptor();
    bind(out, found.get(), node.params(), path + ".params");
    node.settings()
        .output()
        .forEach(
            (var, name) -> {
              if (d.output(name).isEmpty()) {
                List<String> names = d.outputs().stream().map(ActionOutput::name).toList();
                out.add(
                    new Violation(
                        path + ".output." + var,
                        ErrorCode.UNKNOWN_ID,
                        "action '" + d.name() + "' has no output '" + name + "'",
                        Suggestions.didYouMean(name, names)
                            .orElse(
                                names.isEmpty()
                                    ? "it declares no output"
                                    : "its outputs: " + String.join(", ", names))));
              }
            });
  }

  /** The notify action of a pause policy and its parameters. */
  void checkNotify(List<Violation> out, String action, Map<String, Object> params, String path) {
    find(out, action, path + ".notify")
        .ifPresent(a -> bind(out, a, params, path + ".notifyParams"));
  }

  private Optional<Action> find(List<Violation> out, String name, String path) {
    Optional<Action> found = actions.apply(name);
    if (found.isEmpty()) {
      out.add(
          new Violation(
              path,
              WorkflowErrors.UNKNOWN_ACTION,
              "unknown action '" + name + "'",
              "register it with MediaFlow.builder().action(...) or add its jar (a"
                  + " META-INF/services/io.mediaflow.api.action.Action entry)"));
    }
    return found;
  }

  private void bind(List<Violation> out, Action action, Map<String, Object> raw, String at) {
    ActionDescriptor d = action.descriptor();
    // values that hold templates are known at run time: leave them and their specs out, so they
    // are neither converted nor reported missing (an undeclared name is still reported unknown)
    Map<String, Object> known = new LinkedHashMap<>();
    List<String> templated = new ArrayList<>();
    raw.forEach(
        (k, v) -> {
          if (hasTemplate(v) && d.param(k).isPresent()) {
            templated.add(k);
            out.addAll(Templates.standard().checkAll(v, at + "." + k)); // syntax, now
          } else {
            known.put(k, v);
          }
        });
    List<ParamSpec> specs = d.params().stream().filter(p -> !templated.contains(p.name())).toList();
    OperatorDescriptor asOperator =
        new OperatorDescriptor(
            d.name(), d.description(), 1, 1, specs, OperatorDescriptor.OutputKind.CLIP);
    ValidationContext ctx = new ValidationContext(at, paths);
    ParamBinder.Result bound = ParamBinder.bind(asOperator, known, ctx);
    for (Violation v : bound.violations()) {
      out.add(v.code() == ErrorCode.UNKNOWN_FIELD ? unknownParam(v, d) : v);
    }
    if (bound.ok()) {
      try {
        out.addAll(action.validate(bound.params(), ctx));
      } catch (RuntimeException e) {
        out.add(
            new Violation(
                at,
                ErrorCode.INTERNAL,
                "action '" + d.name() + "' failed to check its parameters: " + e,
                "report this to the action's author"));
      }
    }
  }

  /** The binder's message speaks of operators; an action's parameters get their own. */
  private static Violation unknownParam(Violation v, ActionDescriptor d) {
    String name = v.path().substring(v.path().lastIndexOf('.') + 1);
    List<String> names = d.params().stream().map(ParamSpec::name).toList();
    return new Violation(
        v.path(),
        ErrorCode.UNKNOWN_FIELD,
        "action '" + d.name() + "' has no parameter '" + name + "'",
        Suggestions.didYouMean(name, names)
            .orElse(
                names.isEmpty()
                    ? "it takes no parameters"
                    : "its parameters: " + String.join(", ", names)));
  }

  /** Whether a value is, or holds inside a list or map, a string with a template. */
  static boolean hasTemplate(Object value) {
    if (value instanceof String s) {
      return Templates.hasTemplate(s);
    }
    if (value instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(ActionParams::hasTemplate);
    }
    if (value instanceof Collection<?> c) {
      return c.stream().anyMatch(ActionParams::hasTemplate);
    }
    return false;
  }
}
