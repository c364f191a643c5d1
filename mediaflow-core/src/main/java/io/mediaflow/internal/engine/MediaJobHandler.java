package io.mediaflow.internal.engine;

import io.mediaflow.JobLimits;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.DownloadFolders;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.media.Downloads;
import io.mediaflow.internal.media.MediaJobResult;
import io.mediaflow.internal.media.MediaPipeline;
import io.mediaflow.internal.media.RemoteOutputs;
import io.mediaflow.internal.media.RunControl;
import io.mediaflow.internal.media.TempFiles;
import io.mediaflow.internal.observe.JobLogText;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.storage.MediaStorages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code media} job type: the payload is a {@link JobSpec} as JSON, parsed once per
 * attempt and run through the {@link MediaPipeline} the command line uses too. Stages: {@code
 * download} the {@code http(s)} inputs (only when there are any) into a folder of the job's own,
 * each under the circuit breaker of its host ({@code host:cdn.example.com}), the folder deleted
 * when the job ends however it ends; {@code probe} every input, {@code plan} (and the backend's
 * check of encoders and filters), {@code execute} under CPU admission and the backend's and
 * operators' circuit breakers, {@code verify} that every output exists and is not empty. The result
 * lists the files written ({@link MediaJobResult}).
 */
public final class MediaJobHandler implements JobHandler {

  public static final String TYPE = "media";

  private static final Logger LOG = LoggerFactory.getLogger(MediaJobHandler.class);

  /** Every job's download folder starts so: {@code mediaflow-job-ID.RANDOM.PID-HOST}. */
  static final String DOWNLOADS_PREFIX = DownloadFolders.JOB_PREFIX;

  /** Progress share of probing and planning; execution takes the rest up to 99 %. */
  private static final double PREPARED = 5;

  private final MediaPipeline pipeline;
  private final CpuAdmission admission;
  private final ToDoubleFunction<ProcessingPlan> weigher;
  private final Downloads downloads;
  private final Plans plans;

  /** Keeps the plan each media job runs, so it can be shown later. */
  @FunctionalInterface
  public interface Plans {
    /** Keeps nothing. */
    Plans NONE = (jobId, plan, backend) -> {};

    /** Called once per attempt that got as far as a verified plan, before it runs. */
    void planned(String jobId, ProcessingPlan plan, MediaBackend backend);
  }

  /**
   * How URL inputs are fetched.
   *
   * @param downloadRoot the folder in which each job's download folder is made; empty for the
   *     system's temp folder
   * @param allowPrivateNetwork whether loopback and private addresses may be fetched from
   */
  public record UrlInputs(Optional<Path> downloadRoot, boolean allowPrivateNetwork) {
    public UrlInputs {
      Objects.requireNonNull(downloadRoot, "downloadRoot");
    }

    /** Public addresses only, downloads in the system's temp folder. */
    public static UrlInputs ofDefaults() {
      return new UrlInputs(Optional.empty(), false);
    }
  }

  /**
   * @param storages what serves remote sources and destinations ({@code http(s):}, {@code s3:}, a
   *     host's schemes)
   */
  public MediaJobHandler(
      Supplier<MediaBackend> backend,
      OperatorRegistry operators,
      WorkspacePaths workspace,
      JobLimits limits,
      CpuAdmission admission,
      ToDoubleFunction<ProcessingPlan> weigher,
      UrlInputs urlInputs,
      Plans plans,
      MediaStorages storages) {
    this.plans = Objects.requireNonNull(plans, "plans");
    this.downloads = new Downloads(urlInputs.downloadRoot(), urlInputs.allowPrivateNetwork());
    this.pipeline = new MediaPipeline(operators, workspace, limits, backend, downloads, storages);
    this.admission = Objects.requireNonNull(admission, "admission");
    this.weigher = Objects.requireNonNull(weigher, "weigher");
  }

  /**
   * Cores a plan needs to run at real-time speed: its CPU seconds over the media seconds it
   * processes (at least one second, so a still image does not look infinitely heavy).
   */
  public static double cores(ProcessingPlan plan) {
    double media = Math.max(1.0, plan.expectedDuration().toSeconds());
    return plan.estimate().cpuSeconds() / media;
  }

  /**
   * The dry run of a media job: every step a run takes before it runs (the spec checked, URL inputs
   * fetched into a folder removed afterwards, inputs probed, the plan made and verified against the
   * backend), then {@code render} on the plan; nothing is queued, encoded or written.
   *
   * @throws io.mediaflow.api.ValidationException for a spec with mistakes or a plan the backend
   *     cannot run
   * @throws MediaFlowException for a download or probe that failed
   */
  public <T> T dryRun(JobSpec spec, BiFunction<ProcessingPlan, MediaBackend, T> render)
      throws Exception {
    try (MediaPipeline.Prepared prepared =
        pipeline.prepare(spec, DOWNLOADS_PREFIX + "dry-run.", () -> false)) {
      return render.apply(prepared.plan(), prepared.backend());
    }
  }

  /**
   * Runs the job. Remote outputs ({@code s3:}, …) are written to the job's output folder ({@link
   * Downloads#outputFolder}), verified, then uploaded in a stage {@code upload}. The folder is
   * removed when the job completes, and kept when an upload fails with a retryable error and
   * attempts are left: the next attempt finds the verified files there and uploads them without
   * encoding again.
   */
  @Override
  public Optional<String> handle(JobContext ctx) throws Exception {
    JobSpec spec = JobSpecReader.parse(ctx.job().payload());
    Control control = new Control(ctx);
    String key = ctx.job().id().replaceAll("[^A-Za-z0-9_-]", "_");
    String prefix = DOWNLOADS_PREFIX + key + ".";
    Path outputs = downloads.outputFolder(key);
    try {
      List<String> locations;
      Optional<RemoteOutputs> resumed = pipeline.resume(spec, outputs);
      if (resumed.isPresent()) {
        ctx.log(
            "INFO",
            "the outputs an earlier attempt encoded and verified are kept in "
                + outputs
                + ": uploading them without encoding again");
        locations = pipeline.upload(resumed.get(), control);
      } else {
        try (MediaPipeline.Prepared prepared =
            pipeline.prepare(spec, prefix, Optional.of(outputs), control)) {
          keepPlan(ctx, prepared);
          List<Path> written = admitted(ctx, prepared, control);
          locations = pipeline.upload(prepared, written, control);
        }
      }
      downloads.deleteOutputFolder(outputs);
      return Optional.of(new MediaJobResult(locations).toJson());
    } catch (Exception | Error e) {
      boolean again =
          e instanceof MediaFlowException m
              && m.retryable()
              && ctx.job().attempts() < ctx.job().maxAttempts()
              && !ctx.isCancelled();
      if (!again) {
        downloads.deleteOutputFolder(outputs);
      }
      throw e;
    }
  }

  /** Keeps the plan; one that cannot be kept is logged, and the job runs anyway. */
  private void keepPlan(JobContext ctx, MediaPipeline.Prepared prepared) {
    try {
      plans.planned(ctx.job().id(), prepared.plan(), prepared.backend());
    } catch (RuntimeException e) {
      LOG.warn("mediaflow: the plan of job {} could not be kept: {}", ctx.job().id(), e.toString());
    }
  }

  /** Runs the plan once the CPU admission lets it; its cores are given back however it ends. */
  private List<Path> admitted(JobContext ctx, MediaPipeline.Prepared prepared, Control control)
      throws Exception {
    double admitted = admission.acquire(weigher.applyAsDouble(prepared.plan()), ctx::isCancelled);
    if (admitted < 0 && ctx.isCancelled()) {
      throw new MediaFlowException(ErrorCode.CANCELLED, "the job was stopped", "");
    }
    control.cores = admitted; // the backend sizes its threads to them
    // a backend stuck past the timeout's grace must not keep its cores from the other media jobs
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable free =
        () -> {
          if (held.compareAndSet(true, false)) {
            admission.release(admitted);
          }
        };
    ctx.onAbandon(free);
    try {
      return pipeline.execute(prepared, false, control);
    } finally {
      free.run();
    }
  }

  /**
   * Cleans up after a mediaflow process that is gone on this host (killed with {@code kill -9},
   * crashed), before the engine takes work: stops the FFmpeg processes it left running (the media
   * backend marks each with its owner) and removes their temp files, then removes the download
   * folders it left. Never throws: a failed sweep is logged and the engine starts anyway.
   */
  public void sweepLeftovers() {
    try {
      TempFiles.stopAbandonedProcesses();
    } catch (RuntimeException e) {
      LOG.warn("could not stop the processes a killed mediaflow process left: {}", e.toString());
    }
    downloads.sweepOnce();
  }

  /**
   * Removes the download folders of jobs still running: the engine closes and has stopped or given
   * back those jobs, whose own clean-up may not get to run before the host exits.
   */
  public void close() {
    downloads.deleteAll();
  }

  /**
   * Removes the download folders in {@code root} that a process which is gone left behind (see
   * {@link DownloadFolders#sweep}).
   *
   * @return how many folders were removed
   */
  static int sweepAbandonedDownloads(Path root) {
    return DownloadFolders.sweep(root);
  }

  /** The result a media job stores: {@code {"outputs":["/abs/out.mp4", ...]}}. */
  static String resultJson(List<Path> written) {
    return MediaJobResult.of(written).toJson();
  }

  /** The pipeline's steps as the job's stages, breakers and progress. */
  private static final class Control implements RunControl {
    private final JobContext ctx;
    private volatile double cores = -1;

    Control(JobContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public boolean isCancelled() {
      return ctx.isCancelled();
    }

    @Override
    public <T> T stage(String name, Callable<T> work) throws Exception {
      long start = System.nanoTime();
      try (JobContext.Stage s = ctx.stage(name)) {
        try {
          T result = work.call();
          ctx.log("INFO", name + " done in " + since(start));
          return result;
        } catch (MediaFlowException e) {
          s.failed(e.code().code());
          ctx.log("WARN", name + " failed after " + since(start) + " with " + e.code().code());
          throw e;
        } catch (Exception | Error e) {
          s.failed(ErrorCode.INTERNAL.code());
          ctx.log("WARN", name + " failed after " + since(start));
          throw e;
        }
      }
    }

    private static String since(long startNanos) {
      return JobLogText.took(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    @Override
    public void log(String level, String message) {
      ctx.log(level, message);
    }

    @Override
    public OptionalDouble cpuCores() {
      return cores < 0 ? OptionalDouble.empty() : OptionalDouble.of(cores);
    }

    @Override
    public <T> T guarded(String key, Callable<T> call) throws Exception {
      return ctx.withCircuitBreaker(key, call);
    }

    @Override
    public void reached(String step) {
      switch (step) {
        case "probe" -> ctx.progress(2, step);
        case "plan" -> ctx.progress(PREPARED, step);
        default -> ctx.progress(100, step);
      }
    }

    @Override
    public void progress(Progress p) {
      ctx.progress(PREPARED + p.percent() * (99 - PREPARED) / 100, "execute", p.eta());
    }
  }
}
