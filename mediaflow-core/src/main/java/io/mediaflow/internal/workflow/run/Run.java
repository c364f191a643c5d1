package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.job.JobContext;
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

  /** Loop items read back this attempt, by loop node. */
  final Map<String, List<Object>> loopItems = new HashMap<>();

  Run(JobContext ctx, Graph graph, Map<String, Object> input, boolean dryRun, RunState state) {
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

  RunState state() {
    return state;
  }

  long now() {
    return ctx.clock().millis();
  }

  /** Saves the cursor: a resumed run goes on from here. */
  void save() {
    ctx.saveState(RunState.NAME, state);
  }

  /**
   * What {@code ${...}} references see: {@code trigger}, {@code nodes.<id>.output}, {@code vars},
   * and inside loops {@code item}, {@code loop.<as>} and {@code loop.index} of the innermost one.
   */
  Map<String, Object> scope() {
    Map<String, Object> s = new HashMap<>();
    s.put("trigger", input);
    Map<String, Object> nodes = new LinkedHashMap<>();
    state.outputs.forEach((id, out) -> nodes.put(id, Map.of("output", out)));
    s.put("nodes", nodes);
    s.put("vars", state.vars);
    if (!state.loops.isEmpty()) {
      Map<String, Object> loop = new HashMap<>();
      for (RunState.LoopFrame f : state.loops) {
        List<Object> items = loopItems.get(f.node);
        Object item = items == null || f.index >= items.size() ? null : items.get(f.index);
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
