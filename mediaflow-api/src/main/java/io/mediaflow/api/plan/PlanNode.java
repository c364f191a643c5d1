package io.mediaflow.api.plan;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.Estimate;
import java.util.Objects;

/**
 * One node of a job's graph.
 *
 * @param id the input id, the operation's result id, or {@code output:<index>} for an output
 * @param kind input, operation or output
 * @param operator the operator's name for an operation; empty otherwise
 * @param specPath where it is written in the spec: {@code inputs[0]}, {@code operations[2]}
 * @param stage the parallel stage it belongs to (0 for inputs)
 * @param media the media at this node, probed or predicted
 * @param estimate what computing this node costs (zero for inputs)
 */
public record PlanNode(
    String id,
    Kind kind,
    String operator,
    String specPath,
    int stage,
    MediaInfo media,
    Estimate estimate) {

  /** The three kinds of node. */
  public enum Kind {
    INPUT,
    OPERATION,
    OUTPUT
  }

  public PlanNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    operator = operator == null ? "" : operator;
    Objects.requireNonNull(specPath, "specPath");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(estimate, "estimate");
  }
}
