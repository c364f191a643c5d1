package io.mediaflow.api.action;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.storage.MediaStorage;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an action may use while a workflow node runs it: everything a {@link JobContext} offers (the
 * durable primitives among them — an action's steps are part of its workflow run's history, so a
 * run resumed after a crash does not repeat an action's finished steps), plus the workflow's place,
 * the test-run flag, the host's file rule, an SSRF-guarded HTTP client and media jobs through the
 * engine.
 */
public interface ActionContext extends JobContext {

  /**
   * True in a test run for an action that {@link DryRun#DESCRIBES_ITSELF}: it must touch nothing
   * (no file written, moved or deleted, no request sent, no process run) and report what it would
   * do in its {@link ActionResult#summary()}.
   */
  boolean dryRun();

  /** The workflow being run. */
  String workflowId();

  /** The node running this action. */
  String nodeId();

  /**
   * The host's rule for files: a path an action reads or writes must go through it, so it stays
   * inside the workspace's allowed roots. {@link io.mediaflow.api.operator.ParamType#PATH}
   * parameters are resolved with it before the action sees them.
   */
  PathResolver paths();

  /** The folders the host allows, for actions that list or create files in them. */
  List<Path> roots();

  /** The HTTP client actions must use: guarded against SSRF, with timeouts and size caps. */
  ActionHttp http();

  /**
   * Runs a media job through the engine's planner and backend as a child of this run, and waits for
   * it durably (the run yields and holds no thread while FFmpeg works; a resumed run never starts
   * it twice). In a test run it is planned and validated but not run, and the returned job is the
   * plan's description with no output written.
   *
   * @return the finished child: {@link Job#result()} holds its outputs, {@link Job#error()} why it
   *     failed
   * @throws io.mediaflow.api.ValidationException when the spec is invalid, with every violation
   */
  Job runMedia(JobSpec spec);

  /**
   * Probes a media file through the engine's media backend: its container, duration, size and
   * streams. The file goes through {@link #paths()} first, so it must lie inside the allowed roots.
   * A workflow run probes each file once and answers later asks (a media condition, another action)
   * from that result.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code PATH_NOT_ALLOWED} for a file outside the
   *     roots, the backend's probe codes ({@code INPUT_NOT_FOUND}, {@code PROBE_FAILED}) otherwise
   */
  MediaInfo probe(Path file);

  /**
   * Probes what a {@link io.mediaflow.api.operator.ParamType#LOCATION} parameter names: a {@code
   * file:} location as {@link #probe(Path)}, one of another scheme fetched through its storage into
   * a temporary folder first (streamed, size-limited, stopped by a cancel), and that copy removed
   * once probed. The default probes {@code file:} locations only.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code UNSUPPORTED_SOURCE} for a scheme no storage
   *     here reads, the storage's fetch codes ({@code INPUT_NOT_FOUND}, {@code NETWORK}, …) and the
   *     backend's probe codes otherwise
   */
  default MediaInfo probe(URI location) {
    if ("file".equalsIgnoreCase(location.getScheme())) {
      return probe(Path.of(location));
    }
    throw MediaStorage.unsupported(MediaStorage.Operation.FETCH, location, "");
  }

  /**
   * A service the host registered for actions with {@code MediaFlow.builder().actionService(type,
   * instance)}: the built-in actions' settings (mail server, programs {@code system.exec} may run,
   * media sources) and whatever a host's own actions need (a client of its own database).
   *
   * @return the instance registered for exactly this type, if any
   */
  <T> Optional<T> service(Class<T> type);

  /**
   * The storage that serves a location's scheme ({@code s3}, {@code file}, a host's own), for
   * actions that read, write, check or delete what a {@link
   * io.mediaflow.api.operator.ParamType#LOCATION} parameter names. Ask only for the {@linkplain
   * MediaStorage#operations() operations} it offers; refuse the others with {@link
   * MediaStorage#unsupported}.
   *
   * @param scheme lower case, without the colon
   * @return empty when no storage serves it (the default, for contexts without an engine)
   */
  default Optional<MediaStorage> storage(String scheme) {
    return Optional.empty();
  }
}
