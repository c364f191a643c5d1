package io.mediaflow.internal.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.JobSpecJson;
import io.mediaflow.LocalJobRunner;
import io.mediaflow.Locations;
import io.mediaflow.Planner;
import io.mediaflow.Sources;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.DownloadFolders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code media} job type: the payload is a {@link JobSpec} as JSON. Stages: {@code
 * download} the {@code http(s)} inputs (only when there are any) with the SSRF-guarded {@link
 * Sources} into a folder of the job's own, each under the circuit breaker of its host ({@code
 * host:cdn.example.com}), the folder deleted when the job ends however it ends; {@code probe} every
 * input, {@code plan} (and the backend's check of encoders and filters), {@code execute} under CPU
 * admission and the backend's circuit breaker, {@code verify} that every output exists and is not
 * empty. The result lists the files written: {@code {"outputs":["/abs/a.mp4"]}}.
 */
public final class MediaJobHandler implements JobHandler {

  public static final String TYPE = "media";

  private static final Logger LOG = LoggerFactory.getLogger(MediaJobHandler.class);

  /** Every job's download folder starts so: {@code mediaflow-job-ID.RANDOM.PID-HOST}. */
  static final String DOWNLOADS_PREFIX = DownloadFolders.JOB_PREFIX;

  /** Progress share of probing and planning; execution takes the rest up to 99 %. */
  private static final double PREPARED = 5;

  private final Supplier<MediaBackend> backend;
  private final Planner planner;
  private final Workspace workspace;
  private final CpuAdmission admission;
  private final ToDoubleFunction<ProcessingPlan> weigher;
  private final UrlInputs urlInputs;

  /**
   * Whether this handler swept the download folders a killed process left: at the engine's start,
   * or at the first download of a handler that runs without one.
   */
  private final AtomicBoolean swept = new AtomicBoolean();

  /** The download folders of jobs running now, removed by {@link #close()} if still there. */
  private final Set<Path> folders = ConcurrentHashMap.newKeySet();

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

  public MediaJobHandler(
      Supplier<MediaBackend> backend,
      Planner planner,
      Workspace workspace,
      CpuAdmission admission,
      ToDoubleFunction<ProcessingPlan> weigher,
      UrlInputs urlInputs) {
    this.backend = backend;
    this.planner = planner;
    this.workspace = workspace;
    this.admission = admission;
    this.weigher = weigher;
    this.urlInputs = Objects.requireNonNull(urlInputs, "urlInputs");
  }

  /**
   * Cores a plan needs to run at real-time speed: its CPU seconds over the media seconds it
   * processes (at least one second, so a still image does not look infinitely heavy).
   */
  public static double cores(ProcessingPlan plan) {
    double media = Math.max(1.0, plan.expectedDuration().toSeconds());
    return plan.estimate().cpuSeconds() / media;
  }

  @Override
  public Optional<String> handle(JobContext ctx) throws Exception {
    JobSpec submitted = JobSpecJson.parse(ctx.job().payload());
    if (submitted.inputs().stream().noneMatch(in -> Sources.isUrl(in.source()))) {
      return run(ctx, submitted, workspace);
    }
    checkCancelled(ctx);
    Path folder = downloadFolder(ctx.job().id());
    try (Sources.Fetched fetched = stage(ctx, "download", () -> download(ctx, submitted, folder))) {
      Workspace.Builder withDownloads =
          Workspace.builder().baseDirectory(workspace.baseDirectory()).allowRoot(folder);
      workspace.roots().forEach(withDownloads::allowRoot);
      return run(ctx, fetched.spec(), withDownloads.build());
    } finally {
      deleteTree(folder);
      folders.remove(folder);
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
      LocalJobRunner.stopAbandonedProcesses();
    } catch (RuntimeException e) {
      LOG.warn("could not stop the processes a killed mediaflow process left: {}", e.toString());
    }
    if (swept.compareAndSet(false, true)) {
      try {
        DownloadFolders.sweep(downloadRoot());
      } catch (RuntimeException e) {
        LOG.warn("could not sweep abandoned download folders: {}", e.toString());
      }
    }
  }

  /**
   * Removes the download folders of jobs still running: the engine closes and has stopped or given
   * back those jobs, whose own clean-up may not get to run before the host exits.
   */
  public void close() {
    for (Path folder : folders) {
      deleteTree(folder);
      folders.remove(folder);
    }
  }

  private Path downloadRoot() {
    return urlInputs.downloadRoot().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Fetches every URL input into {@code folder}, each under its host's circuit breaker, so a host
   * that keeps failing is left alone for a while instead of being asked again by every job.
   */
  private Sources.Fetched download(JobContext ctx, JobSpec spec, Path folder) {
    Sources.Builder builder = Sources.builder().downloadDirectory(folder);
    if (urlInputs.allowPrivateNetwork()) {
      builder.allowPrivateNetwork();
    }
    return builder
        .build()
        .fetch(
            spec,
            (url, download) -> {
              checkCancelled(ctx);
              Optional<String> host = host(url);
              if (host.isEmpty()) {
                return download.get(); // the downloader refuses it with the reason
              }
              try {
                return ctx.withCircuitBreaker("host:" + host.get(), download::get);
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new MediaFlowException(
                    ErrorCode.INTERNAL, "downloading " + url + " failed: " + e, "", false, e);
              }
            },
            ctx::isCancelled);
  }

  private static Optional<String> host(String url) {
    try {
      return Optional.ofNullable(URI.create(url.trim()).getHost())
          .map(h -> h.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A new folder for one job's downloads, {@code mediaflow-job-ID.RANDOM.PID-HOST}: named after the
   * process that owns it, so that the first download after a restart can sweep the folders a killed
   * process left (see {@link #sweepAbandonedDownloads}).
   */
  private Path downloadFolder(String jobId) {
    Path root = downloadRoot();
    try {
      Files.createDirectories(root);
      if (swept.compareAndSet(false, true)) {
        sweepAbandonedDownloads(root);
      }
      Path folder =
          DownloadFolders.create(
              root, DOWNLOADS_PREFIX + jobId.replaceAll("[^A-Za-z0-9_-]", "_") + ".");
      folders.add(folder);
      return folder;
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL,
          "cannot create a folder for the job's downloads"
              + urlInputs.downloadRoot().map(r -> " in " + r).orElse("")
              + ": "
              + e.getMessage(),
          "check that the download folder exists and is writable",
          true,
          e);
    }
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

  /** Deletes the job's download folder with everything in it; never throws. */
  private static void deleteTree(Path folder) {
    DownloadFolders.delete(folder);
  }

  private Optional<String> run(JobContext ctx, JobSpec spec, Workspace workspace) throws Exception {
    MediaBackend tool = backend.get();
    Map<String, MediaInfo> media = new LinkedHashMap<>();
    Locations where =
        stage(
            ctx,
            "probe",
            () -> {
              Locations w = workspace.resolve(spec);
              for (Map.Entry<String, Path> in : w.inputs().entrySet()) {
                checkCancelled(ctx);
                media.put(in.getKey(), tool.probe(in.getValue()));
              }
              return w;
            });
    ctx.progress(2, "probe");
    ProcessingPlan plan =
        stage(
            ctx,
            "plan",
            () -> {
              ProcessingPlan p = planner.plan(spec, media, where);
              ValidationException.throwIfAny(tool.verify(p));
              return p;
            });
    ctx.progress(PREPARED, "plan");
    double admitted = admission.acquire(weigher.applyAsDouble(plan), ctx::isCancelled);
    if (admitted < 0) {
      checkCancelled(ctx);
    }
    // a backend stuck past the timeout's grace must not keep its cores from the other media jobs
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable free =
        () -> {
          if (held.compareAndSet(true, false)) {
            admission.release(admitted);
          }
        };
    if (ctx instanceof AttemptContext attempt) {
      attempt.onAbandon(free);
    }
    List<Path> written;
    try {
      written =
          stage(
              ctx,
              "execute",
              () ->
                  underBreakers(
                      ctx,
                      breakerKeys(tool, plan),
                      () ->
                          new LocalJobRunner(new Verifying(tool), ctx::isCancelled)
                              .run(
                                  plan,
                                  false,
                                  p ->
                                      ctx.progress(
                                          PREPARED + p.percent() * (99 - PREPARED) / 100,
                                          "execute",
                                          p.eta()))));
    } finally {
      free.run();
    }
    stage(ctx, "verify", () -> checkOutputs(written));
    ctx.progress(100, "verify");
    return Optional.of(resultJson(written));
  }

  /**
   * The breakers a run goes through: the backend's, then one per operator the plan uses, by name. A
   * failure counts against each of them. Only the failure rate opens a breaker, so an operator that
   * fails most of the jobs it is in (a broken plugin, a filter this FFmpeg mishandles) opens its
   * own breaker and fails those jobs fast, while operators that merely share a few failing jobs
   * with it stay closed, and jobs without it go on.
   */
  static List<String> breakerKeys(MediaBackend tool, ProcessingPlan plan) {
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
  private static <T> T underBreakers(JobContext ctx, List<String> keys, Callable<T> call)
      throws Exception {
    Callable<T> wrapped = call;
    for (int k = keys.size() - 1; k >= 0; k--) {
      String key = keys.get(k);
      Callable<T> inner = wrapped;
      wrapped = () -> ctx.withCircuitBreaker(key, inner);
    }
    return wrapped.call();
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

  /** The result a media job stores: {@code {"outputs":["/abs/out.mp4", ...]}}. */
  static String resultJson(List<Path> written) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode outputs = result.putArray("outputs");
    written.forEach(p -> outputs.add(p.toAbsolutePath().toString()));
    return result.toString();
  }

  /**
   * Checks after every encoding run that each file it was to write exists and is not empty, so a
   * tool that reports success without output fails with {@code OUTPUT_INVALID} before anything is
   * committed.
   */
  private static final class Verifying implements MediaBackend {
    private final MediaBackend tool;

    Verifying(MediaBackend tool) {
      this.tool = tool;
    }

    @Override
    public String name() {
      return tool.name();
    }

    @Override
    public io.mediaflow.api.media.MediaInfo probe(Path file) {
      return tool.probe(file);
    }

    @Override
    public List<io.mediaflow.api.Violation> verify(ProcessingPlan plan) {
      return tool.verify(plan);
    }

    @Override
    public List<String> arguments(io.mediaflow.api.plan.Invocation invocation) {
      return tool.arguments(invocation);
    }

    @Override
    public io.mediaflow.api.backend.ExecutionResult execute(
        io.mediaflow.api.plan.Invocation invocation,
        io.mediaflow.api.backend.ExecutionControl control) {
      io.mediaflow.api.backend.ExecutionResult result = tool.execute(invocation, control);
      if (invocation.purpose() == io.mediaflow.api.plan.Invocation.Purpose.ENCODE) {
        checkOutputs(
            invocation.outputs().stream()
                .map(o -> Path.of(o.location()))
                .collect(java.util.stream.Collectors.toList()));
      }
      return result;
    }
  }

  private static void checkCancelled(JobContext ctx) {
    if (ctx.isCancelled()) {
      throw new MediaFlowException(ErrorCode.CANCELLED, "the job was stopped", "");
    }
  }

  private static <T> T stage(JobContext ctx, String name, Callable<T> work) throws Exception {
    try (JobContext.Stage s = ctx.stage(name)) {
      try {
        return work.call();
      } catch (MediaFlowException e) {
        s.failed(e.code().code());
        throw e;
      } catch (Exception | Error e) {
        s.failed(ErrorCode.INTERNAL.code());
        throw e;
      }
    }
  }
}
