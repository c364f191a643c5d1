package io.mediaflow.internal.workflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.workflow.ActionNode;
import io.mediaflow.api.workflow.Edge;
import io.mediaflow.api.workflow.ErrorNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.MergeNode;
import io.mediaflow.api.workflow.Node;
import io.mediaflow.api.workflow.ParallelNode;
import io.mediaflow.api.workflow.TriggerNode;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.Suggestions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a workflow's graph: one trigger; edges between nodes that exist, from ports their
 * node has, one edge per port (but a parallel node's); no cycle; every node reachable from the
 * trigger (an error node through the nodes that name it); loops with a body; error nodes that fall
 * back with a fallback edge; merges that can complete.
 */
final class GraphChecks {

  private final Workflow wf;
  private final Map<String, Integer> index;
  private final List<Violation> out;
  private final int n;

  /** For each node, the indexes of the edges that leave it and that can be followed. */
  private final List<List<Integer>> outgoing = new ArrayList<>();

  GraphChecks(Workflow wf, Map<String, Integer> index, List<Violation> out) {
    this.wf = wf;
    this.index = index;
    this.out = out;
    this.n = wf.nodes().size();
    for (int i = 0; i < n; i++) {
      outgoing.add(new ArrayList<>());
    }
  }

  void check() {
    int trigger = triggers();
    edges();
    boolean acyclic = cycles();
    if (trigger >= 0) {
      reachable(trigger);
    }
    for (int i = 0; i < n; i++) {
      Node node = wf.nodes().get(i);
      String path = "nodes[" + i + "]";
      if (node instanceof LoopNode && !hasPort(i, LoopNode.EACH)) {
        out.add(
            new Violation(
                path,
                WorkflowErrors.LOOP_WITHOUT_BODY,
                "loop '" + node.id() + "' has no body: no edge leaves its \"each\" port",
                "add an edge {\"from\": \"" + node.id() + "\", \"to\": ..., \"port\": \"each\"}"));
      }
      if (node instanceof ErrorNode e) {
        boolean fallback = hasPort(i, ErrorNode.FALLBACK);
        if (e.policy().then() == ErrorPolicy.Then.FALLBACK && !fallback) {
          out.add(
              new Violation(
                  path + ".then",
                  ErrorCode.INVALID_VALUE,
                  "error node '" + node.id() + "' falls back, but no edge leaves its fallback port",
                  "add an edge {\"from\": \""
                      + node.id()
                      + "\", \"to\": ..., \"port\": \"fallback\"}"));
        }
      }
      if (node instanceof ParallelNode && outgoing.get(i).isEmpty()) {
        out.add(
            new Violation(
                path,
                ErrorCode.INVALID_VALUE,
                "parallel node '" + node.id() + "' has no branch",
                "add one edge from it for each branch"));
      }
    }
    if (acyclic) {
      merges();
    }
  }

  /** The index of the one trigger, or -1 when there is none or several (reported). */
  private int triggers() {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (wf.nodes().get(i) instanceof TriggerNode) {
        found.add(i);
      }
    }
    if (found.isEmpty()) {
      out.add(
          new Violation(
              "nodes",
              WorkflowErrors.TRIGGER_COUNT,
              "the workflow has no trigger node; it needs exactly one",
              "add {\"id\": \"start\", \"type\": \"trigger\"} and an edge from it to the first"
                  + " node"));
      return -1;
    }
    for (int k = 1; k < found.size(); k++) {
      out.add(
          new Violation(
              "nodes[" + found.get(k) + "]",
              WorkflowErrors.TRIGGER_COUNT,
              "the workflow has "
                  + found.size()
                  + " trigger nodes; it needs exactly one (the first is '"
                  + wf.nodes().get(found.get(0)).id()
                  + "')",
              "keep one trigger; start other ways in with another workflow"));
    }
    return found.size() == 1 ? found.get(0) : -1;
  }

  private void edges() {
    Map<String, Integer> taken = new HashMap<>();
    for (int k = 0; k < wf.edges().size(); k++) {
      Edge e = wf.edges().get(k);
      String path = "edges[" + k + "]";
      Integer from = index.get(e.from());
      Integer to = index.get(e.to());
      if (from == null) {
        out.add(dangling(path + ".from", e.from()));
      }
      if (to == null) {
        out.add(dangling(path + ".to", e.to()));
      }
      if (from == null || to == null) {
        continue;
      }
      Node source = wf.nodes().get(from);
      if (!source.ports().contains(e.port())) {
        List<String> ports = List.copyOf(source.ports());
        out.add(
            new Violation(
                path + ".port",
                WorkflowErrors.UNKNOWN_PORT,
                "a "
                    + source.type()
                    + " node has no port \""
                    + e.port()
                    + "\"; '"
                    + source.id()
                    + "' has "
                    + String.join(", ", ports),
                Suggestions.didYouMean(e.port(), ports)
                    .orElse("use one of " + String.join(", ", ports))));
        // still followed: where it leads is clear, and leaving it out would only add noise
        outgoing.get(from).add(k);
        continue;
      }
      if (wf.nodes().get(to) instanceof TriggerNode) {
        out.add(
            new Violation(
                path + ".to",
                ErrorCode.INVALID_VALUE,
                "an edge enters the trigger '" + e.to() + "'; the trigger is only where runs start",
                "point the edge at another node"));
        continue;
      }
      if (!(source instanceof ParallelNode)) {
        Integer before = taken.putIfAbsent(e.from() + "\u0000" + e.port(), k);
        if (before != null) {
          out.add(
              new Violation(
                  path,
                  ErrorCode.INVALID_VALUE,
                  "port \""
                      + e.port()
                      + "\" of '"
                      + e.from()
                      + "' already leads to '"
                      + wf.edges().get(before).to()
                      + "' (edges["
                      + before
                      + "]); a port leads to one node",
                  "to run both, put a parallel node after the port and a merge where they meet"));
        }
      }
      outgoing.get(from).add(k);
    }
  }

  private Violation dangling(String path, String id) {
    return new Violation(
        path,
        WorkflowErrors.DANGLING_EDGE,
        "the edge names node \"" + id + "\", but no node has that id",
        Suggestions.didYouMean(id, index.keySet())
            .orElse("known nodes: " + String.join(", ", index.keySet())));
  }

  /** Reports every edge that closes a cycle; true when there is none. */
  private boolean cycles() {
    int[] state = new int[n]; // 0 new, 1 on the path, 2 done
    int[] via = new int[n];
    boolean acyclic = true;
    for (int start = 0; start < n; start++) {
      if (state[start] != 0) {
        continue;
      }
      // iterative depth-first search: a graph of 10,000 nodes in a line must not overflow
      Deque<int[]> stack = new ArrayDeque<>();
      stack.push(new int[] {start, 0});
      state[start] = 1;
      via[start] = -1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        int node = top[0];
        List<Integer> edges = outgoing.get(node);
        if (top[1] == edges.size()) {
          state[node] = 2;
          stack.pop();
          continue;
        }
        int k = edges.get(top[1]++);
        int next = index.get(wf.edges().get(k).to());
        if (state[next] == 1) {
          acyclic = false;
          out.add(cycle(k, node, next, via));
        } else if (state[next] == 0) {
          state[next] = 1;
          via[next] = node;
          stack.push(new int[] {next, 0});
        }
      }
    }
    return acyclic;
  }

  private Violation cycle(int edge, int from, int to, int[] via) {
    List<String> ids = new ArrayList<>();
    for (int at = from; at != to && at >= 0; at = via[at]) {
      ids.add(0, wf.nodes().get(at).id());
    }
    ids.add(0, wf.nodes().get(to).id());
    ids.add(wf.nodes().get(to).id());
    return new Violation(
        "edges[" + edge + "]",
        WorkflowErrors.WORKFLOW_CYCLE,
        "the edge from '"
            + wf.nodes().get(from).id()
            + "' to '"
            + wf.nodes().get(to).id()
            + "' closes a cycle: "
            + String.join(" → ", ids),
        "a workflow is a graph without cycles: to repeat nodes, use a loop node over a list");
  }

  /** Reports the nodes no path reaches from the trigger or from a used error node. */
  private void reachable(int trigger) {
    BitSet seen = new BitSet(n);
    Deque<Integer> todo = new ArrayDeque<>();
    seen.set(trigger);
    todo.add(trigger);
    while (!todo.isEmpty()) {
      int i = todo.poll();
      List<Integer> next = new ArrayList<>();
      for (int k : outgoing.get(i)) {
        next.add(index.get(wf.edges().get(k).to()));
      }
      if (wf.nodes().get(i) instanceof ActionNode a && !a.settings().onError().isEmpty()) {
        Integer handler = index.get(a.settings().onError());
        if (handler != null) {
          next.add(handler);
        }
      }
      for (int j : next) {
        if (!seen.get(j)) {
          seen.set(j);
          todo.add(j);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!seen.get(i) && index.get(wf.nodes().get(i).id()) == i) {
        Node node = wf.nodes().get(i);
        out.add(
            new Violation(
                "nodes[" + i + "]",
                WorkflowErrors.UNREACHABLE_NODE,
                node instanceof ErrorNode
                    ? "error node '" + node.id() + "' is not named by any reachable node's onError"
                    : "no path leads from the trigger to "
                        + node.type()
                        + " node '"
                        + node.id()
                        + "'",
                node instanceof ErrorNode
                    ? "name it in the onError of the nodes it handles, or remove it"
                    : "add an edge to it, or remove it"));
      }
    }
  }

  /** Each merge is fed by the branches of a parallel node, at least as many as it waits for. */
  private void merges() {
    for (int m = 0; m < n; m++) {
      if (!(wf.nodes().get(m) instanceof MergeNode merge)) {
        continue;
      }
      int most = 0;
      for (int p = 0; p < n; p++) {
        if (wf.nodes().get(p) instanceof ParallelNode) {
          int branches = 0;
          for (int k : outgoing.get(p)) {
            if (reaches(index.get(wf.edges().get(k).to()), m)) {
              branches++;
            }
          }
          most = Math.max(most, branches);
        }
      }
      String path = "nodes[" + m + "]";
      if (most == 0) {
        out.add(
            new Violation(
                path,
                WorkflowErrors.MERGE_NEVER_COMPLETES,
                "merge '" + merge.id() + "' is not fed by the branches of a parallel node",
                "put a parallel node before it, with one edge for each branch that ends here"));
      } else if (merge.mode() == MergeNode.Mode.COUNT && merge.n() > most) {
        out.add(
            new Violation(
                path + ".mode.n",
                WorkflowErrors.MERGE_NEVER_COMPLETES,
                "merge '"
                    + merge.id()
                    + "' waits for "
                    + merge.n()
                    + " branches but only "
                    + most
                    + " reach it",
                "wait for at most " + most + ", or add branches"));
      }
    }
  }

  /**
   * Whether the branch starting at {@code from} ends at merge {@code target}: a branch ends at the
   * first merge it reaches that no parallel node inside the branch opened.
   */
  private boolean reaches(int from, int target) {
    Deque<int[]> todo = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    todo.add(new int[] {from, 0});
    while (!todo.isEmpty()) {
      int[] at = todo.poll();
      int i = at[0];
      int depth = at[1];
      if (!seen.add(((long) i << 32) | depth)) {
        continue;
      }
      Node node = wf.nodes().get(i);
      if (node instanceof MergeNode) {
        if (depth == 0) {
          if (i == target) {
            return true;
          }
          continue;
        }
        depth--;
      } else if (node instanceof ParallelNode) {
        depth++;
      }
      for (int k : outgoing.get(i)) {
        todo.add(new int[] {index.get(wf.edges().get(k).to()), depth});
      }
    }
    return false;
  }

  private boolean hasPort(int node, String port) {
    for (int k : outgoing.get(node)) {
      if (wf.edges().get(k).port().equals(port)) {
        return true;
      }
    }
    return false;
  }
}
