package io.mediaflow.api.backend;

import java.util.Map;

/**
 * What a finished invocation reports besides its files.
 *
 * @param measurements values an analysis run measured, by name without the node prefix (for
 *     loudnorm: {@code input_i}, {@code input_tp}, {@code input_lra}, {@code input_thresh}, {@code
 *     target_offset}); empty for an encoding run
 */
public record ExecutionResult(Map<String, String> measurements) {

  /** A run that measured nothing. */
  public static final ExecutionResult EMPTY = new ExecutionResult(Map.of());

  public ExecutionResult {
    measurements = Map.copyOf(measurements);
  }
}
