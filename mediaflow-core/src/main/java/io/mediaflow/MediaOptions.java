package io.mediaflow;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.engine.CpuAdmission;
import io.mediaflow.internal.engine.EngineConfig;
import io.mediaflow.internal.engine.MediaJobHandler;
import io.mediaflow.internal.media.BuiltInStorages;
import io.mediaflow.internal.media.MediaBackends;
import io.mediaflow.internal.storage.MediaStorages;
import io.mediaflow.internal.storage.StoragePaths;
import io.mediaflow.internal.storage.s3.S3Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The media options of a {@link MediaFlow.Builder} (backend, operators, workspace, CPU budget, URL
 * inputs, job limits), each checked at once and allowed once, and the wiring of the built-in {@code
 * media} job type into the engine's configuration.
 */
final class MediaOptions {

  private Double cpuBudget;
  private MediaBackend mediaBackend;
  private OperatorRegistry operators;
  private Workspace workspace;
  private ToDoubleFunction<ProcessingPlan> cpuWeigher;
  private boolean allowPrivateNetwork;
  private Path downloadDirectory;
  private JobLimits jobLimits;
  private S3Options s3;
  private final List<MediaStorage> storages = new ArrayList<>();
  private final List<Action> actions = new ArrayList<>();
  private final Map<Class<?>, Object> actionServices = new LinkedHashMap<>();

  private static void once(Object current, String option) {
    if (current != null) {
      throw new IllegalStateException(option + " is already set; set it once");
    }
  }

  void cpuBudget(double cores) {
    once(cpuBudget, "cpuBudget");
    if (!(cores > 0) || cores > 4096) {
      throw new IllegalArgumentException("cpuBudget must be between 0 and 4096 but was " + cores);
    }
    cpuBudget = cores;
  }

  void mediaBackend(MediaBackend value) {
    once(mediaBackend, "mediaBackend");
    mediaBackend = Objects.requireNonNull(value, "mediaBackend");
  }

  void operators(OperatorRegistry value) {
    once(operators, "operators");
    operators = Objects.requireNonNull(value, "operators");
  }

  void workspace(Workspace value) {
    once(workspace, "workspace");
    workspace = Objects.requireNonNull(value, "workspace");
  }

  void allowPrivateNetwork() {
    if (allowPrivateNetwork) {
      throw new IllegalStateException("allowPrivateNetwork is already set; set it once");
    }
    allowPrivateNetwork = true;
  }

  void downloadDirectory(Path value) {
    once(downloadDirectory, "downloadDirectory");
    downloadDirectory = Objects.requireNonNull(value, "downloadDirectory").toAbsolutePath();
  }

  void jobLimits(JobLimits value) {
    once(jobLimits, "jobLimits");
    jobLimits = Objects.requireNonNull(value, "jobLimits");
  }

  void s3(S3Options value) {
    once(s3, "s3");
    s3 = Objects.requireNonNull(value, "s3");
  }

  void mediaStorage(MediaStorage value) {
    storages.add(Objects.requireNonNull(value, "mediaStorage"));
  }

  /** The options' S3 part as the storage takes it (facade to internal). */
  static S3Settings s3Settings(S3Options o) {
    return new S3Settings(
        o.endpoint(),
        o.region(),
        o.pathStyleAccess(),
        o.accessKeyId(),
        o.secretAccessKey(),
        o.multipartThreshold(),
        o.partSize(),
        o.maxDownloadBytes());
  }

  void action(Action value) {
    actions.add(Objects.requireNonNull(value, "action"));
  }

  <T> void actionService(Class<T> type, T instance) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(instance, "instance");
    if (actionServices.containsKey(type)) {
      throw new IllegalStateException(
          "actionService(" + type.getSimpleName() + ") is already set; set it once");
    }
    actionServices.put(type, type.cast(instance));
  }

  void cpuWeigher(ToDoubleFunction<ProcessingPlan> value) {
    once(cpuWeigher, "cpuWeigher");
    cpuWeigher = Objects.requireNonNull(value, "cpuWeigher");
  }

  /**
   * What {@link #wire} made: the engine's configuration with the {@code media} handler, the planner
   * {@code submit} validates with, the backend health looks for, the actions workflows may call and
   * the workspace their files obey, with the storages of the locations their parameters name.
   */
  record Wired(
      EngineConfig config,
      Planner planner,
      Supplier<Optional<MediaBackend>> backend,
      MediaJobHandler handler,
      ActionRegistry actions,
      Workspace workspace,
      boolean allowPrivateNetwork,
      Map<Class<?>, Object> actionServices,
      StoragePaths paths) {
    Wired {
      actionServices = Map.copyOf(actionServices);
    }
  }

  /**
   * Adds the {@code media} job type, its default timeout and its start-up details to {@code host}.
   */
  Wired wire(EngineConfig host) {
    OperatorRegistry ops =
        operators == null ? OperatorRegistry.load(MediaFlow.class.getClassLoader()) : operators;
    JobLimits limits = jobLimits == null ? JobLimits.ofDefaults() : jobLimits;
    Workspace ws = workspace == null ? Workspace.builder().build() : workspace;
    // a name clash between actions fails here, when the engine is built
    ActionRegistry registry = ActionRegistry.load(MediaFlow.class.getClassLoader(), actions);
    double budget = cpuBudget == null ? Runtime.getRuntime().availableProcessors() : cpuBudget;
    Supplier<Optional<MediaBackend>> backend = LazyMediaBackend.of(mediaBackend);
    MediaStorages mediaStorages =
        BuiltInStorages.create(
            storages,
            MediaFlow.class.getClassLoader(),
            ws.paths(),
            allowPrivateNetwork,
            s3Settings(s3 == null ? S3Options.ofDefaults() : s3));
    // files that parameters name obey the same roots as the job's inputs and outputs; remote
    // locations are checked at submit by their storages
    Planner planner = new Planner(ops, ws, limits).storages(mediaStorages);
    MediaJobHandler mediaJobs =
        new MediaJobHandler(
            () ->
                backend
                    .get()
                    .orElseGet(() -> MediaBackends.require(MediaFlow.class.getClassLoader())),
            ops,
            ws.paths(),
            limits,
            new CpuAdmission(budget),
            cpuWeigher == null ? MediaJobHandler::cores : cpuWeigher,
            new MediaJobHandler.UrlInputs(
                Optional.ofNullable(downloadDirectory), allowPrivateNetwork),
            (jobId, plan, tool) ->
                host.storage().jobs().savePlan(jobId, PlanRenderer.compact(plan, tool)),
            mediaStorages);
    EngineConfig.Builder withMedia =
        EngineConfig.from(host)
            .handler(MediaJobHandler.TYPE, mediaJobs)
            .detail("cpuBudget", budget)
            .detail("mediaBackend", mediaBackend == null ? "ServiceLoader" : mediaBackend.name())
            .detail("operators", ops.names().size())
            .detail("workspaceRoots", ws.roots())
            .detail(
                "urlInputs",
                allowPrivateNetwork ? "public and private networks" : "public addresses only")
            .detail("downloads", downloadDirectory == null ? "java.io.tmpdir" : downloadDirectory)
            .detail("jobLimits", limits)
            .detail("storages", mediaStorages.schemes())
            .detail("actions", registry.names().size());
    if (!host.timeouts().containsKey(MediaJobHandler.TYPE)) {
      withMedia.jobTimeout(MediaJobHandler.TYPE, MediaFlow.DEFAULT_MEDIA_TIMEOUT);
    }
    return new Wired(
        withMedia.build(),
        planner,
        backend,
        mediaJobs,
        registry,
        ws,
        allowPrivateNetwork,
        actionServices,
        new StoragePaths(ws.paths(), mediaStorages));
  }
}
