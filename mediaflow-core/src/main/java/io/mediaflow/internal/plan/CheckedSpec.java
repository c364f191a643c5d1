package io.mediaflow.internal.plan;

import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;

/**
 * A spec that passed validation, with what validation worked out: each operation's operator and
 * converted parameters, each output's container, and every reference resolved to a node number.
 *
 * <p>Nodes are numbered inputs first, then operations: input {@code i} is node {@code i}, operation
 * {@code i} is node {@code inputCount + i}. Planning works on these numbers and arrays indexed by
 * them, never on maps keyed by id: with 10,000 operations, id look-ups in job-wide hash maps were
 * most of the planner's time, each one a few cache misses.
 *
 * @param operationInputs the node each operation reads, per operation, in its input order
 * @param outputSources the node each output writes
 */
public record CheckedSpec(
    JobSpec spec,
    List<Operator> operators,
    List<Params> params,
    List<Containers> containers,
    int[][] operationInputs,
    int[] outputSources) {

  /** How many of the nodes are inputs; the operations follow them. */
  public int inputCount() {
    return spec.inputs().size();
  }

  /** Inputs plus operations. */
  public int nodeCount() {
    return spec.inputs().size() + spec.operations().size();
  }

  /** The node of operation {@code i}. */
  public int nodeOf(int operation) {
    return spec.inputs().size() + operation;
  }

  /** The id of node {@code node}: an input's id or an operation's result. */
  public String idOf(int node) {
    return idOf(spec, node);
  }

  /** The id of node {@code node} of {@code spec}, numbered as above; validation uses it too. */
  static String idOf(JobSpec spec, int node) {
    int inputs = spec.inputs().size();
    return node < inputs
        ? spec.inputs().get(node).id()
        : spec.operations().get(node - inputs).output();
  }
}
