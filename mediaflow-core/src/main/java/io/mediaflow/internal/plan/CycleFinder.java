package io.mediaflow.internal.plan;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Finds cycles among operations (iteratively, so a chain of 100,000 operations cannot overflow the
 * stack), names each in data-flow order ({@code a → b → a}), and reports operations that depend on
 * a cycle as unreachable.
 */
final class CycleFinder {

  private static final int WHITE = 0;
  private static final int GRAY = 1;
  private static final int BLACK = 2;

  private final JobSpec spec;
  private final int[][] deps;
  private final List<Violation> violations;

  /**
   * @param deps for each operation, the operations it reads (by index)
   */
  CycleFinder(JobSpec spec, int[][] deps, List<Violation> violations) {
    this.spec = spec;
    this.deps = deps;
    this.violations = violations;
  }

  void find() {
    int n = deps.length;
    int[] color = new int[n];
    int[] next = new int[n];
    BitSet onCycle = new BitSet(n);
    // both empty again after each walk: one pair serves every start
    Deque<Integer> stack = new ArrayDeque<>();
    List<Integer> path = new ArrayList<>();
    for (int start = 0; start < n; start++) {
      if (color[start] != WHITE) {
        continue;
      }
      stack.push(start);
      color[start] = GRAY;
      path.add(start);
      while (!stack.isEmpty()) {
        int u = stack.peek();
        if (next[u] < deps[u].length) {
          int v = deps[u][next[u]++];
          if (color[v] == WHITE) {
            color[v] = GRAY;
            stack.push(v);
            path.add(v);
          } else if (color[v] == GRAY) {
            report(path.subList(path.indexOf(v), path.size()), onCycle);
          }
        } else {
          color[u] = BLACK;
          stack.pop();
          path.remove(path.size() - 1);
        }
      }
    }
    reportUnreachable(deps, onCycle);
  }

  /** {@code cycle} lists operations each depending on the next, the last on the first. */
  private void report(List<Integer> cycle, BitSet onCycle) {
    if (cycle.stream().allMatch(onCycle::get)) {
      return; // the same cycle, found again from another start
    }
    List<Integer> flow = new ArrayList<>(cycle);
    java.util.Collections.reverse(flow); // data flows from a dependency to its dependant
    int first = flow.indexOf(flow.stream().min(Integer::compare).orElseThrow());
    StringBuilder names = new StringBuilder();
    for (int k = 0; k <= flow.size(); k++) {
      int op = flow.get((first + k) % flow.size());
      if (k > 0) {
        names.append(" → ");
      }
      names.append(spec.operations().get(op).output());
    }
    int at = flow.get(first);
    cycle.forEach(onCycle::set);
    violations.add(
        new Violation(
            "operations[" + at + "].input",
            ErrorCode.CYCLE,
            "operations form a cycle: " + names,
            "break the cycle so that every result is computed from the inputs"));
  }

  private void reportUnreachable(int[][] deps, BitSet onCycle) {
    if (onCycle.isEmpty()) {
      return;
    }
    int n = deps.length;
    // an operation is unreachable when any of its dependencies is on or behind a cycle
    BitSet blocked = (BitSet) onCycle.clone();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (blocked.get(i)) {
          continue;
        }
        for (int d : deps[i]) {
          if (blocked.get(d)) {
            blocked.set(i);
            changed = true;
            break;
          }
        }
      }
    }
    for (int i = blocked.nextSetBit(0); i >= 0; i = blocked.nextSetBit(i + 1)) {
      if (!onCycle.get(i)) {
        violations.add(
            new Violation(
                "operations[" + i + "]",
                ErrorCode.UNREACHABLE,
                "'"
                    + spec.operations().get(i).output()
                    + "' can never be computed: it depends on a cycle",
                "break the cycle it depends on"));
      }
    }
  }
}
