package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.internal.engine.Backoff;
import io.mediaflow.internal.workflow.run.Graph.Node;
import io.mediaflow.internal.workflow.run.RunState.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@code action} nodes with their error handling: the node's retry policy (each wait a durable
 * sleep, its time in the cursor), then the error node's (or the workflow's) {@code then}: {@code
 * fallback}, {@code skip}, {@code abort} or {@code pause} (wait for the {@code resume} signal,
 * optionally after a {@code notify} action, then run the node again).
 */
final class ActionNodes {

  /** The signal a paused run waits for. */
  static final String RESUME = "resume";

  /** How long a paused run waits for {@code resume}: as good as for ever. */
  static final Duration PAUSE = Duration.ofDays(365L * 100);

  /** Codes that are the engine's to handle, never a node's: the run stops on them. */
  private static final Set<String> FATAL =
      Set.of(
          JobErrorCodes.NON_DETERMINISTIC_REPLAY.code(),
          JobErrorCodes.DURABLE_MISUSE.code(),
          JobErrorCodes.STEP_RESULT_TOO_LARGE.code(),
          JobErrorCodes.STEP_RESULT_UNREADABLE.code());

  private final RunServices services;
  private final TemplateResolver templates;
  private final NodeStatuses statuses;
  private final Map<Action, Described> described = new ConcurrentHashMap<>();

  ActionNodes(RunServices services, TemplateResolver templates, NodeStatuses statuses) {
    this.services = services;
    this.templates = templates;
    this.statuses = statuses;
  }

  /** Runs the node to its end; returns the nodes to go on with. */
  List<String> run(Run run, Node n) throws Exception {
    RunState st = run.state();
    Attempt cur = st.current;
    if (cur == null || !cur.node.equals(n.id())) {
      cur = new Attempt(n.id());
      st.current = cur;
    }
    Policy policy = policy(run, n);
    while (true) {
      if (cur.paused) {
        pauseUntilResumed(run, n, policy, cur);
      }
      if (cur.retryAt > 0) {
        statuses.waiting(run, n.id(), "RUNNING", "retry at " + Instant.ofEpochMilli(cur.retryAt));
        run.ctx().sleepUntil(Instant.ofEpochMilli(cur.retryAt));
        cur.retryAt = 0;
      }
      statuses.begin(run, n.id());
      MediaFlowException error;
      try {
        ActionResult r = execute(run, n);
        Map<String, Object> out = plainOutputs(run, n, r);
        st.outputs.put(n.id(), out);
        mapOutputs(n, out, st.vars);
        st.current = null;
        statuses.completed(run, n.id(), r.summary(), Map.of("outputs", out.keySet()));
        return n.targets(Graph.NEXT);
      } catch (MediaFlowException e) {
        if (FATAL.contains(e.code().code())) {
          throw e;
        }
        error = e;
      } catch (Exception e) {
        error =
            new MediaFlowException(
                RunErrors.ACTION_FAILED,
                RunErrors.where(run, n.id()) + ": " + e,
                "see the run's log; the action's error handling decides what follows",
                true,
                e);
      }
      cur.failures++;
      cur.deadline = 0; // the next attempt has a timeout of its own
      statuses.failedAttempt(run, n.id(), error);
      if (error.retryable() && cur.failures < policy.retry.maxAttempts()) {
        Duration delay = new Backoff(policy.retry).delayAfter(cur.failures);
        cur.retryAt = run.now() + Math.max(0, delay.toMillis());
        statuses.waiting(run, n.id(), "RUNNING", "retry at " + Instant.ofEpochMilli(cur.retryAt));
        run.save();
        continue;
      }
      switch (policy.then) {
        case "skip":
          st.outputs.put(n.id(), Map.of());
          st.current = null;
          statuses.ended(run, n.id(), "SKIPPED", "skipped after " + cur.failures + " attempt(s)");
          return n.targets(Graph.NEXT);
        case "fallback":
          if (policy.errorNode != null) {
            st.current = null;
            statuses.ended(run, n.id(), "FAILED", "fell back to '" + policy.errorNode.id() + "'");
            return policy.errorNode.targets("fallback");
          }
          break;
        case "pause":
          cur.paused = true;
          cur.failures = 0;
          run.save();
          continue;
        default:
          break;
      }
      st.current = null;
      statuses.ended(run, n.id(), "FAILED", "");
      run.save();
      throw new MediaFlowException(
          error.code(),
          error.detail().startsWith("workflow '")
              ? error.detail()
              : RunErrors.where(run, n.id()) + ": " + error.detail(),
          error.suggestion(),
          false,
          error);
    }
  }

  /** Publishes the pause, sends its notification once, and waits for {@code resume}. */
  private void pauseUntilResumed(Run run, Node n, Policy policy, Attempt cur) throws Exception {
    statuses.waiting(run, n.id(), "PAUSED", "signal " + RESUME);
    if (!cur.notified) {
      statuses.events().run("paused", run, Map.of("nodeId", n.id(), "signal", RESUME));
      JsonNode notify = policy.notify(run);
      if (notify != null) {
        execute(
            run,
            new Node(
                policy.errorNode == null ? n.id() : policy.errorNode.id(),
                "action",
                notify,
                Map.of()));
      }
      cur.notified = true;
      run.save();
    }
    run.ctx().awaitSignal(RESUME, PAUSE);
    cur.paused = false;
    cur.notified = false;
    statuses.events().run("resumed", run, Map.of("nodeId", n.id()));
  }

  /** Calls the action, or in a test run what its {@link DryRun} says. */
  private ActionResult execute(Run run, Node n) throws Exception {
    String where = RunErrors.where(run, n.id());
    String name = n.text("action").orElse("");
    Action action =
        services
            .actions()
            .apply(name)
            .orElseThrow(
                () ->
                    new MediaFlowException(
                        RunErrors.ACTION_UNKNOWN,
                        where + ": no action '" + name + "' is registered on this engine",
                        "register it with MediaFlow.builder().action(...) or through"
                            + " ServiceLoader"));
    String timeoutText = n.text("timeout").orElse("");
    long timeout = timeoutText.isEmpty() ? 0 : Durations.parse(timeoutText, where).toMillis();
    Described described = describe(action);
    ActionDescriptor descriptor = described.descriptor();
    boolean called = !(run.dryRun() && descriptor.dryRun() == DryRun.PLACEHOLDERS);
    // before the templates: a resumed run then asks for the same durable calls after this save
    long deadline = called ? deadline(run, n, timeout) : 0;
    Map<String, Object> raw = params(descriptor, n, run.scope(), where + ", params.");
    String paramsPath = "nodes[" + n.id() + "].params";
    ValidationContext vc = new ValidationContext(paramsPath, services.paths());
    ParamBinder.Result bound = ParamBinder.bind(described.params(), raw, vc);
    List<Violation> violations = new ArrayList<>(bound.violations());
    if (bound.ok()) {
      violations.addAll(action.validate(bound.params(), vc));
    }
    ValidationException.throwIfAny(violations);
    Params params = bound.params();
    boolean dry = run.dryRun();
    if (dry && descriptor.dryRun() == DryRun.PLACEHOLDERS) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (ActionOutput o : descriptor.outputs()) {
        out.put(o.name(), o.placeholder());
      }
      return new ActionResult(out, "test run: " + name + " not called; placeholders");
    }
    ActionRunContext actx =
        new ActionRunContext(run.ctx(), services, run.graph().id(), n.id(), dry, deadline, where);
    ActionResult r;
    // the watch interrupts an action still running on this thread at the deadline; one that
    // waits for its media job holds no thread, and runMedia cancels that job at the deadline
    // a deadline already passed (a run resumed after it) is not watched: the action only
    // replays to its timed-out wait, and isCancelled() tells it the rest
    boolean watched = deadline > run.now();
    try (NodeWatch watch = watched ? NodeWatch.start(services.clock(), deadline, timeout) : null) {
      actx.watchedBy(watch);
      r = action.execute(actx, params);
    } catch (Exception e) {
      if (actx.pastDeadline()) {
        throw timedOut(where, name, timeoutText, e);
      }
      throw e;
    }
    if (actx.pastDeadline()) {
      throw timedOut(where, name, timeoutText, null);
    }
    return r == null ? ActionResult.empty() : r;
  }

  /**
   * The deadline of the node's current attempt, epoch millis; 0 for none. Set and saved with the
   * cursor when the attempt starts, so a run resumed while the action waits (for its media job)
   * keeps it; a pause's notification, which runs outside the node's attempt, gets one of its own.
   */
  private static long deadline(Run run, Node n, long timeout) {
    if (timeout <= 0) {
      return 0;
    }
    Attempt cur = run.state().current;
    if (cur == null || !cur.node.equals(n.id())) {
      return run.now() + timeout;
    }
    if (cur.deadline == 0) {
      cur.deadline = run.now() + timeout;
      run.save();
    }
    return cur.deadline;
  }

  private static MediaFlowException timedOut(
      String where, String action, String timeout, Exception cause) {
    return new MediaFlowException(
        RunErrors.NODE_TIMEOUT,
        where + ": action '" + action + "' ran longer than its timeout " + timeout,
        "raise the node's timeout or make the action stop when ctx.isCancelled()",
        RunErrors.NODE_TIMEOUT.retryable(),
        cause);
  }

  /**
   * The node's parameters with their templates resolved; a file parameter's ({@code PATH}) values
   * are sanitised as path segments where they are placed among text.
   */
  private Map<String, Object> params(
      ActionDescriptor descriptor, Node n, Map<String, Object> scope, String where) {
    Map<String, Object> raw = new LinkedHashMap<>();
    if (Graph.plain(n.get("params")) instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        boolean path = descriptor.param(k).filter(p -> isFile(p.type())).isPresent();
        raw.put(
            k,
            path
                ? templates.resolvePath(e.getValue(), scope, where + k)
                : templates.resolve(e.getValue(), scope, where + k));
      }
    }
    return raw;
  }

  private static boolean isFile(ParamType type) {
    return type == ParamType.PATH || type == ParamType.LOCATION;
  }

  /**
   * The action's descriptor and its parameters in the form the binder reads, made once per action
   * (a run of a rule called them five times and built the binder's form anew: a tenth of a worker's
   * time in a burst of rule runs). {@link Action#descriptor()} says it is read once.
   */
  private Described describe(Action action) {
    Described d = described.get(action);
    if (d == null) {
      ActionDescriptor descriptor = action.descriptor();
      OperatorDescriptor.Builder b = OperatorDescriptor.builder(action.name());
      descriptor.params().forEach(b::param);
      d = new Described(descriptor, b.build());
      Described raced = described.putIfAbsent(action, d);
      d = raced == null ? d : raced;
    }
    return d;
  }

  /** An action's descriptor, and its parameters as the binder reads them. */
  private record Described(ActionDescriptor descriptor, OperatorDescriptor params) {}

  /** The outputs as JSON values, or the node fails (not retryable): they go into the cursor. */
  private static Map<String, Object> plainOutputs(Run run, Node n, ActionResult r) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> out = Graph.JSON.convertValue(r.outputs(), LinkedHashMap.class);
      return out == null ? Map.of() : out;
    } catch (IllegalArgumentException e) {
      throw new MediaFlowException(
          RunErrors.ACTION_FAILED,
          RunErrors.where(run, n.id()) + ": the action's outputs are not JSON values: " + e,
          "return strings, numbers, booleans, lists and maps of them",
          false,
          e);
    }
  }

  /** The node's {@code output} mapping: {@code {"var": "outputName"}} into the variables. */
  private static void mapOutputs(Node n, Map<String, Object> out, Map<String, Object> vars) {
    JsonNode mapping = n.get("output");
    if (mapping.isObject()) {
      for (Map.Entry<String, JsonNode> f : mapping.properties()) {
        vars.put(f.getKey(), out.get(f.getValue().asText()));
      }
    }
  }

  /** What happens when the node fails. */
  private record Policy(RetryPolicy retry, String then, Node errorNode) {

    /**
     * The pause's notification as an action node's fields ({@code action}, {@code params}): from
     * {@code "notify": "notify.webhook", "notifyParams": {...}} (as the workflow writer writes it)
     * or {@code "notify": {"action": ..., "params": ...}}, on the error node or the workflow's
     * policy; null for none.
     */
    JsonNode notify(Run run) {
      JsonNode holder = errorNode != null ? errorNode.config() : run.graph().onError();
      JsonNode notify = holder.path("notify");
      if (notify.isObject()) {
        return notify;
      }
      if (notify.isTextual() && !notify.asText().isEmpty()) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Graph.JSON.createObjectNode();
        o.put("action", notify.asText());
        o.set(
            "params",
            holder.path("notifyParams").isObject()
                ? holder.get("notifyParams")
                : Graph.JSON.createObjectNode());
        return o;
      }
      return null;
    }
  }

  private static Policy policy(Run run, Node n) {
    Graph g = run.graph();
    Node errorNode = n.text("onError").filter(g.nodes()::containsKey).map(g::node).orElse(null);
    JsonNode wf = g.onError();
    if (errorNode == null && wf.isTextual() && g.nodes().containsKey(wf.asText())) {
      errorNode = g.node(wf.asText());
    }
    JsonNode retry = n.get("retry");
    if (!retry.isObject() && errorNode != null) {
      retry = errorNode.get("retry");
    }
    if (!retry.isObject()) {
      retry = wf.path("retry");
    }
    String then =
        errorNode != null && errorNode.text("then").isPresent()
            ? errorNode.text("then").get()
            : wf.path("then").asText("abort");
    return new Policy(retryPolicy(retry, RunErrors.where(run, n.id())), then, errorNode);
  }

  /** A retry policy from its JSON; one attempt when there is none. */
  static RetryPolicy retryPolicy(JsonNode r, String where) {
    if (r == null || !r.isObject()) {
      return RetryPolicy.none();
    }
    Duration initial =
        r.has("initialDelay")
            ? Durations.parse(r.get("initialDelay").asText(), where)
            : RetryPolicy.DEFAULT_INITIAL_DELAY;
    double multiplier = r.path("multiplier").asDouble(RetryPolicy.DEFAULT_MULTIPLIER);
    // the writer leaves out what equals RetryPolicy.ofDefaults(): missing means default
    RetryPolicy d = RetryPolicy.ofDefaults();
    RetryPolicy.Builder b = RetryPolicy.from(d);
    String kind = r.path("kind").asText(d.kind().name()).toUpperCase(java.util.Locale.ROOT);
    switch (kind) {
      case "FIXED" -> b.fixed(initial);
      case "LINEAR" -> b.linear(initial);
      default -> b.exponential(initial, multiplier);
    }
    if (r.has("maxDelay")) {
      b.maxDelay(Durations.parse(r.get("maxDelay").asText(), where));
    }
    b.jitter(r.path("jitter").asDouble(d.jitter()));
    b.maxAttempts(Math.max(1, r.path("maxAttempts").asInt(d.maxAttempts())));
    return b.build();
  }

  static boolean isCode(MediaFlowException e, ErrorCode code) {
    return e.code().code().equals(code.code());
  }
}
