package io.mediaflow.api.plan;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Estimate;
import java.util.List;
import java.util.Optional;

/**
 * What the planner made of a job: the graph with media predicted at every node, the stages that may
 * run in parallel, and the fused invocations that will run, in order.
 *
 * @param nodes every node, in topological (Kahn) order
 * @param edges every edge
 * @param stages node ids grouped by stage: a stage's nodes depend only on earlier stages
 * @param invocations the runs of the media tool, in order
 * @param estimate the total expected cost
 * @param expectedDuration the media time processed across all invocations, for progress
 */
public record ProcessingPlan(
    List<PlanNode> nodes,
    List<PlanEdge> edges,
    List<List<String>> stages,
    List<Invocation> invocations,
    Estimate estimate,
    MediaDuration expectedDuration) {

  public ProcessingPlan {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    stages = stages.stream().map(List::copyOf).toList();
    invocations = List.copyOf(invocations);
  }

  public Optional<PlanNode> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }
}
