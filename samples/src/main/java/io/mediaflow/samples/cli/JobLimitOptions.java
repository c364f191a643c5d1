package io.mediaflow.samples.cli;

import io.mediaflow.JobLimits;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import picocli.CommandLine.Option;

/**
 * {@code --max-inputs}, {@code --max-operations} and {@code --max-outputs}: how large a spec {@code
 * run} and {@code plan} accept (see {@link JobLimits}).
 */
final class JobLimitOptions {

  @Option(
      names = "--max-inputs",
      paramLabel = "N",
      description = "Refuse specs with more than N inputs (default: ${DEFAULT-VALUE}).")
  private int maxInputs = JobLimits.DEFAULT_MAX_INPUTS;

  @Option(
      names = "--max-operations",
      paramLabel = "N",
      description = "Refuse specs with more than N operations (default: ${DEFAULT-VALUE}).")
  private int maxOperations = JobLimits.DEFAULT_MAX_OPERATIONS;

  @Option(
      names = "--max-outputs",
      paramLabel = "N",
      description = "Refuse specs with more than N outputs (default: ${DEFAULT-VALUE}).")
  private int maxOutputs = JobLimits.DEFAULT_MAX_OUTPUTS;

  /**
   * The limits asked for.
   *
   * @throws MediaFlowException {@code USAGE} when one is below 1 or above {@link JobLimits#CEILING}
   */
  JobLimits limits() {
    check("--max-inputs", maxInputs);
    check("--max-operations", maxOperations);
    check("--max-outputs", maxOutputs);
    return new JobLimits(maxInputs, maxOperations, maxOutputs);
  }

  private static void check(String option, int value) {
    if (value < 1 || value > JobLimits.CEILING) {
      throw new MediaFlowException(
          ErrorCode.USAGE,
          option + " must be between 1 and " + JobLimits.CEILING + " but was " + value,
          "give a whole number in that range");
    }
  }
}
