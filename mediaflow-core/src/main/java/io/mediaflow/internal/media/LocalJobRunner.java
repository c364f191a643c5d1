package io.mediaflow.internal.media;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a plan on the calling thread: every output is written to a temp file beside its destination,
 * and all of a job's outputs are moved into place together only after every invocation succeeded;
 * on failure every temp file is removed, so a job leaves all its outputs or none. Before running,
 * it sweeps the temp files a killed process left beside the destinations (see {@link
 * TempFiles#sweepTempFiles(Path, Duration, Clock)}); while it runs, the temp files it writes are
 * listed in a journal of this process, by which {@link TempFiles#stopAbandonedProcesses()} finds
 * them wherever they are if the process is killed.
 *
 * <p>Each destination is resolved once, before anything runs, to the real path it leads to
 * (symbolic links on its existing part followed, as {@link io.mediaflow.internal.WorkspacePaths}
 * does); the temp file is made in that real folder and moved to that real path, so the file checked
 * is the file written. A destination that exists but is not a regular file (a folder, FIFO, device
 * or socket) is refused even where overwriting is allowed. An output that may not replace a file is
 * put in place with an operation that fails when the destination exists (a hard link, or where the
 * file system has none a move without replace), so a file that appeared while the job ran is never
 * replaced.
 *
 * {@snippet :
 * LocalJobRunner runner = new LocalJobRunner(MediaBackends.require(loader));
 * List<Path> written = runner.run(plan, false, p -> bar.update(p.percent()));
 * }
 */
public final class LocalJobRunner {

  private final MediaBackend backend;
  private final BooleanSupplier cancelled;
  private final RunControl control;
  private final PipelineLog log;

  public LocalJobRunner(MediaBackend backend) {
    this(backend, (BooleanSupplier) () -> false);
  }

  /** A runner whose invocations stop when {@code cancelled} turns true. */
  public LocalJobRunner(MediaBackend backend, BooleanSupplier cancelled) {
    this(backend, (RunControl) Objects.requireNonNull(cancelled, "cancelled")::getAsBoolean);
  }

  /**
   * A runner whose invocations stop when {@code control} says so, and which writes each pass (its
   * command, how it ended) and the commit through {@link RunControl#log}.
   */
  public LocalJobRunner(MediaBackend backend, RunControl control) {
    this.backend = Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(control, "control");
    this.cancelled = control::isCancelled;
    this.control = control;
    this.log = new PipelineLog(control);
  }

  /**
   * Runs every invocation, then moves the outputs into place.
   *
   * @param overwrite replace existing destinations even where the spec does not allow it
   * @param progress receives overall progress, each invocation weighted by its estimated CPU work
   *     (by its media duration when the plan has no estimates)
   * @return the real paths of the destinations written, in the order of the plan's outputs
   * @throws MediaFlowException before anything runs: {@code DESTINATION_EXISTS}, {@code
   *     NOT_A_REGULAR_FILE} for a destination that is a folder, FIFO, device or socket, {@code
   *     INVALID_VALUE} for two outputs that are one real file, {@code PATH_NOT_ALLOWED} for a
   *     destination behind a broken symbolic link; the backend's classified failure; when the
   *     outputs are moved into place: {@code DESTINATION_EXISTS} for a destination that appeared
   *     during the run (then none of the outputs is left)
   */
  public List<Path> run(ProcessingPlan plan, boolean overwrite, Consumer<Progress> progress) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(progress, "progress");
    StagedOutputs staged = StagedOutputs.of(plan, overwrite);
    TempFiles.sweepDestinationFolders(plan);
    try {
      // progress weighs each run by its estimated CPU work (an analysis run only decodes; the
      // encoding run does the most); the time left goes by media seconds at the reported speed
      boolean estimated = plan.invocations().stream().allMatch(i -> i.estimate().cpuSeconds() > 0);
      double total = 0;
      double totalMedia = 0;
      for (Invocation i : plan.invocations()) {
        total += share(i, estimated);
        totalMedia += weight(i.expectedDuration());
      }
      double done = 0;
      double doneMedia = 0;
      Map<String, String> measured = new HashMap<>();
      int n = 0;
      int of = plan.invocations().size();
      for (Invocation inv : plan.invocations()) {
        n++;
        Invocation ready = inv.withMeasurements(measured);
        boolean analysis = inv.purpose() == Invocation.Purpose.ANALYSIS;
        Invocation stagedRun = analysis ? ready : ready.withOutputs(staged::stage);
        double share = share(inv, estimated);
        double shareMedia = weight(inv.expectedDuration());
        log.passStarts(n, of, stagedRun, backend);
        long passStart = System.nanoTime();
        ExecutionResult result;
        try {
          result =
              backend.execute(
                  stagedRun,
                  control(
                      progress,
                      new double[] {done, share, total},
                      new double[] {doneMedia, shareMedia, totalMedia}));
        } catch (RuntimeException e) {
          log.passFailed(n, of, stagedRun, passStart, e);
          throw e;
        }
        log.passEnded(n, of, stagedRun, passStart);
        if (analysis) {
          String node = inv.nodeIds().get(inv.nodeIds().size() - 1);
          result.measurements().forEach((k, v) -> measured.put(node + "." + k, v));
        }
        done += share;
        doneMedia += shareMedia;
      }
      List<Path> written = staged.commit();
      log.info(
          "committed "
              + written.size()
              + (written.size() == 1 ? " output" : " outputs")
              + ": every temp file moved into place together");
      progress.accept(new Progress(100, plan.expectedDuration(), 0, Optional.of(Duration.ZERO)));
      return written;
    } catch (RuntimeException e) {
      staged.discard();
      throw e;
    }
  }

  private static double weight(MediaDuration d) {
    return Math.max(d.toSeconds(), 0.001);
  }

  /** A run's part of the progress bar: its estimated CPU seconds, or its media seconds. */
  private static double share(Invocation inv, boolean estimated) {
    return estimated ? inv.estimate().cpuSeconds() : weight(inv.expectedDuration());
  }

  /**
   * @param work done before this run, this run's share and the total, in progress weight
   * @param media the same in media seconds, for the time left
   */
  private ExecutionControl control(Consumer<Progress> progress, double[] work, double[] media) {
    return new ExecutionControl() {
      @Override
      public void progress(Progress p) {
        double percent = Math.min(100, (work[0] + work[1] * p.percent() / 100) * 100 / work[2]);
        progress.accept(
            new Progress(
                percent, p.position(), p.speed(), planEta(p, media[0], media[1], media[2])));
      }

      @Override
      public boolean isCancelled() {
        return cancelled.getAsBoolean();
      }

      @Override
      public OptionalDouble cpuCores() {
        return control.cpuCores();
      }

      @Override
      public void log(String level, String message) {
        control.log(level, message);
      }
    };
  }

  /**
   * The time left for the whole plan: the running invocation's estimate plus the invocations after
   * it, at the speed it reports, or else at the pace of its own estimate.
   */
  static Optional<Duration> planEta(Progress p, double before, double share, double total) {
    if (p.eta().isEmpty()) {
      return Optional.empty();
    }
    Duration eta = p.eta().get();
    double later = total - before - share; // media seconds the following invocations weigh
    if (later <= 0.001) {
      return Optional.of(eta);
    }
    double laterSeconds;
    double left = share * (100 - p.percent()) / 100;
    if (p.speed() > 0) {
      laterSeconds = later / p.speed();
    } else if (left > 0.001) {
      laterSeconds = later * eta.toNanos() / 1e9 / left;
    } else {
      return Optional.of(eta); // no pace to go by: the running invocation's time is all we know
    }
    return Optional.of(eta.plusNanos(Math.round(laterSeconds * 1e9)));
  }
}
