package io.mediaflow;

/**
 * How large one media job may be: the most inputs, operations and outputs a {@link
 * io.mediaflow.api.spec.JobSpec} may have. A larger spec is refused by validation ({@link
 * Planner#validate}, so by {@link MediaFlow#submit} and the command line) with {@code
 * JOB_TOO_LARGE}, before anything else about it is checked.
 *
 * <p>The bound is on work, not on memory: a spec is read whole anyway, but a few thousand chained
 * filters keep FFmpeg busy for minutes, well inside the default media timeout, so a spec from
 * outside could tie up a worker with one small document. The defaults hold every real job we know
 * of with room to spare (the project's {@code docs/decisions.md} says why these numbers); a host
 * that plans large generated jobs raises them.
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .jobLimits(JobLimits.ofDefaults().withMaxOperations(2_000))
 *     .build();
 * }
 *
 * @param maxInputs the most inputs, 1 to {@link #CEILING}
 * @param maxOperations the most operations, 1 to {@link #CEILING}
 * @param maxOutputs the most outputs, 1 to {@link #CEILING}
 */
public record JobLimits(int maxInputs, int maxOperations, int maxOutputs) {

  /** Inputs of one job by default: a long concat or a grid of clips, with room to spare. */
  public static final int DEFAULT_MAX_INPUTS = 100;

  /** Operations of one job by default: FFmpeg sets up 500 chained filters in a few seconds. */
  public static final int DEFAULT_MAX_OPERATIONS = 500;

  /** Outputs of one job by default: every rendition and poster of a media ladder, and more. */
  public static final int DEFAULT_MAX_OUTPUTS = 50;

  /** The largest any limit may be set to. */
  public static final int CEILING = 1_000_000;

  private static final JobLimits DEFAULTS =
      new JobLimits(DEFAULT_MAX_INPUTS, DEFAULT_MAX_OPERATIONS, DEFAULT_MAX_OUTPUTS);

  /**
   * @throws IllegalArgumentException when a limit is below 1 or above {@link #CEILING}
   */
  public JobLimits {
    check("maxInputs", maxInputs);
    check("maxOperations", maxOperations);
    check("maxOutputs", maxOutputs);
  }

  /**
   * {@value #DEFAULT_MAX_INPUTS} inputs, {@value #DEFAULT_MAX_OPERATIONS} operations, {@value
   * #DEFAULT_MAX_OUTPUTS} outputs.
   */
  public static JobLimits ofDefaults() {
    return DEFAULTS;
  }

  /** These limits with another most inputs. */
  public JobLimits withMaxInputs(int value) {
    return new JobLimits(value, maxOperations, maxOutputs);
  }

  /** These limits with another most operations. */
  public JobLimits withMaxOperations(int value) {
    return new JobLimits(maxInputs, value, maxOutputs);
  }

  /** These limits with another most outputs. */
  public JobLimits withMaxOutputs(int value) {
    return new JobLimits(maxInputs, maxOperations, value);
  }

  private static void check(String name, int value) {
    if (value < 1 || value > CEILING) {
      throw new IllegalArgumentException(
          name + " must be between 1 and " + CEILING + " but was " + value);
    }
  }
}
