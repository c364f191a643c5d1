package io.mediaflow.api.plan;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Estimate;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One run of the media tool: its inputs, one filter graph, and every output it writes.
 *
 * @param id {@code inv0}, {@code inv1}, … in run order
 * @param inputs the files it reads
 * @param filters its filter graph, in an order where every label is written before it is read;
 *     empty when nothing is filtered (a remux or plain transcode)
 * @param outputs the files it writes
 * @param expectedDuration the media time it processes, for progress and ETA
 * @param estimate what it is expected to cost
 * @param nodeIds the plan nodes it computes
 */
public record Invocation(
    String id,
    List<InvocationInput> inputs,
    List<GraphFilter> filters,
    List<InvocationOutput> outputs,
    MediaDuration expectedDuration,
    Estimate estimate,
    List<String> nodeIds) {

  public Invocation {
    inputs = List.copyOf(inputs);
    filters = List.copyOf(filters);
    outputs = List.copyOf(outputs);
    nodeIds = List.copyOf(nodeIds);
  }

  /** The same invocation with every output moved, for writing to temp files first. */
  public Invocation withOutputs(UnaryOperator<InvocationOutput> change) {
    return new Invocation(
        id,
        inputs,
        filters,
        outputs.stream().map(change).toList(),
        expectedDuration,
        estimate,
        nodeIds);
  }
}
