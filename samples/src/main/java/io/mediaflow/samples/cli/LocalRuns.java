package io.mediaflow.samples.cli;

import io.mediaflow.LocalRun;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code run} and {@code plan} share: a {@link LocalRun} with the command's roots, network
 * choice and limits, stopped by Ctrl-C, whose downloads the shutdown hook removes if the command
 * cannot.
 */
final class LocalRuns {

  private LocalRuns() {}

  /**
   * @param toolbox where operators and the backend come from
   * @param allowRoots folders allowed besides the spec's folder (the working directory is not one)
   * @param allowPrivateNetwork whether URL inputs may be fetched from loopback and private networks
   * @param interruption stops a download or a run when the command is interrupted
   * @param limits the largest spec accepted
   */
  static LocalRun create(
      Toolbox toolbox,
      List<Path> allowRoots,
      boolean allowPrivateNetwork,
      Interruption interruption,
      JobLimitOptions limits) {
    LocalRun.Builder builder =
        LocalRun.builder()
            .operators(toolbox.operators())
            .mediaBackend(toolbox::backend)
            .jobLimits(limits.limits())
            .cancelWhen(interruption::requested);
    allowRoots.forEach(builder::allowRoot);
    if (allowPrivateNetwork) {
      builder.allowPrivateNetwork();
    }
    LocalRun run = builder.build();
    interruption.onAbandon(run::abandon);
    return run;
  }
}
