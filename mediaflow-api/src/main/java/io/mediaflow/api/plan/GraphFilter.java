package io.mediaflow.api.plan;

import io.mediaflow.api.operator.FilterArg;
import java.util.List;

/**
 * A filter in an invocation's graph with its pads resolved to labels. A label is either an input
 * stream ({@code 0:v:0}) or a name unique in the graph ({@code small_v}).
 *
 * @param name the filter name
 * @param args its options, unescaped
 * @param inputs labels it reads
 * @param outputs labels it writes
 * @param nodeId the plan node this filter belongs to (for fan-out splits, the node split)
 */
public record GraphFilter(
    String name, List<FilterArg> args, List<String> inputs, List<String> outputs, String nodeId) {

  public GraphFilter {
    args = List.copyOf(args);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
