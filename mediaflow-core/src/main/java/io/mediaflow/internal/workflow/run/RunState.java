package io.mediaflow.internal.workflow.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's cursor, saved with {@code saveState("cursor", …)} after every node so that a resumed run
 * goes on from where it was ({@code loadState}) instead of walking the graph again from the top.
 * Its size follows the graph, not the work done: a loop keeps its items in a state of their own
 * ({@code loop:<node>}, saved once) and only its index here, and a node run again (a loop body)
 * overwrites its status and output. Plain fields for Jackson; used by the handler's thread only.
 */
public final class RunState {

  /** The saved state's name. */
  static final String NAME = "cursor";

  /** {@link #NAME}, for the status view. */
  public static final String NAME_PUBLIC = NAME;

  /** Reads a saved cursor. */
  public static RunState read(String json) {
    try {
      return Graph.JSON.readValue(json, RunState.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a workflow run's saved cursor cannot be read: " + e, e);
    }
  }

  /** The format of this state, for a later change of it. */
  public int version = 1;

  /** Nodes still to run, the next one last: a node stays on top until it has finished. */
  public List<String> pending = new ArrayList<>();

  /** The workflow's variables: its initial ones, then what output mappings wrote. */
  public Map<String, Object> vars = new LinkedHashMap<>();

  /** The output of every node that finished, by node id (the last one, in a loop body). */
  public Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();

  /** Per-node status by node id, in the order nodes were first reached. */
  public Map<String, NodeStatus> nodes = new LinkedHashMap<>();

  /** The loops under way, the innermost last. */
  public List<LoopFrame> loops = new ArrayList<>();

  /** The node on top of {@link #pending}, while it is being retried or paused; else null. */
  public Attempt current;

  /** The branches a merge waits for, by merge node id. */
  public Map<String, Branches> branches = new LinkedHashMap<>();

  /** How many nodes finished, loop bodies counted each time: the run's progress. */
  public long finished;

  /** A loop under way. */
  public static final class LoopFrame {
    /** The loop node. */
    public String node;

    /** The item whose body runs now, from 0. */
    public int index;

    /** How many items. */
    public int size;

    /** The depth of {@link RunState#pending} below the body: back to it, the item is done. */
    public int base;

    /** The item's name ({@code as}). */
    public String as;

    public LoopFrame() {}

    LoopFrame(String node, int size, int base, String as) {
      this.node = node;
      this.size = size;
      this.base = base;
      this.as = as;
    }
  }

  /** The branches of a parallel node, as its merge joins them. */
  public static final class Branches {
    /** The parallel node. */
    public String parallel;

    /** The branch runs (child jobs), in edge order. */
    public List<String> ids = new ArrayList<>();

    /** How many children the run had before these. */
    public long before;

    /** For a loop run in parallel: the next item to start. */
    public int next;

    public Branches() {}
  }

  /** Where the node on top stands in its error handling. */
  public static final class Attempt {
    /** The node. */
    public String node;

    /** Attempts made so far that failed. */
    public int failures;

    /** When the next attempt may start, epoch millis; 0 for at once. */
    public long retryAt;

    /** The node waits for the {@code resume} signal (error policy {@code pause}). */
    public boolean paused;

    /** The pause's notification was sent. */
    public boolean notified;

    /**
     * When this attempt of the node times out, epoch millis of the engine's clock; 0 for no timeout
     * or not started. Kept here so that a run resumed while the node waits (for its media job)
     * counts from the attempt's start, not from the resume.
     */
    public long deadline;

    public Attempt() {}

    Attempt(String node) {
      this.node = node;
    }
  }

  /** The state of one node, as a run's status shows it. */
  public static final class NodeStatus {
    /** RUNNING, WAITING, PAUSED, COMPLETED, SKIPPED or FAILED. */
    public String state;

    /** Epoch millis. */
    public long start;

    /** Epoch millis; 0 while it runs. */
    public long end;

    /** {@code end - start}, millis; 0 while it runs. */
    public long durationMillis;

    /** One line: what the action said it did, a branch taken, a loop's count. */
    public String summary = "";

    /** The code of the last error, empty for none. */
    public String errorCode = "";

    /** Its message. */
    public String errorMessage = "";

    /** What it waits for ("sleep until …", "signal approved"), empty when not waiting. */
    public String waitReason = "";

    /** How many times it ran, retries included (loop bodies count each item). */
    public int runs;

    public NodeStatus() {}
  }
}
