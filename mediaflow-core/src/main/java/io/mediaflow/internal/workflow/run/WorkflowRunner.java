package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.internal.condition.ConditionCompiler;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.workflow.run.Graph.Node;
import io.mediaflow.internal.workflow.run.RunState.LoopFrame;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code workflow} job type: walks a run's graph node by node on the durable primitives. After
 * each node the cursor ({@link RunState}) is saved; a run that comes back (after a wait, a crash, a
 * lost lease) loads it and goes on at the next node, so no node before it is asked for again and a
 * loop of N items costs work in proportion to N. The nodes' own durable calls (an action's steps, a
 * delay's timer, a pause's signal) take the history positions after the cursor's.
 *
 * <p>Payload: {@code {"workflow": <definition>, "input": {...}, "dryRun": false, "start": "<node
 * id>"}}; {@code start} defaults to the trigger. Result: {@code {"vars": {...}, "outputs": {...}}}.
 */
public final class WorkflowRunner implements JobHandler {

  /** The job type of a workflow run. */
  public static final String TYPE = "workflow";

  /**
   * The key of a finished run's node statuses in its job's result: a run's last node is recorded
   * there, with the completion, rather than in a cursor save of its own.
   */
  public static final String NODES = "nodes";

  private final RunServices services;
  private final ConditionNodes conditions;
  private final TemplateResolver templates;
  private final SharedRunData sharedData;
  private final RunEvents events;
  private final NodeStatuses statuses;
  private final ActionNodes actions;
  private final ParallelNodes parallels;

  /**
   * @param services what the runner uses of its engine
   * @param conditionTypes the custom condition types conditions may call
   * @param templates resolves templates
   */
  public WorkflowRunner(
      RunServices services, ConditionTypes conditionTypes, TemplateResolver templates) {
    this.services = services;
    this.templates = templates;
    this.events = new RunEvents(services.events(), services.clock());
    this.statuses = new NodeStatuses(events);
    this.conditions =
        new ConditionNodes(new ConditionCompiler(conditionTypes), templates, statuses);
    this.actions = new ActionNodes(services, templates, statuses);
    this.sharedData = new SharedRunData(services.storage());
    this.parallels = new ParallelNodes(services, statuses);
  }

  /** With these custom condition types and the template language. */
  public WorkflowRunner(RunServices services, ConditionTypes conditionTypes) {
    this(services, conditionTypes, TemplateResolver.standard());
  }

  /** The payload of a run of {@code definition} (JSON text) with {@code input}. */
  public static String payload(String definition, Map<String, ?> input, boolean dryRun) {
    return payload(definition, 0, input, dryRun);
  }

  /**
   * The payload of a run of revision {@code revision} of a stored definition (0: never stored); the
   * revision goes into the definition's snapshot, where the run's events read it.
   */
  public static String payload(
      String definition, int revision, Map<String, ?> input, boolean dryRun) {
    JsonNode def;
    try {
      def = Graph.JSON.readTree(definition);
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.MALFORMED_JSON,
          "the workflow definition is not JSON: " + e.getOriginalMessage(),
          "pass the definition as WorkflowJson writes it");
    }
    if (revision > 0 && def instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.put("revision", revision);
    }
    Graph.read(def); // refuses at once what a run could not walk
    com.fasterxml.jackson.databind.node.ObjectNode p = Graph.JSON.createObjectNode();
    p.set("workflow", def);
    p.set("input", Graph.JSON.valueToTree(input));
    p.put("dryRun", dryRun);
    return p.toString();
  }

  /** The workflow id in a run's payload; empty when it has none. */
  public static String workflowId(String payload) {
    try {
      return Graph.JSON.readTree(payload).path("workflow").path("id").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** The revision in a run's payload; 0 for a definition never stored. */
  public static int revision(String payload) {
    try {
      return Graph.JSON.readTree(payload).path("workflow").path("revision").asInt(0);
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  /** The id of a workflow definition (JSON text); empty when it has none or is not JSON. */
  public static String workflowIdOf(String definition) {
    try {
      return Graph.JSON.readTree(definition).path("id").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** The name in a workflow definition; empty for none, or for text that is not JSON. */
  public static String workflowNameOf(String definition) {
    try {
      return Graph.JSON.readTree(definition).path("name").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** Publishes {@code workflow.cancelled} for a run cancelled while it waited. */
  public void cancelled(String runId) {
    events.cancelled(runId);
  }

  @Override
  public Optional<String> handle(JobContext ctx) throws Exception {
    JsonNode payload = payload(ctx);
    Graph graph = sharedData.graph(payload);
    Object in = sharedData.input(payload);
    @SuppressWarnings("unchecked")
    Map<String, Object> input = in instanceof Map<?, ?> ? (Map<String, Object>) in : Map.of();
    boolean dryRun = payload.path("dryRun").asBoolean(false);
    RunState state = ctx.loadState(RunState.NAME, RunState.class).orElse(null);
    boolean fresh = state == null;
    if (fresh) {
      state = new RunState();
      state.vars.putAll(graph.variables());
      JsonNode starts = payload.path("start");
      if (starts.isArray()) { // a loop item's body may start at several nodes
        List<String> all = new ArrayList<>();
        starts.forEach(x -> all.add(graph.node(x.asText()).id()));
        push(state, all);
      } else {
        String start = starts.asText(graph.trigger());
        graph.node(start);
        state.pending.add(start);
      }
      // a parallel branch starts with its parent's values; a loop item with those its loop saved
      JsonNode seed =
          payload.has("seedOf") ? sharedData.seed(payload.get("seedOf")) : payload.path("seed");
      if (seed.isObject()) {
        Object vars = Graph.plain(seed.path("vars"));
        Object outputs = Graph.plain(seed.path("outputs"));
        RunState target = state;
        if (vars instanceof Map<?, ?> v) {
          v.forEach((k, x) -> target.vars.put(String.valueOf(k), x));
        }
        if (outputs instanceof Map<?, ?> o) {
          o.forEach(
              (k, x) -> {
                if (x instanceof Map<?, ?> m) {
                  @SuppressWarnings("unchecked")
                  Map<String, Object> out = (Map<String, Object>) m;
                  target.outputs.put(String.valueOf(k), out);
                }
              });
        }
      }
    }
    boolean branch = payload.hasNonNull("branchOf");
    Run run = new Run(ctx, graph, input, dryRun, state, payload, branch);
    run.attachMedia(new RunMedia(ctx, input, services.paths(), services.probe()));
    if (fresh) {
      // a loop item's or branch's input is its run's: not copied into thousands of events
      events.run("started", run, payload.has("inputOf") ? Map.of() : Map.of("input", input));
    }
    try {
      walk(run);
    } catch (MediaFlowException e) {
      // a cancel publishes workflow.cancelled from job.cancelled, waiting runs' too
      if (!ctx.isCancelled()
          && (!e.retryable() || ctx.job().attempts() >= ctx.job().maxAttempts())) {
        events.run("failed", run, Map.of("code", e.code().code(), "message", e.getMessage()));
      }
      throw e;
    }
    events.run("completed", run, Map.of());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("vars", state.vars);
    result.put("outputs", ownOutputs(state, payload));
    if (ownRun(payload)) {
      result.put(NODES, state.nodes);
    }
    return Optional.of(Graph.JSON.writeValueAsString(result));
  }

  /** Whether the run is one of its own, not a branch or a loop item of another. */
  private static boolean ownRun(JsonNode payload) {
    return !payload.hasNonNull("definitionOf");
  }

  /**
   * The outputs a run hands back: all of them for a run of its own; for a branch or a loop item
   * those of the nodes it ran, not those it was seeded with (its parent has them, and a loop of
   * thousands of items would otherwise write them thousands of times).
   */
  private static Map<String, Map<String, Object>> ownOutputs(RunState state, JsonNode payload) {
    if (!payload.hasNonNull("definitionOf")) {
      return state.outputs;
    }
    Map<String, Map<String, Object>> own = new LinkedHashMap<>();
    state.outputs.forEach(
        (id, out) -> {
          if (state.nodes.containsKey(id)) {
            own.put(id, out);
          }
        });
    return own;
  }

  private static JsonNode payload(JobContext ctx) {
    try {
      JsonNode p = Graph.JSON.readTree(ctx.job().payload());
      if (p == null || !p.isObject()) {
        throw new MediaFlowException(
            RunErrors.INVALID_RUN,
            "workflow run " + ctx.job().id() + ": the payload is not a JSON object",
            "start runs with flow.workflows().start(...)");
      }
      return p;
    } catch (JsonProcessingException e) {
      throw new MediaFlowException(
          ErrorCode.MALFORMED_JSON,
          "workflow run " + ctx.job().id() + ": the payload is not JSON: " + e.getOriginalMessage(),
          "start runs with flow.workflows().start(...)");
    }
  }

  /** Runs nodes until none is left or one waits (a {@code Suspension} goes through). */
  private void walk(Run run) throws Exception {
    RunState st = run.state();
    while (true) {
      if (run.ctx().isCancelled()) {
        throw new MediaFlowException(
            ErrorCode.CANCELLED, RunErrors.where(run, null) + " was cancelled", "", false, null);
      }
      if (!st.loops.isEmpty() && st.pending.size() == last(st.loops).base) {
        nextItem(run);
        run.save();
        continue;
      }
      if (st.pending.isEmpty()) {
        return;
      }
      Node n = run.graph().node(st.pending.get(st.pending.size() - 1));
      Next next = runNode(run, n);
      st.pending.remove(st.pending.size() - 1);
      if (next.loop != null) {
        next.loop.base = st.pending.size();
        st.loops.add(next.loop);
      }
      push(st, next.targets);
      st.finished++;
      if (st.pending.isEmpty() && st.loops.isEmpty() && ownRun(run.payload())) {
        // the run's last node: its status goes into the job's result with the completion, not
        // into a cursor save of its own (a crash before the completion runs the node again, its
        // durable steps answered from their checkpoints, as after a crash before a save)
        return;
      }
      run.reportProgress(n.id());
      if (!"trigger".equals(n.type())) {
        // a trigger changes nothing a resumed run needs: the next node's save keeps its status
        run.save();
      }
    }
  }

  /** What follows a node: the nodes to run next, and a loop it opened. */
  private record Next(List<String> targets, LoopFrame loop) {
    static Next to(List<String> targets) {
      return new Next(targets, null);
    }
  }

  private Next runNode(Run run, Node n) throws Exception {
    switch (n.type()) {
      case "action":
        return Next.to(actions.run(run, n));
      case "condition":
        return Next.to(conditions.run(run, n));
      case "delay":
        return Next.to(delay(run, n));
      case "loop":
        return loop(run, n);
      case "trigger":
        statuses.begin(run, n.id());
        // its output is the run's input, kept in the payload: not copied into every cursor save
        statuses.completed(run, n.id(), "", Map.of());
        return Next.to(n.targets(Graph.NEXT));
      case "error":
        return Next.to(n.targets(Graph.NEXT));
      case "parallel":
        return Next.to(parallels.parallel(run, n, run.payload()));
      case "merge":
        // a branch ends at the merge that joins it (the parent joins there); a merge of the
        // branch's own parallel nodes is the branch's to join
        boolean ours = run.state().branches.containsKey(n.id());
        return Next.to(run.branch() && !ours ? List.of() : parallels.merge(run, n));
      default:
        throw RunErrors.at(
            run,
            n.id(),
            RunErrors.INVALID_RUN,
            "node type '" + n.type() + "' cannot be run by this version",
            "use trigger, action, condition, delay, loop, parallel, merge and error nodes");
    }
  }

  private static void push(RunState st, List<String> targets) {
    List<String> reversed = new ArrayList<>(targets);
    Collections.reverse(reversed);
    st.pending.addAll(reversed); // the first target runs first
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  // ---------------------------------------------------------------- delay

  private List<String> delay(Run run, Node n) {
    String where = RunErrors.where(run, n.id());
    if (run.dryRun()) {
      statuses.begin(run, n.id());
      run.state().outputs.put(n.id(), Map.of("skipped", true));
      statuses.completed(run, n.id(), "test run: delay skipped", Map.of());
      return n.targets(Graph.NEXT);
    }
    if (n.text("duration").isPresent() || n.text("until").isPresent()) {
      Instant wake;
      if (n.text("duration").isPresent()) {
        Duration d = Durations.parse(n.text("duration").get(), where);
        statuses.waiting(run, n.id(), "WAITING", "sleep " + n.text("duration").get());
        run.save();
        run.ctx().sleep(d);
      } else {
        wake = until(run, n, where);
        statuses.waiting(run, n.id(), "WAITING", "sleep until " + wake);
        run.save();
        run.ctx().sleepUntil(wake);
      }
      run.state().outputs.put(n.id(), Map.of());
      statuses.completed(run, n.id(), "slept", Map.of());
      return n.targets(Graph.NEXT);
    }
    String signal = n.text("signal").orElse("");
    if (signal.isEmpty()) {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.INVALID_RUN,
          "a delay needs \"duration\", \"until\" or \"signal\"",
          "validate the workflow before running it");
    }
    Duration timeout =
        n.text("timeout").map(t -> Durations.parse(t, where)).orElse(ActionNodes.PAUSE);
    String key =
        n.text("key")
            .map(k -> String.valueOf(templates.resolve(k, run.scope(), where + " key")))
            .orElse("");
    statuses.waiting(
        run, n.id(), "WAITING", "signal " + signal + (key.isEmpty() ? "" : " for key " + key));
    run.save();
    if (!key.isEmpty()) {
      // recorded again on every replay (idempotent), before the wait yields
      services.waiters().get().addWaiter(key, signal, run.jobId());
    }
    Optional<String> payload = run.ctx().awaitSignal(signal, timeout);
    if (!key.isEmpty()) {
      services.waiters().get().removeWaiter(key, signal, run.jobId());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("received", payload.isPresent());
    out.put("payload", payload.map(WorkflowRunner::signalValue).orElse(null));
    run.state().outputs.put(n.id(), out);
    statuses.completed(
        run,
        n.id(),
        payload.isPresent() ? "signal " + signal + " received" : "timed out",
        Map.of());
    if (payload.isEmpty() && !n.targets("timeout").isEmpty()) {
      return n.targets("timeout");
    }
    return n.targets(Graph.NEXT);
  }

  private static Instant until(Run run, Node n, String where) {
    String text = n.text("until").get();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.INVALID_RUN,
          "\"" + text + "\" is not an instant",
          "write it as 2026-12-24T00:00:00Z");
    }
  }

  /** A signal's payload as JSON when it is JSON, else as its text. */
  private static Object signalValue(String text) {
    try {
      return Graph.plain(Graph.JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  // ---------------------------------------------------------------- loop

  private Next loop(Run run, Node n) throws Exception {
    statuses.begin(run, n.id());
    String where = RunErrors.where(run, n.id());
    Object items = templates.resolve(Graph.plain(n.get("items")), run.scope(), where + " items");
    if (!(items instanceof List<?> list)) {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.LOOP_INVALID,
          "items resolved to "
              + (items == null ? "null" : items.getClass().getSimpleName())
              + ", not a list",
          "make \"items\" refer to a list, such as ${nodes.list.output.files}");
    }
    int declared = n.get("maxItems").asInt(0);
    int max = declared > 0 ? declared : services.maxLoopItems(); // 0: the engine's default
    if (list.size() > max) {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.LOOP_INVALID,
          list.size() + " items, more than the loop's maxItems " + max,
          "raise maxItems or split the list");
    }
    List<Object> copy = new ArrayList<>(list);
    if (copy.isEmpty()) {
      run.state().outputs.put(n.id(), Map.of("count", 0));
      statuses.completed(run, n.id(), "no items", Map.of());
      return Next.to(n.targets("done"));
    }
    String as = n.text("as").orElse("item");
    int parallelism = n.get("parallelism").asInt(1);
    if (parallelism > 1) {
      return Next.to(parallels.loop(run, n, copy, as, parallelism));
    }
    run.saveItems(n.id(), copy); // once: the cursor keeps only the index
    statuses.waiting(run, n.id(), "RUNNING", "");
    run.state().nodes.get(n.id()).summary = "item 1 of " + copy.size();
    return new Next(n.targets("each"), new LoopFrame(n.id(), copy.size(), 0, as));
  }

  /** The body ended for the current item: the next item, or the loop's {@code done}. */
  private void nextItem(Run run) {
    RunState st = run.state();
    LoopFrame f = last(st.loops);
    Node n = run.graph().node(f.node);
    f.index++;
    if (f.index < f.size) {
      st.nodes.get(f.node).summary = "item " + (f.index + 1) + " of " + f.size;
      push(st, n.targets("each"));
      return;
    }
    st.loops.remove(st.loops.size() - 1);
    st.outputs.put(f.node, Map.of("count", f.size));
    statuses.completed(run, f.node, f.size + " items", Map.of("count", f.size));
    push(st, n.targets("done"));
  }
}
