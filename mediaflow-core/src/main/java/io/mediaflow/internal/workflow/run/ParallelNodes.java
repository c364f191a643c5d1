package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StepType;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.internal.durable.ChildWait;
import io.mediaflow.internal.workflow.run.Graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code parallel} and {@code merge} nodes. Each edge leaving a parallel node is a branch, run as a
 * child job of type {@code workflow} that starts at the edge's target with the parent's variables
 * and outputs, and ends when it reaches a merge. The parent goes on at that merge, which waits
 * durably ({@code awaitChildren}) for all, any or n of the branches, cancels the rest once it has
 * enough, and takes the finished branches' variables and outputs into the run.
 */
final class ParallelNodes {

  private final RunServices services;
  private final NodeStatuses statuses;

  ParallelNodes(RunServices services, NodeStatuses statuses) {
    this.services = services;
    this.statuses = statuses;
  }

  /** Starts the branches; returns the merge to go on at (none when no merge follows). */
  List<String> parallel(Run run, Node n, JsonNode payload) throws Exception {
    statuses.begin(run, n.id());
    List<String> starts = new ArrayList<>();
    n.out().values().forEach(starts::addAll);
    // children started before these: a merge waits for that many more finished than it needs
    Long before = childrenBefore(run, n);
    List<String> ids = new ArrayList<>(starts.size());
    for (String start : starts) {
      ids.add(
          run.ctx().startChild(JobRequest.of(WorkflowRunner.TYPE, branch(run, payload, start))));
    }
    String merge = mergeAfter(run.graph(), starts);
    RunState.Branches b = new RunState.Branches();
    b.ids = ids;
    b.before = before;
    b.parallel = n.id();
    run.state().branches.put(merge == null ? n.id() : merge, b);
    run.state().outputs.put(n.id(), Map.of("branches", ids));
    statuses.completed(run, n.id(), ids.size() + " branches", Map.of("branches", ids.size()));
    return merge == null ? List.of() : List.of(merge);
  }

  /**
   * A loop with {@code parallelism} above 1: each item's body runs as a child run (starting at the
   * loop's {@code each} targets, the item in its payload), at most {@code parallelism} at once in a
   * sliding window: as soon as one finishes the next item starts. The finished items' variables and
   * outputs are taken into the run. An item that failed fails the loop with its code.
   *
   * <p>Each turn costs work in proportion to the window, not to the items done so far: the cursor
   * keeps the ids in flight, the run waits for one more finished child ({@link ChildWait}) and then
   * reads only those ids, in a step, so that a resumed run takes the same ones.
   */
  List<String> loop(Run run, Node n, List<Object> items, String as, int parallelism)
      throws Exception {
    RunState st = run.state();
    RunState.Branches p = st.branches.get(n.id());
    if (p == null) {
      p = new RunState.Branches();
      p.parallel = n.id();
      p.before = childrenBefore(run, n);
      st.branches.put(n.id(), p);
      // the values every item starts with, saved once: an item's payload points at them (and at
      // the run's input) instead of holding a copy, which would cost items × their size
      Map<String, Object> seed = new LinkedHashMap<>();
      seed.put("vars", st.vars);
      seed.put("outputs", st.outputs);
      run.ctx().saveState(seedName(n), seed);
    }
    List<String> starts = n.targets("each");
    ChildWait waits = childWait(run, n);
    long skew = 0; // children not of this loop that finished while it waited (not saved: a resume
    // starts at 0 again and at worst waits once more for nothing)
    while (p.taken < items.size()) {
      boolean started = false;
      while (p.next < items.size() && p.ids.size() < parallelism) {
        p.ids.add(
            run.ctx()
                .startChild(
                    JobRequest.of(
                        WorkflowRunner.TYPE, item(run, n, starts, as, items.get(p.next), p.next))));
        p.next++;
        started = true;
      }
      if (started) {
        st.nodes.get(n.id()).summary =
            p.taken + " of " + items.size() + " items done, " + p.ids.size() + " running";
      }
      waits.awaitFinishedChildren(p.before + p.taken + 1 + skew);
      List<String> inFlight = List.copyOf(p.ids);
      List<String> finished =
          run.ctx().step(n.id() + ":finished", ID_LIST, () -> finishedAmong(inFlight));
      if (finished.isEmpty()) {
        skew++;
      }
      for (String id : finished) {
        Job j = services.storage().jobs().find(id).orElse(null);
        if (j == null || j.state() != JobState.COMPLETED) {
          throw itemFailed(run, n, id, j);
        }
        j.result().ifPresent(r -> take(st, r));
        p.ids.remove(id);
        p.taken++;
      }
      run.save();
    }
    st.branches.remove(n.id());
    st.outputs.put(n.id(), Map.of("count", items.size()));
    statuses.completed(run, n.id(), items.size() + " items, " + parallelism + " at once", Map.of());
    return n.targets("done");
  }

  private static final StepType<List<String>> ID_LIST = new StepType<>() {};

  /** The ids among these whose runs have finished, in the same order. */
  private List<String> finishedAmong(List<String> ids) {
    List<String> done = new ArrayList<>(ids.size());
    for (String id : ids) {
      services
          .storage()
          .jobs()
          .find(id)
          .filter(j -> FINISHED.contains(j.state()))
          .ifPresent(j -> done.add(id));
    }
    return done;
  }

  private static final Set<JobState> FINISHED =
      Set.of(JobState.COMPLETED, JobState.DEAD, JobState.CANCELLED);

  private static ChildWait childWait(Run run, Node n) {
    if (run.ctx() instanceof ChildWait w) {
      return w;
    }
    throw RunErrors.at(
        run,
        n.id(),
        RunErrors.INVALID_RUN,
        "a loop with parallelism needs the engine's job context",
        "run workflows through MediaFlow");
  }

  private static MediaFlowException itemFailed(Run run, Node n, String id, Job j) {
    if (j == null) {
      return new MediaFlowException(
          RunErrors.ACTION_FAILED,
          RunErrors.where(run, n.id()) + ": item run " + id + " is gone (purged?)",
          "keep finished jobs longer than a loop runs: MediaFlow.builder().retention(...)",
          false,
          null);
    }
    String code = j.error().map(e -> e.code()).orElse(RunErrors.ACTION_FAILED.code());
    return new MediaFlowException(
        ErrorCode.of(code, ErrorCode.Category.PROCESSING, false),
        RunErrors.where(run, n.id())
            + ": item run "
            + j.id()
            + " ended "
            + j.state()
            + j.error().map(e -> ": " + e.message()).orElse(""),
        "see that run's status: flow.workflows().run(id)",
        false,
        null);
  }

  private Long childrenBefore(Run run, Node n) throws Exception {
    return run.ctx()
        .step(
            n.id() + ":children-before",
            Long.class,
            () ->
                services
                    .storage()
                    .jobs()
                    .query(JobQuery.all().withParent(run.jobId()).withPage(0, 1))
                    .total());
  }

  /** The name of the state holding a parallel loop's seed. */
  static String seedName(Node loop) {
    return "seed:" + loop.id();
  }

  /**
   * The payload of a loop item's run: the definition, the input and the seed by reference ({@code
   * definitionOf}, {@code inputOf}, {@code seedOf}), the item itself by value.
   */
  private static String item(
      Run run, Node loop, List<String> starts, String as, Object item, int index) {
    JsonNode payload = run.payload();
    String root =
        payload.hasNonNull("definitionOf") ? payload.get("definitionOf").asText() : run.jobId();
    ObjectNode p = Graph.JSON.createObjectNode();
    p.put("definitionOf", root);
    p.put("inputOf", payload.hasNonNull("inputOf") ? payload.get("inputOf").asText() : root);
    p.put("dryRun", run.dryRun());
    ObjectNode seed = p.putObject("seedOf");
    seed.put("run", run.jobId());
    seed.put("state", seedName(loop));
    ArrayNode s = p.putArray("start");
    starts.forEach(s::add);
    ObjectNode one = p.putObject("loopItem");
    one.put("as", as);
    one.set("item", Graph.JSON.valueToTree(item));
    one.put("index", index);
    return p.toString();
  }

  /** Joins the branches of the parallel before it. */
  List<String> merge(Run run, Node n) {
    RunState.Branches b = run.state().branches.get(n.id());
    if (b == null) {
      throw RunErrors.at(
          run,
          n.id(),
          RunErrors.INVALID_RUN,
          "no parallel node leads to this merge",
          "feed a merge from the branches of a parallel node");
    }
    int need = need(n.get("mode"), b.ids.size());
    statuses.waiting(
        run, n.id(), "WAITING", "branches: " + need + " of " + b.ids.size() + " finished");
    run.save();
    List<Job> done = run.ctx().awaitChildren((int) Math.min(Integer.MAX_VALUE, b.before + need));
    Set<String> ours = new HashSet<>(b.ids);
    Set<String> finished = new HashSet<>();
    List<Map<String, Object>> branches = new ArrayList<>();
    RunState st = run.state();
    for (Job j : done) {
      if (!ours.contains(j.id())) {
        continue;
      }
      finished.add(j.id());
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("runId", j.id());
      info.put("state", j.state().name());
      branches.add(info);
      if (j.state() == JobState.COMPLETED && j.result().isPresent()) {
        take(st, j.result().get());
      }
    }
    int cancelled = 0;
    for (String id : b.ids) {
      if (!finished.contains(id) && services.cancel().test(id)) {
        cancelled++; // the losers of any / n
      }
    }
    st.branches.remove(n.id());
    st.outputs.put(n.id(), Map.of("branches", branches));
    statuses.completed(
        run,
        n.id(),
        finished.size()
            + " of "
            + b.ids.size()
            + " branches"
            + (cancelled > 0 ? ", " + cancelled + " cancelled" : ""),
        Map.of());
    return n.targets(Graph.NEXT);
  }

  private static int need(JsonNode mode, int branches) {
    if (mode.isObject() && mode.has("n")) {
      return Math.max(1, Math.min(branches, mode.get("n").asInt(branches)));
    }
    if (mode.isTextual() && mode.asText().equals("any")) {
      return 1;
    }
    return Math.max(1, branches);
  }

  /** A branch's variables and outputs, taken into the run (a later branch wins a clash). */
  @SuppressWarnings("unchecked")
  private static void take(RunState st, String result) {
    try {
      Map<String, Object> r = Graph.JSON.readValue(result, Map.class);
      Object vars = r.get("vars");
      if (vars instanceof Map<?, ?> v) {
        st.vars.putAll((Map<String, Object>) v);
      }
      Object outputs = r.get("outputs");
      if (outputs instanceof Map<?, ?> o) {
        o.forEach(
            (k, v) -> {
              if (v instanceof Map<?, ?> m) {
                st.outputs.put(String.valueOf(k), (Map<String, Object>) m);
              }
            });
      }
    } catch (java.io.IOException | RuntimeException e) {
      // a branch result that is not ours: nothing to take
    }
  }

  /** The payload of a branch: the same definition and input, starting at {@code start}. */
  private static String branch(Run run, JsonNode payload, String start) {
    ObjectNode p = base(run);
    p.put("start", start);
    p.put("branchOf", run.jobId());
    return p.toString();
  }

  /** What every child run carries: where its definition is, the input, the run's values. */
  private static ObjectNode base(Run run) {
    JsonNode payload = run.payload();
    ObjectNode p = Graph.JSON.createObjectNode();
    // the definition stays in the run's payload: a thousand branches do not copy it
    p.put(
        "definitionOf",
        payload.hasNonNull("definitionOf") ? payload.get("definitionOf").asText() : run.jobId());
    p.set("input", payload.path("input"));
    p.put("dryRun", run.dryRun());
    ObjectNode seed = p.putObject("seed");
    seed.set("vars", Graph.JSON.valueToTree(run.state().vars));
    seed.set("outputs", Graph.JSON.valueToTree(run.state().outputs));
    return p;
  }

  /**
   * The merge that joins branches starting at {@code starts}: the first merge reached that the
   * branches' own parallel nodes did not open (breadth first, counting parallel nodes opened and
   * merges passed on the way); null when there is none.
   */
  static String mergeAfter(Graph g, List<String> starts) {
    record At(String node, int open) {}
    Deque<At> queue = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (String s : starts) {
      queue.add(new At(s, 0));
      seen.add(s + "@0");
    }
    while (!queue.isEmpty()) {
      At at = queue.poll();
      Node n = g.node(at.node());
      int open = at.open();
      if (n.type().equals("merge")) {
        if (open == 0) {
          return n.id();
        }
        open--;
      } else if (n.type().equals("parallel")) {
        open++;
      }
      for (List<String> targets : n.out().values()) {
        for (String t : targets) {
          if (seen.add(t + "@" + open)) {
            queue.add(new At(t, open));
          }
        }
      }
    }
    return null;
  }
}
