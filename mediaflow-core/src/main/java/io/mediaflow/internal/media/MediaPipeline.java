package io.mediaflow.internal.media;

import io.mediaflow.JobLimits;
import io.mediaflow.Locations;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.plan.CheckedSpec;
import io.mediaflow.internal.plan.SpecPlanner;
import io.mediaflow.internal.storage.MediaStorages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The one way a media job runs, for the engine's {@code media} jobs and the command line alike:
 * check the spec (once), fetch its URL inputs, resolve its paths in the workspace, probe the inputs
 * in parallel, plan, have the backend verify the plan, then execute it and commit every output
 * together, and verify that each output is there. What differs between the callers (stage timing,
 * circuit breakers, progress, cancel) is the {@link RunControl} they pass.
 *
 * {@snippet :
 * try (MediaPipeline.Prepared prepared = pipeline.prepare(spec, DownloadFolders.COMMAND_PREFIX, control)) {
 *   List<Path> written = pipeline.execute(prepared, false, control);
 * }
 * }
 */
public final class MediaPipeline {

  private final SpecPlanner planner;
  private final WorkspacePaths workspace;
  private final Supplier<MediaBackend> backend;
  private final Downloads downloads;
  private final MediaStorages storages;

  /**
   * @param operators the operators specs may use
   * @param workspace where inputs, outputs and the files parameters name may be
   * @param limits the largest spec accepted
   * @param backend the media backend, looked up when a job first needs it
   * @param downloads where remote inputs are fetched to
   * @param storages what serves the remote sources and destinations ({@code http(s):}, {@code s3:},
   *     a host's schemes)
   */
  public MediaPipeline(
      OperatorRegistry operators,
      WorkspacePaths workspace,
      JobLimits limits,
      Supplier<MediaBackend> backend,
      Downloads downloads,
      MediaStorages storages) {
    this.storages = Objects.requireNonNull(storages, "storages");
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.planner = new SpecPlanner(operators, workspace, limits);
    this.backend = Objects.requireNonNull(backend, "backend");
    this.downloads = Objects.requireNonNull(downloads, "downloads");
  }

  /**
   * A plan ready to run, the backend that runs it, and the folder of the downloads it reads, which
   * {@link #close()} deletes.
   */
  public final class Prepared implements AutoCloseable {
    private final ProcessingPlan plan;
    private final MediaBackend backend;
    private final Optional<Path> folder;
    private final Optional<RemoteOutputs> remote;
    private final StreamedInputs streamed;

    private Prepared(
        ProcessingPlan plan,
        MediaBackend backend,
        Optional<Path> folder,
        Optional<RemoteOutputs> remote,
        StreamedInputs streamed) {
      this.plan = plan;
      this.backend = backend;
      this.folder = folder;
      this.remote = remote;
      this.streamed = streamed;
    }

    public ProcessingPlan plan() {
      return plan;
    }

    public MediaBackend backend() {
      return backend;
    }

    /** Deletes the downloads; never throws. */
    @Override
    public void close() {
      folder.ifPresent(downloads::delete);
    }
  }

  /**
   * Everything before running: check, sign the URLs of streamed inputs ({@link StreamedInputs}),
   * fetch the other remote inputs, resolve, probe, plan, verify. Each step fails with the error of
   * its own kind, in this order, so a spec with mistakes is refused before any file is touched.
   *
   * @param downloadPrefix the name of the download folder, made only when there are URL inputs
   * @throws ValidationException for a spec with mistakes, or a plan the backend cannot run
   * @throws MediaFlowException for a download, path or probe that failed; the downloads are gone
   */
  public Prepared prepare(JobSpec spec, String downloadPrefix, RunControl control)
      throws Exception {
    return prepare(spec, downloadPrefix, Optional.empty(), control);
  }

  /**
   * Like {@link #prepare(JobSpec, String, RunControl)}, with the folder remote outputs ({@code
   * s3:}, …) are written to before they are uploaded: one named after the job, so that a retry
   * finds what an earlier attempt encoded ({@link #resume}); empty for the download folder.
   */
  public Prepared prepare(
      JobSpec spec, String downloadPrefix, Optional<Path> outputFolder, RunControl control)
      throws Exception {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(control, "control");
    CheckedSpec checked = planner.check(spec); // once per run: planning reuses it
    ValidationException.throwIfAny(storages.problems(spec));
    checkCancelled(control);
    boolean remoteInputs =
        spec.inputs().stream()
            .anyMatch(in -> MediaStorages.isRemote(in.source()) && !StreamedInputs.streamed(in));
    boolean remoteOutputs = RemoteOutputs.any(spec);
    StreamedInputs streamed =
        spec.inputs().stream().anyMatch(StreamedInputs::streamed)
            ? StreamedInputs.sign(spec, storages)
            : StreamedInputs.none();
    if (!remoteInputs && !remoteOutputs) {
      return prepare(
          checked, spec, workspace, Optional.empty(), Optional.empty(), streamed, control);
    }
    Path folder = downloads.open(downloadPrefix);
    try {
      JobSpec local =
          remoteInputs
              ? control.stage("download", () -> RemoteInputs.fetch(spec, storages, folder, control))
              : spec;
      WorkspacePaths files = workspace.withRoot(folder);
      Optional<RemoteOutputs> remote = Optional.empty();
      if (remoteOutputs) {
        Path out = outputFolder.orElse(folder);
        Downloads.createPrivate(out);
        RemoteOutputs.Staged staged = RemoteOutputs.stage(local, storages, out, control);
        local = staged.spec();
        remote = Optional.of(staged.outputs());
        files = out.equals(folder) ? files : files.withRoot(out);
      }
      return prepare(checked, local, files, Optional.of(folder), remote, streamed, control);
    } catch (Exception | Error e) {
      downloads.delete(folder);
      throw e;
    }
  }

  /**
   * The remote outputs an earlier attempt of {@code spec} encoded and verified into {@code
   * outputFolder} and did not upload all of; empty when the job must encode (again).
   */
  public Optional<RemoteOutputs> resume(JobSpec spec, Path outputFolder) {
    return RemoteOutputs.any(spec)
        ? RemoteOutputs.resume(outputFolder, spec, storages)
        : Optional.empty();
  }

  private Prepared prepare(
      CheckedSpec checked,
      JobSpec local,
      WorkspacePaths files,
      Optional<Path> folder,
      Optional<RemoteOutputs> remote,
      StreamedInputs streamed,
      RunControl control)
      throws Exception {
    MediaBackend tool = backend.get();
    Probed probed =
        control.stage(
            "probe",
            () -> {
              Locations where = files.resolve(StreamedInputs.withoutStreamed(local));
              for (Map.Entry<String, Path> input : where.inputs().entrySet()) {
                requireFile(input.getValue(), "input '" + input.getKey() + "'");
              }
              checkCancelled(control);
              Map<String, MediaInfo> media =
                  new LinkedHashMap<>(ParallelProber.probeAll(tool, where.inputs()));
              for (Map.Entry<String, URI> url : streamed.urls().entrySet()) {
                checkCancelled(control);
                media.put(url.getKey(), streamed.redacting(() -> tool.probe(url.getValue())));
              }
              return new Probed(where, media);
            });
    control.reached("probe");
    PipelineLog log = new PipelineLog(control);
    log.probed(probed.media());
    ProcessingPlan plan =
        control.stage(
            "plan",
            () -> {
              ProcessingPlan p =
                  planner.plan(checked, probed.media(), probed.where(), streamed.shown());
              ValidationException.throwIfAny(tool.verify(p));
              return p;
            });
    control.reached("plan");
    log.planned(plan, tool);
    return new Prepared(plan, tool, folder, remote, streamed);
  }

  /** Where a run's files are, and what its inputs hold. */
  private record Probed(Locations where, Map<String, MediaInfo> media) {}

  /**
   * Runs a prepared plan and puts its outputs in place, all of them or none.
   *
   * @param overwrite replace existing destinations even where the spec does not allow it
   * @return the real paths written, in the order of the spec's outputs
   */
  public List<Path> execute(Prepared prepared, boolean overwrite, RunControl control)
      throws Exception {
    MediaBackend tool = prepared.backend();
    ProcessingPlan plan = prepared.plan();
    List<Path> written =
        control.stage(
            "execute",
            () ->
                underBreakers(
                    control,
                    breakerKeys(tool, plan),
                    () ->
                        new LocalJobRunner(new Verifying(tool, prepared.streamed), control)
                            .run(plan, overwrite, control::progress)));
    control.stage("verify", () -> checkOutputs(written));
    prepared.remote.ifPresent(remote -> remote.encoded(written));
    control.reached("verify");
    new PipelineLog(control).wrote(written);
    return written;
  }

  /**
   * Uploads the remote outputs of a run that {@link #execute} wrote and verified, in a stage {@code
   * upload}; nothing when it has none.
   *
   * @param written what {@link #execute} returned
   * @return every output's location in the spec's order: the real path of a local file, the
   *     destination as written for a remote one
   */
  public List<String> upload(Prepared prepared, List<Path> written, RunControl control)
      throws Exception {
    if (prepared.remote.isEmpty()) {
      return written.stream().map(p -> p.toAbsolutePath().toString()).toList();
    }
    return upload(prepared.remote.get(), control);
  }

  /**
   * Uploads what {@link #resume} found, or what {@link #execute} left, in a stage {@code upload}.
   *
   * @return as {@link #upload(Prepared, List, RunControl)}
   */
  public List<String> upload(RemoteOutputs remote, RunControl control) throws Exception {
    return control.stage("upload", () -> remote.upload(control, new PipelineLog(control)));
  }

  /**
   * The breakers a run goes through: the backend's, then one per operator the plan uses, by name. A
   * failure counts against each of them. Only the failure rate opens a breaker, so an operator that
   * fails most of the jobs it is in (a broken plugin, a filter this FFmpeg mishandles) opens its
   * own breaker and fails those jobs fast, while operators that merely share a few failing jobs
   * with it stay closed, and jobs without it go on.
   */
  public static List<String> breakerKeys(MediaBackend tool, ProcessingPlan plan) {
    List<String> keys = new ArrayList<>();
    keys.add("backend:" + tool.name());
    plan.nodes().stream()
        .filter(n -> n.kind() == PlanNode.Kind.OPERATION)
        .map(PlanNode::operator)
        .distinct()
        .sorted()
        .forEach(name -> keys.add("operator:" + name));
    return keys;
  }

  /** Runs {@code call} under every breaker of {@code keys}, the first outermost. */
  private static <T> T underBreakers(RunControl control, List<String> keys, Callable<T> call)
      throws Exception {
    Callable<T> wrapped = call;
    for (int k = keys.size() - 1; k >= 0; k--) {
      String key = keys.get(k);
      Callable<T> inner = wrapped;
      wrapped = () -> control.guarded(key, inner);
    }
    return wrapped.call();
  }

  /** Says plainly when an input is not there rather than leaving it to the tool. */
  static void requireFile(Path file, String what) {
    if (!Files.exists(file)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          what + " not found: " + file,
          "check the path; relative file: sources are read from the spec's folder");
    }
  }

  private static Void checkOutputs(List<Path> written) {
    for (Path p : written) {
      long size;
      try {
        size = Files.exists(p) ? Files.size(p) : -1;
      } catch (IOException e) {
        size = -1;
      }
      if (size <= 0) {
        throw new MediaFlowException(
            JobErrorCodes.OUTPUT_INVALID,
            size < 0 ? "output " + p + " is missing after the run" : "output " + p + " is empty",
            "the media tool reported success but wrote nothing usable; check the spec's codecs"
                + " and the tool's log",
            true,
            null);
      }
    }
    return null;
  }

  static void checkCancelled(RunControl control) {
    if (control.isCancelled()) {
      throw new MediaFlowException(ErrorCode.CANCELLED, "the job was stopped", "");
    }
  }

  /**
   * Checks after every encoding run that each file it was to write exists and is not empty, so a
   * tool that reports success without output fails with {@code OUTPUT_INVALID} before anything is
   * committed.
   */
  private static final class Verifying implements MediaBackend {
    private final MediaBackend tool;
    private final StreamedInputs streamed;

    Verifying(MediaBackend tool, StreamedInputs streamed) {
      this.tool = tool;
      this.streamed = streamed;
    }

    @Override
    public String name() {
      return tool.name();
    }

    @Override
    public MediaInfo probe(Path file) {
      return tool.probe(file);
    }

    @Override
    public MediaInfo probe(URI url) {
      return tool.probe(url);
    }

    @Override
    public List<Violation> verify(ProcessingPlan plan) {
      return tool.verify(plan);
    }

    @Override
    public List<String> arguments(Invocation invocation) {
      return tool.arguments(invocation);
    }

    @Override
    public List<String> notes(Invocation invocation) {
      return tool.notes(invocation);
    }

    @Override
    public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
      ExecutionResult result =
          streamed.redacting(() -> tool.execute(streamed.signed(invocation), control));
      if (invocation.purpose() == Invocation.Purpose.ENCODE) {
        checkOutputs(invocation.outputs().stream().map(o -> Path.of(o.location())).toList());
      }
      return result;
    }
  }
}
