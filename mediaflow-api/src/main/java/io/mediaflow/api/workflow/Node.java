package io.mediaflow.api.workflow;

import java.util.Set;

/**
 * One node of a {@link Workflow}: what the JSON form calls {@code {"id": ..., "type": ...}}.
 *
 * <p>A node leaves through named <em>ports</em>; each {@link Edge} starts at one port of its node
 * ({@link Edge#NEXT} unless it names another). Which ports a node has depends on its type: see
 * {@link #ports()}.
 */
public sealed interface Node
    permits TriggerNode,
        ActionNode,
        ConditionNode,
        SwitchNode,
        DelayNode,
        LoopNode,
        ParallelNode,
        MergeNode,
        ErrorNode {

  /**
   * Unique within the workflow; edges, templates ({@code ${nodes.<id>.output.x}}) and errors use
   * it.
   */
  String id();

  /**
   * The node's {@code type} in the JSON form: {@code trigger}, {@code action}, {@code condition},
   * ….
   */
  String type();

  /** The ports edges may start from, such as {@code next}, or {@code true} and {@code false}. */
  Set<String> ports();
}
