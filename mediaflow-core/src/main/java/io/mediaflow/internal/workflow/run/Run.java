package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.job.JobContext;
import io.mediaflow.internal.condition.LazyMedia;
import io.mediaflow.internal.condition.MediaFacts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of one run: its context, its graph, its input and its cursor. Made by the handler for
 * each attempt; used by the handler's thread only.
 */
final class Run {

  private final JobContext ctx;
  private final Graph graph;
  private final Map<String, Object> input;
  private final boolean dryRun;
  private final RunState state;
  private final com.fasterxml.jackson.databind.JsonNode payload;
  private final boolean branch;
  private java.time.Instant startedAt;

  /** The run's media, probed once per run; set by the runner after the run is made. */
  private RunMedia media;

  /** Loop items are saved in pages of this many, so a resumed run reads one page, not all. */
  static final int PAGE = 256;

  /** Pages of loop items read or saved this attempt, by {@code loop:<node>:<page>}. */
  private final Map<String, List<Object>> pages = new HashMap<>();

  Run(
      JobContext ctx,
      Graph graph,
      Map<String, Object> input,
      boolean dryRun,
      RunState state,
      com.fasterxml.jackson.databind.JsonNode payload,
      boolean branch) {
    this.payload = payload;
    this.branch = branch;
    this.ctx = ctx;
    this.graph = graph;
    this.input = input;
    this.dryRun = dryRun;
    this.state = state;
  }

  JobContext ctx() {
    return ctx;
  }

  Graph graph() {
    return graph;
  }

  String jobId() {
    return ctx.job().id();
  }

  Map<String, Object> input() {
    return input;
  }

  boolean dryRun() {
    return dryRun;
  }

  /** The run's payload as read. */
  com.fasterxml.jackson.databind.JsonNode payload() {
    return payload;
  }

  /** Whether this run is a parallel branch of another (it ends at its merge). */
  boolean branch() {
    return branch;
  }

  RunState state() {
    return state;
  }

  /** The id of the run: a parallel branch's or a loop item's is the run it belongs to. */
  String runId() {
    return payload.hasNonNull("definitionOf") ? payload.get("definitionOf").asText() : jobId();
  }

  /**
   * When the run was triggered: its job's creation, carried into its branches, so a run resumed
   * after midnight (or a branch started later) still dates its files by the day it started.
   */
  java.time.Instant startedAt() {
    if (startedAt == null) {
      String carried = payload.path("startedAt").asText("");
      startedAt = carried.isEmpty() ? ctx.job().createdAt() : java.time.Instant.parse(carried);
    }
    return startedAt;
  }

  /** Gives the run its media (conditions and the {@code media} root of templates read it). */
  void attachMedia(RunMedia value) {
    this.media = value;
  }

  /** The run's media, probed once per run. */
  RunMedia media() {
    return media;
  }

  long now() {
    return ctx.clock().millis();
  }

  /** Saves a loop's items, page by page, once when the loop starts. */
  void saveItems(String loopNode, List<Object> items) {
    for (int from = 0; from < items.size(); from += PAGE) {
      List<Object> page =
          new java.util.ArrayList<>(items.subList(from, Math.min(items.size(), from + PAGE)));
      String name = pageName(loopNode, from / PAGE);
      ctx.saveState(name, page);
      pages.put(name, page);
    }
  }

  /** The item of a loop's current index: one page read at most. */
  Object item(RunState.LoopFrame f) {
    String name = pageName(f.node, f.index / PAGE);
    List<Object> page = pages.get(name);
    if (page == null) {
      pages.clear(); // one page per loop is enough to keep
      @SuppressWarnings("unchecked")
      List<Object> read = ctx.loadState(name, List.class).orElse(List.of());
      page = read;
      pages.put(name, page);
    }
    int i = f.index % PAGE;
    return i < page.size() ? page.get(i) : null;
  }

  private static String pageName(String loopNode, int page) {
    return "loop:" + loopNode + ":" + page;
  }

  /** Node reports closer than this are not stored: the node statuses are in the cursor already. */
  static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  /** When this attempt last reported progress; its start to begin with. */
  private long lastProgressNanos = System.nanoTime();

  /**
   * Reports the node just finished as the job's current step once a second at most, the first time
   * a second into the attempt: a progress report is a write of its own, which a graph of quick
   * nodes would otherwise pay per node (and a run shorter than a second needs none: its node
   * statuses are in the cursor).
   */
  void reportProgress(String nodeId) {
    long now = System.nanoTime();
    if (now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
      return;
    }
    lastProgressNanos = now;
    ctx.progress(0, nodeId);
  }

  /**
   * Saves the cursor: a resumed run goes on from here. An attempt told to stop (cancelled, its
   * lease taken back) saves nothing more: the attempt that takes over goes on from the last save.
   */
  void save() {
    if (ctx.isCancelled()) {
      return;
    }
    ctx.saveState(RunState.NAME, state);
  }

  /**
   * What templates see: {@code trigger}, {@code nodes.<id>.output}, {@code vars}, {@code run.id},
   * {@code run.startedAt}, {@code workflow.id}, {@code media} (the subject file's facts, probed on
   * first read), and inside loops {@code item}, {@code loop.<as>} and {@code loop.index} of the
   * innermost one.
   */
  Map<String, Object> scope() {
    Map<String, Object> s = new HashMap<>();
    s.put("trigger", input);
    Map<String, Object> nodes = new LinkedHashMap<>();
    nodes.put(graph.trigger(), Map.of("output", input));
    state.outputs.forEach((id, out) -> nodes.put(id, Map.of("output", out)));
    s.put("nodes", nodes);
    s.put("vars", state.vars);
    s.put("run", Map.of("id", runId(), "startedAt", startedAt()));
    s.put("workflow", Map.of("id", graph.id()));
    if (media != null) { // probed on first read only: a run that never reads media never probes
      s.put("media", new LazyMedia(() -> media.of(null), MediaFacts::of));
    }
    Map<String, Object> loop = new HashMap<>();
    com.fasterxml.jackson.databind.JsonNode one = payload.path("loopItem");
    if (one.isObject()) { // an item of a loop run in parallel, as a run of its own
      Object item = Graph.plain(one.path("item"));
      loop.put(one.path("as").asText("item"), item);
      loop.put("index", one.path("index").asInt());
      s.put("item", item);
      s.put("loop", loop);
    }
    if (!state.loops.isEmpty()) {
      for (RunState.LoopFrame f : state.loops) {
        Object item = item(f);
        if (f.as != null && !f.as.isEmpty()) {
          loop.put(f.as, item);
        }
        loop.put("index", f.index);
        s.put("item", item);
      }
      s.put("loop", loop);
    }
    return s;
  }
}
