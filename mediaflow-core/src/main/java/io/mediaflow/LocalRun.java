package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.DownloadFolders;
import io.mediaflow.internal.media.BuiltInStorages;
import io.mediaflow.internal.media.Downloads;
import io.mediaflow.internal.media.MediaBackends;
import io.mediaflow.internal.media.MediaInfoJson;
import io.mediaflow.internal.media.MediaPipeline;
import io.mediaflow.internal.media.RunControl;
import io.mediaflow.internal.media.TempFiles;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.storage.MediaStorages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one media job spec file on the calling thread, without an engine, a queue or a store: what
 * the {@code mediaflow} command line does. It goes through the same pipeline as the engine's media
 * jobs (check the spec, fetch URL inputs with the SSRF-guarded client, resolve paths, probe the
 * inputs in parallel, plan, verify, execute, put every output in place together), so a spec gives
 * the same plan and the same files either way.
 *
 * <p>Relative {@code file:} paths are read from the spec file's folder; absolute ones must lie in
 * that folder or in a root allowed with {@link Builder#allowRoot}. The working directory is not
 * allowed by itself.
 *
 * {@snippet :
 * LocalRun local = LocalRun.builder()
 *     .operators(OperatorRegistry.load(loader))
 *     .mediaBackend(() -> LocalRun.findBackend(loader).orElseThrow())
 *     .build();
 * try (LocalRun.Prepared job = local.prepare(Path.of("clip.json"))) {
 *   System.out.println(job.planMermaid());                     // the dry run
 *   List<Path> written = job.run(false, p -> bar.update(p.percent()));
 * }
 * }
 */
public final class LocalRun {

  private OperatorRegistry operators; // loaded on first use: probing needs none
  private final Supplier<MediaBackend> backend;
  private final List<Path> roots;
  private final JobLimits limits;
  private final BooleanSupplier cancelled;
  private final Downloads downloads;

  private LocalRun(Builder b) {
    this.operators = b.operators;
    this.backend = b.backend;
    this.roots = List.copyOf(b.roots);
    this.limits = b.limits == null ? JobLimits.ofDefaults() : b.limits;
    this.cancelled = b.cancelled == null ? () -> false : b.cancelled;
    this.downloads = new Downloads(Optional.empty(), b.allowPrivateNetwork);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a spec file and does everything but running it: check, fetch, resolve, probe, plan and
   * verify. Each step fails with the error of its own kind, in this order, so a spec with mistakes
   * is refused before any file is touched.
   *
   * @throws MediaFlowException {@code USAGE} when the file does not exist, then the errors of
   *     {@link JobSpecJson#read} and the planner together ({@link Planner#parse}), the downloads,
   *     the paths and the probes
   */
  public Prepared prepare(Path specFile) {
    Objects.requireNonNull(specFile, "specFile");
    Path spec = specFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(spec)) {
      throw new MediaFlowException(
          ErrorCode.USAGE,
          "spec file " + specFile + " does not exist",
          "give the path of a JSON job spec");
    }
    Workspace workspace = workspace(spec.getParent());
    // shape and meaning in one round: an unknown field does not hide an unknown operator
    JobSpec job = new Planner(operators(), workspace, limits).parse(JobSpecReader.text(spec));
    MediaPipeline pipeline =
        new MediaPipeline(
            operators(),
            workspace.paths(),
            limits,
            backend,
            downloads,
            BuiltInStorages.create(
                List.of(),
                LocalRun.class.getClassLoader(),
                workspace.paths(),
                downloads.allowPrivateNetwork(),
                MediaOptions.s3Settings(S3Options.ofDefaults())));
    return new Prepared(
        pipeline, call(() -> pipeline.prepare(job, DownloadFolders.COMMAND_PREFIX, control())));
  }

  /**
   * What a media file holds.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when there is no such file, else the
   *     backend's classified failure
   */
  public MediaInfo probe(Path file) {
    Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    MediaBackend tool = backend.get();
    if (!Files.exists(absolute)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "file not found: " + absolute,
          "check the path; relative file: sources are read from the spec's folder");
    }
    return tool.probe(absolute);
  }

  /**
   * Deletes the downloads of the runs still under way; never throws. For a shutdown hook, when the
   * JVM is going before the runs could clean up themselves.
   */
  public void abandon() {
    downloads.deleteAll();
  }

  /**
   * The media backend {@code loader} finds through {@link java.util.ServiceLoader}, if any.
   *
   * @throws MediaFlowException {@code PLUGIN_LOAD_FAILED} when one is there but cannot be loaded
   */
  public static Optional<MediaBackend> findBackend(ClassLoader loader) {
    return MediaBackends.find(loader);
  }

  /**
   * Stops the media programs that a mediaflow process which is gone ({@code kill -9}, a crash) left
   * running on this host, and removes their temp files. {@link MediaFlow#start()} does it; a host
   * that runs jobs with {@code LocalRun} alone calls it once at its start, as the {@code mediaflow}
   * command does.
   *
   * @return how many programs were stopped
   */
  public static int stopAbandonedProcesses() {
    return TempFiles.stopAbandonedProcesses();
  }

  /** What {@link #probe} returned, as JSON with durations in seconds. */
  public static String toJson(MediaInfo info) {
    return MediaInfoJson.write(Objects.requireNonNull(info, "info"));
  }

  /** A job ready to run; {@link #close()} deletes its downloads. */
  public final class Prepared implements AutoCloseable {
    private final MediaPipeline pipeline;
    private final MediaPipeline.Prepared prepared;

    private Prepared(MediaPipeline pipeline, MediaPipeline.Prepared prepared) {
      this.pipeline = pipeline;
      this.prepared = prepared;
    }

    /** The plan that {@link #run} runs. */
    public ProcessingPlan plan() {
      return prepared.plan();
    }

    /** The plan as JSON, with each invocation's arguments (see {@link PlanRenderer#json}). */
    public String planJson() {
      return PlanRenderer.json(prepared.plan(), prepared.backend());
    }

    /** The plan as a Mermaid graph (see {@link PlanRenderer#mermaid}). */
    public String planMermaid() {
      return PlanRenderer.mermaid(prepared.plan());
    }

    /**
     * Runs the plan and puts every output in place, all or none.
     *
     * @param overwrite replace existing destinations even where the spec does not allow it
     * @param progress overall progress, 0 to 100, on the calling thread
     * @return the real paths written, in the order of the spec's outputs; remote destinations
     *     ({@code s3:}) are uploaded and not listed
     */
    public List<Path> run(boolean overwrite, Consumer<Progress> progress) {
      Objects.requireNonNull(progress, "progress");
      RunControl control =
          new RunControl() {
            @Override
            public boolean isCancelled() {
              return cancelled.getAsBoolean();
            }

            @Override
            public void progress(Progress p) {
              progress.accept(p);
            }
          };
      return call(
          () -> {
            List<Path> written = pipeline.execute(prepared, overwrite, control);
            // remote outputs (s3:) are uploaded now; their local copies go with the downloads
            return pipeline.upload(prepared, written, control).stream()
                .filter(location -> !MediaStorages.isRemote(location))
                .map(Path::of)
                .toList();
          });
    }

    @Override
    public void close() {
      prepared.close();
    }
  }

  private synchronized OperatorRegistry operators() {
    if (operators == null) {
      operators = OperatorRegistry.load(LocalRun.class.getClassLoader());
    }
    return operators;
  }

  private RunControl control() {
    return cancelled::getAsBoolean;
  }

  private Workspace workspace(Path specFolder) {
    // the spec's folder and what the person allowed by name: not the working directory, which
    // is "/" for a service or a cron job and would open the whole machine to the spec
    Workspace.Builder builder = Workspace.builder().baseDirectory(specFolder);
    for (Path root : roots) {
      builder.allowRoot(root.toAbsolutePath().normalize());
    }
    return builder.build();
  }

  private interface Step<T> {
    T call() throws Exception;
  }

  /** The pipeline's steps throw only unchecked exceptions when no step of ours adds others. */
  private static <T> T call(Step<T> step) {
    try {
      return step.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, e.toString(), "please report this", false, e);
    }
  }

  /** Configures a {@link LocalRun}; each option but {@link #allowRoot} may be set once. */
  public static final class Builder {
    private OperatorRegistry operators;
    private Supplier<MediaBackend> backend;
    private final List<Path> roots = new ArrayList<>();
    private boolean allowPrivateNetwork;
    private JobLimits limits;
    private BooleanSupplier cancelled;

    private Builder() {}

    /** The operators specs may use; default those {@link OperatorRegistry#load} finds. */
    public Builder operators(OperatorRegistry value) {
      once(operators, "operators");
      operators = Objects.requireNonNull(value, "operators");
      return this;
    }

    /** The media backend; required. */
    public Builder mediaBackend(MediaBackend value) {
      Objects.requireNonNull(value, "mediaBackend");
      return mediaBackend(() -> value);
    }

    /** The media backend, asked for only when a spec is valid and first needs it; required. */
    public Builder mediaBackend(Supplier<MediaBackend> value) {
      once(backend, "mediaBackend");
      backend = Objects.requireNonNull(value, "mediaBackend");
      return this;
    }

    /** Also allows absolute paths inside {@code directory}; repeatable. */
    public Builder allowRoot(Path directory) {
      roots.add(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /**
     * Lets {@code http(s)} inputs come from loopback and private networks, as {@link
     * MediaFlow.Builder#allowPrivateNetwork()} does; off by default.
     */
    public Builder allowPrivateNetwork() {
      if (allowPrivateNetwork) {
        throw new IllegalStateException("allowPrivateNetwork is already set; set it once");
      }
      allowPrivateNetwork = true;
      return this;
    }

    /** The largest spec accepted; default {@link JobLimits#ofDefaults()}. */
    public Builder jobLimits(JobLimits value) {
      once(limits, "jobLimits");
      limits = Objects.requireNonNull(value, "jobLimits");
      return this;
    }

    /**
     * Stops downloads, probes' successors and runs once {@code value} turns true (asked often;
     * cheap and thread-safe); the run then fails with {@code CANCELLED} and leaves no output.
     */
    public Builder cancelWhen(BooleanSupplier value) {
      once(cancelled, "cancelWhen");
      cancelled = Objects.requireNonNull(value, "cancelWhen");
      return this;
    }

    public LocalRun build() {
      if (backend == null) {
        throw new IllegalStateException("mediaBackend is required");
      }
      return new LocalRun(this);
    }

    private static void once(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " is already set; set it once");
      }
    }
  }
}
