package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StepType;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.DownloadFolders;
import io.mediaflow.internal.media.RemoteInputs;
import io.mediaflow.internal.storage.LocationText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@link ActionContext} of one action node: the run's {@link JobContext} (its durable
 * primitives among them, so the action's steps are part of the run's history), the node's place and
 * deadline, the workspace's paths, the SSRF-guarded HTTP client, and media jobs as children of the
 * run.
 */
final class ActionRunContext implements ActionContext {

  /** The media job type, as {@code MediaJobHandler.TYPE}. */
  static final String MEDIA = "media";

  private final JobContext run;
  private final RunServices services;
  private final String workflowId;
  private final String nodeId;
  private final boolean dryRun;
  private final long deadline;
  private final ActionHttp http;
  private final String where;

  /** Interrupts the action at the node's deadline; null without a timeout. */
  private NodeWatch watch;

  /**
   * @param deadline epoch millis of the engine's clock after which the node counts as stopped; 0
   *     for none
   */
  ActionRunContext(
      JobContext run,
      RunServices services,
      String workflowId,
      String nodeId,
      boolean dryRun,
      long deadline,
      String where) {
    this.run = run;
    this.services = services;
    this.workflowId = workflowId;
    this.nodeId = nodeId;
    this.dryRun = dryRun;
    this.deadline = deadline;
    this.where = where;
    this.http =
        new SafeActionHttp(
            services.guard(),
            services.http(),
            SafeActionHttp.DEFAULT_MAX_BODY_BYTES,
            this::isCancelled,
            where);
  }

  @Override
  public boolean dryRun() {
    return dryRun;
  }

  @Override
  public String workflowId() {
    return workflowId;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public PathResolver paths() {
    return services.paths();
  }

  @Override
  public List<Path> roots() {
    return services.roots();
  }

  @Override
  public ActionHttp http() {
    return http;
  }

  /** The watch that stops the action at its deadline, kept off the run's store calls. */
  void watchedBy(NodeWatch w) {
    this.watch = w;
  }

  /** A call to the run's store, which no interrupt of the watch may hit. */
  private <T> T store(Callable<T> call) throws Exception {
    NodeWatch w = watch;
    if (w == null) {
      return call.call();
    }
    w.enterStore();
    try {
      return call.call();
    } finally {
      w.leaveStore();
    }
  }

  /** {@link #store} for calls that throw no checked exception. */
  private <T> T storeUnchecked(Callable<T> call) {
    try {
      return store(call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The action's own code run inside a store call (a step's body): the watch may stop it. */
  private <T> Callable<T> own(Callable<T> body) {
    NodeWatch w = watch;
    if (w == null) {
      return body;
    }
    return () -> {
      int depth = w.unshield();
      try {
        return body.call();
      } finally {
        w.reshield(depth);
      }
    };
  }

  /** Whether the node reached its timeout. */
  boolean pastDeadline() {
    return deadline > 0 && services.clock().millis() >= deadline;
  }

  @Override
  public Job runMedia(JobSpec spec) {
    // planning and the run's store: nothing here is the action's own code to interrupt
    return storeUnchecked(() -> media(spec));
  }

  private Job media(JobSpec spec) {
    if (dryRun) {
      ValidationException.throwIfAny(services.media().apply(spec));
      return planned(spec);
    }
    // checked once, as a step: a run resumed after the job wrote its output must not find the
    // destination taken by that very output
    try {
      run.step(
          nodeId + ":runMedia",
          Void.class,
          () -> {
            ValidationException.throwIfAny(services.media().apply(spec));
            return null;
          });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String id = run.startChild(JobRequest.of(MEDIA, services.mediaJson().apply(spec)));
    List<Job> done =
        deadline > 0 ? run.awaitChildrenUntil(Instant.ofEpochMilli(deadline)) : run.awaitChildren();
    for (Job j : done) {
      if (j.id().equals(id)) {
        return j;
      }
    }
    if (deadline > 0) {
      // the node's deadline came first: stop the job's FFmpeg; the node fails with NODE_TIMEOUT
      services.cancel().test(id);
      throw new MediaFlowException(
          RunErrors.NODE_TIMEOUT,
          where
              + ": media job "
              + id
              + " had not finished at the node's deadline; it was cancelled",
          "raise the node's timeout");
    }
    throw new IllegalStateException("media job " + id + " is not among the run's children");
  }

  /** What a test run answers for a media job: planned, nothing written. */
  private Job planned(JobSpec spec) {
    Instant now = services.clock().instant();
    List<String> outputs = new ArrayList<>();
    for (OutputSpec o : spec.outputs()) {
      outputs.add(o.destination());
    }
    String result =
        "{\"dryRun\":true,\"planned\":" + Graph.JSON.valueToTree(outputs).toString() + "}";
    return new Job(
        run.job().id() + "/dry-run/" + nodeId,
        MEDIA,
        "",
        0,
        JobState.COMPLETED,
        0,
        1,
        now,
        now,
        now,
        Optional.empty(),
        JobProgress.NONE,
        List.of(),
        Optional.empty(),
        Optional.of(result),
        Optional.of(run.job().id()),
        "",
        "",
        "",
        "",
        Optional.empty(),
        0);
  }

  // ---------------------------------------------------------------- the run's context

  @Override
  public Job job() {
    return run.job();
  }

  @Override
  public void progress(double percent, String step) {
    storeUnchecked(
        () -> {
          run.progress(percent, nodeId + ":" + step);
          return null;
        });
  }

  @Override
  public void progress(double percent, String step, Optional<Duration> eta) {
    storeUnchecked(
        () -> {
          run.progress(percent, nodeId + ":" + step, eta);
          return null;
        });
  }

  @Override
  public boolean isCancelled() {
    return run.isCancelled() || pastDeadline();
  }

  @Override
  public void log(String level, String message) {
    storeUnchecked(
        () -> {
          run.log(level, "[" + nodeId + "] " + message);
          return null;
        });
  }

  @Override
  public Clock clock() {
    return run.clock();
  }

  @Override
  public Stage stage(String name) {
    return run.stage(nodeId + ":" + name);
  }

  @Override
  public <T> T withCircuitBreaker(String key, Callable<T> call) throws Exception {
    return run.withCircuitBreaker(key, call);
  }

  @Override
  public void onAbandon(Runnable release) {
    run.onAbandon(release);
  }

  @Override
  public <T> T step(String name, StepType<T> type, Callable<T> body) throws Exception {
    return store(() -> run.step(nodeId + ":" + name, type, own(body)));
  }

  @Override
  public void sleep(Duration duration) {
    storeUnchecked(
        () -> {
          run.sleep(duration);
          return null;
        });
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    storeUnchecked(
        () -> {
          run.sleepUntil(wakeAt);
          return null;
        });
  }

  @Override
  public Optional<String> awaitSignal(String name, Duration timeout) {
    return storeUnchecked(() -> run.awaitSignal(name, timeout));
  }

  @Override
  public String startChild(JobRequest request) {
    return storeUnchecked(() -> run.startChild(request));
  }

  @Override
  public List<Job> awaitChildren() {
    return storeUnchecked(() -> run.awaitChildren());
  }

  @Override
  public List<Job> awaitChildren(int count) {
    return storeUnchecked(() -> run.awaitChildren(count));
  }

  @Override
  public List<Job> awaitChildrenUntil(Instant until) {
    return storeUnchecked(() -> run.awaitChildrenUntil(until));
  }

  @Override
  public void saveState(String name, Object value) {
    storeUnchecked(
        () -> {
          run.saveState(nodeId + ":" + name, value);
          return null;
        });
  }

  @Override
  public <T> Optional<T> loadState(String name, Class<T> type) {
    return storeUnchecked(() -> run.loadState(nodeId + ":" + name, type));
  }

  @Override
  public MediaInfo probe(Path file) {
    return services
        .probe()
        .apply(services.paths().resolve(file.toString(), "nodes." + nodeId + ".probe"));
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return Optional.ofNullable(type.cast(services.hostServices().get(type)));
  }

  @Override
  public Optional<MediaStorage> storage(String scheme) {
    return services.storages().forScheme(scheme);
  }

  /** A remote location is fetched as a job's input is, into a folder removed once probed. */
  @Override
  public MediaInfo probe(URI location) {
    if ("file".equalsIgnoreCase(location.getScheme())) {
      return probe(Path.of(location));
    }
    Path folder;
    try {
      folder =
          DownloadFolders.create(
              Path.of(System.getProperty("java.io.tmpdir")),
              DownloadFolders.JOB_PREFIX + run.job().id() + ".");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder to probe " + location + " in", e);
    }
    try {
      Path copy =
          RemoteInputs.fetchOne(
              services.storages(),
              LocationText.of(location),
              "nodes." + nodeId + ".probe",
              folder,
              this::isCancelled);
      return services.probe().apply(copy);
    } finally {
      DownloadFolders.delete(folder);
    }
  }
}
