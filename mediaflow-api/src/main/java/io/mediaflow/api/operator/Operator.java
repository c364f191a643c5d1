package io.mediaflow.api.operator;

import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import java.util.List;

/**
 * A media operator: one small, stateless class per operation, found through {@link
 * java.util.ServiceLoader}. Declare it in {@code
 * META-INF/services/io.mediaflow.api.operator.Operator} (and in {@code module-info} with {@code
 * provides}).
 *
 * <p>The engine converts and checks parameters against {@link #descriptor()} before calling
 * anything else, so the {@link Params} passed in are of the declared types and within the declared
 * rules.
 */
public interface Operator {

  /** The stable id used in specs, such as {@code trim}. Defaults to the descriptor's name. */
  default String name() {
    return descriptor().name();
  }

  /** Inputs arity, parameters and their rules, and a description for the catalogue. */
  OperatorDescriptor descriptor();

  /**
   * Rules across parameters that the descriptor cannot express (for example: {@code duration} and
   * {@code end} exclude each other). Return every problem, each with its path from {@code ctx}.
   */
  default List<Violation> validate(Params params, ValidationContext ctx) {
    return List.of();
  }

  /** The media this operator produces from its inputs (duration, tracks, size, rate). */
  MediaInfo outputMetadata(Params params, List<MediaInfo> inputs);

  /** The filters that do the work, as structured data. */
  FilterFragment compile(Params params, CompileContext ctx);

  /** What running it on these inputs is expected to cost. */
  Estimate estimate(Params params, List<MediaInfo> inputs);

  /**
   * The filters of a measuring pass that must run before the job's encoding run, for operators that
   * need to see all of their input first (two-pass loudnorm). The planner then adds an analysis
   * invocation computing this operator's inputs followed by this fragment, with every result
   * discarded; the backend reports what the filters printed as {@link
   * io.mediaflow.api.backend.ExecutionResult#measurements()}, and {@link #compile} refers to those
   * values with {@link CompileContext#measured(String)}.
   *
   * @return empty (the default) for a single pass
   */
  default java.util.Optional<FilterFragment> analysis(Params params, CompileContext ctx) {
    return java.util.Optional.empty();
  }
}
