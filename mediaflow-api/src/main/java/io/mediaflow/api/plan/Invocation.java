package io.mediaflow.api.plan;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * @param nodeIds the plan nodes it computes; for an analysis run, the last is the node analysed
 * @param purpose whether it writes files or only measures
 */
public record Invocation(
    String id,
    List<InvocationInput> inputs,
    List<GraphFilter> filters,
    List<InvocationOutput> outputs,
    MediaDuration expectedDuration,
    Estimate estimate,
    List<String> nodeIds,
    Purpose purpose) {

  /** Why an invocation runs. */
  public enum Purpose {
    /** Writes the job's files. */
    ENCODE,
    /**
     * Measures something a later run needs (two-pass loudnorm): writes no file (its outputs use the
     * {@code null} container) and returns {@link
     * io.mediaflow.api.backend.ExecutionResult#measurements()}.
     */
    ANALYSIS
  }

  public Invocation {
    inputs = List.copyOf(inputs);
    filters = List.copyOf(filters);
    outputs = List.copyOf(outputs);
    nodeIds = List.copyOf(nodeIds);
    Objects.requireNonNull(purpose, "purpose");
  }

  /** An encoding run. */
  public Invocation(
      String id,
      List<InvocationInput> inputs,
      List<GraphFilter> filters,
      List<InvocationOutput> outputs,
      MediaDuration expectedDuration,
      Estimate estimate,
      List<String> nodeIds) {
    this(id, inputs, filters, outputs, expectedDuration, estimate, nodeIds, Purpose.ENCODE);
  }

  /**
   * The placeholder a filter argument holds where a value is only known after an analysis run:
   * {@code ${node.key}}. Only a whole argument value is ever replaced, so user text containing the
   * same characters elsewhere is left alone.
   */
  public static String placeholder(String nodeId, String key) {
    // the format lives with the argument (api.operator), so api.operator needs nothing from here
    return FilterArg.placeholder(nodeId, key);
  }

  /**
   * The same invocation with every placeholder argument replaced by its measured value.
   *
   * @param measured values by placeholder name ({@code node.key})
   * @throws IllegalStateException naming a placeholder that has no value
   */
  public Invocation withMeasurements(Map<String, String> measured) {
    List<GraphFilter> resolved =
        filters.stream()
            .map(
                f ->
                    new GraphFilter(
                        f.name(),
                        f.args().stream().map(a -> resolve(a, measured)).toList(),
                        f.inputs(),
                        f.outputs(),
                        f.nodeId()))
            .toList();
    return new Invocation(
        id, inputs, resolved, outputs, expectedDuration, estimate, nodeIds, purpose);
  }

  private static FilterArg resolve(FilterArg arg, Map<String, String> measured) {
    String v = arg.value();
    if (!(v.startsWith("${") && v.endsWith("}"))) {
      return arg;
    }
    String name = v.substring(2, v.length() - 1);
    String value = measured.get(name);
    if (value == null) {
      throw new IllegalStateException(
          "no measured value for " + v + "; the analysis run that provides it did not report it");
    }
    return new FilterArg(arg.key(), value);
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
        nodeIds,
        purpose);
  }
}
