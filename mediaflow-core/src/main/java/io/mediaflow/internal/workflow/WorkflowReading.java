package io.mediaflow.internal.workflow;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What reading a workflow document gave: the problems of its shape, and the workflow when every
 * node, edge and policy could be read (when the only problems are unknown fields).
 *
 * @param workflow the workflow read; empty when a part could not be read, so that checking its
 *     meaning would report what is only missing
 * @param shape the problems of the document's shape, in document order
 */
public record WorkflowReading(Optional<Workflow> workflow, List<Violation> shape) {

  public WorkflowReading {
    Objects.requireNonNull(workflow, "workflow");
    shape = List.copyOf(shape);
  }

  /** The problems of the shape, then, when the workflow could be read, those of its meaning. */
  public List<Violation> problems(Function<Workflow, List<Violation>> meaning) {
    if (workflow.isEmpty()) {
      return shape;
    }
    List<Violation> all = new ArrayList<>(shape);
    all.addAll(meaning.apply(workflow.get()));
    return all;
  }

  /** The workflow, or a {@link ValidationException} with the shape's problems. */
  public Workflow orThrow() {
    ValidationException.throwIfAny(shape);
    return workflow.orElseThrow();
  }
}
