package io.mediaflow.api.backend;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs plans on a real media tool. {@code mediaflow-ffmpeg} provides one; the testkit a fake. Found
 * through {@link java.util.ServiceLoader}.
 */
public interface MediaBackend {

  /** A short name for logs and health, such as {@code ffmpeg}. */
  String name();

  /**
   * Reads what a local file holds.
   *
   * @throws io.mediaflow.api.MediaFlowException with {@code INPUT_NOT_FOUND}, {@code
   *     INPUT_UNREADABLE} or {@code INPUT_INVALID}
   */
  MediaInfo probe(Path file);

  /**
   * Reads what an {@code http(s)} URL holds, for an input the tool streams ({@code "read":
   * "stream"}); an invocation input whose {@link io.mediaflow.api.plan.InvocationInput#location()}
   * is such a URL is then read over the network. The URL may carry a signature: it appears in no
   * message. The default refuses with {@code UNSUPPORTED_SOURCE}.
   *
   * @throws io.mediaflow.api.MediaFlowException as {@link #probe(Path)}, or {@code NETWORK}
   */
  default MediaInfo probe(URI url) {
    throw new MediaFlowException(
        ErrorCode.UNSUPPORTED_SOURCE,
        "the media backend " + name() + " cannot read inputs from URLs",
        "use \"read\": \"fetch\" (the default), which reads a local copy");
  }

  /**
   * What the installed tool lacks to run this plan (an encoder, a filter), each as a violation at
   * the path of the spec element that needs it, so a missing piece is a planning error rather than
   * a crash halfway through. Empty when everything is there.
   */
  default List<Violation> verify(ProcessingPlan plan) {
    return List.of();
  }

  /** The argument list the invocation runs with, without the program name: what a dry run shows. */
  List<String> arguments(Invocation invocation);

  /**
   * Why the backend renders the invocation as it does, for people reading a plan: which encoder it
   * chose for an output and why ({@code outputs[0]: h264 with libx264 (software): hardware auto
   * found no working encoder ...}). Empty when there is nothing to explain; the default.
   */
  default List<String> notes(Invocation invocation) {
    return List.of();
  }

  /**
   * Runs one invocation to completion, writing its outputs exactly where they say. An {@link
   * Invocation.Purpose#ANALYSIS} run writes no file and returns what it measured.
   *
   * @throws io.mediaflow.api.MediaFlowException classified with a code, the retryable flag and a
   *     suggestion; a message's first line says what failed, and lines after it, if any, are the
   *     tool's own last output, which the engine shows (the last 20, redacted) in the job's log
   */
  ExecutionResult execute(Invocation invocation, ExecutionControl control);
}
