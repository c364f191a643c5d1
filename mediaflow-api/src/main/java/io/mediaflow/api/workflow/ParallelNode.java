package io.mediaflow.api.workflow;

import java.util.Objects;
import java.util.Set;

/**
 * Starts branches: each of its outgoing edges is a branch run as a child job, and every branch ends
 * at a {@link MergeNode}.
 *
 * @param id the node's id
 */
public record ParallelNode(String id) implements Node {

  public ParallelNode {
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String type() {
    return "parallel";
  }

  @Override
  public Set<String> ports() {
    return Set.of(Edge.NEXT);
  }
}
