package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@code ffmpeg} for one invocation, with progress, cancel and timeout. */
public final class Execution {

  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

  /**
   * How much of stderr an analysis run keeps: its measurements come last, after FFmpeg's own
   * messages at {@code -loglevel info}, and must not be cut.
   */
  static final int ANALYSIS_STDERR_LINES = 400;

  private final Path ffmpeg;
  private final ProcessRunner runner;

  public Execution(Path ffmpeg, ProcessRunner runner) {
    this.ffmpeg = ffmpeg;
    this.runner = runner;
  }

  /**
   * Runs {@code args} (from {@link CommandBuilder}) for {@code invocation}.
   *
   * @return the last lines FFmpeg wrote to stderr (more of them for an analysis run)
   * @throws MediaFlowException classified: {@code CANCELLED}, {@code TIMEOUT}, {@code INPUT_*},
   *     {@code DESTINATION_EXISTS} or {@code PROCESSING_FAILED}; when FFmpeg does not start, {@code
   *     BINARY_NOT_FOUND}, or {@code ARGUMENT_TOO_LONG} / {@code INVALID_VALUE} for arguments the
   *     operating system refuses
   */
  public String run(Invocation invocation, List<String> args, ExecutionControl control) {
    checkFiles(invocation);
    if (control.isCancelled()) {
      throw Failures.cancelled(invocation, Duration.ZERO);
    }
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(ffmpeg.toString());
    command.addAll(args);
    ProgressParser progress = new ProgressParser(invocation.expectedDuration());
    long started = System.nanoTime();
    LOG.info(
        "running {} ({} inputs, {} filters, {} outputs)",
        invocation.id(),
        invocation.inputs().size(),
        invocation.filters().size(),
        invocation.outputs().size());
    ProcessRunner.Result result;
    try (FilterScript script = FilterScript.of(command)) {
      result =
          runner.run(
              script.command(),
              line -> progress.line(line).ifPresent(p -> report(control, p)),
              control::isCancelled,
              control.timeout(),
              invocation.purpose() == Invocation.Purpose.ANALYSIS
                  ? ANALYSIS_STDERR_LINES
                  : StderrTail.DEFAULT_LINES);
    } catch (IOException e) {
      throw Failures.cannotStart(ffmpeg, "ffmpeg for " + invocation.id(), e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    // FFmpeg names a URL it cannot open: keep a streamed input's signature out of every message
    String stderr = NetworkInputs.redact(result.stderr(), NetworkInputs.urls(invocation));
    switch (result.ending()) {
      case CANCELLED -> throw Failures.cancelled(invocation, took);
      case TIMED_OUT -> throw Failures.timedOut(invocation, control.timeout().orElse(took));
      case EXITED -> {
        if (result.exitCode() != 0) {
          throw Failures.failed(invocation, result.exitCode(), stderr);
        }
      }
    }
    if (!stderr.isEmpty()) {
      LOG.debug("{} finished with warnings:\n{}", invocation.id(), stderr);
    }
    LOG.info("{} finished in {} ms", invocation.id(), took.toMillis());
    return stderr;
  }

  private static void report(ExecutionControl control, Progress progress) {
    try {
      control.progress(progress);
    } catch (RuntimeException e) {
      LOG.warn("a progress listener failed; the run goes on", e);
    }
  }

  /**
   * Failing before FFmpeg starts gives a clearer message than FFmpeg's own, and FFmpeg never opens
   * an input that is not a regular file.
   */
  private static void checkFiles(Invocation invocation) {
    for (InvocationInput input : invocation.inputs()) {
      if (input.location().startsWith("pipe:") || NetworkInputs.isUrl(input.location())) {
        continue; // a streamed input's URL: its store answers for it when FFmpeg opens it
      }
      Path p = Path.of(stripFile(input.location()));
      String subject = "input '" + input.inputId() + "' (" + p + ") of " + invocation.id();
      if (!Files.exists(p)) {
        throw new MediaFlowException(
            ErrorCode.INPUT_NOT_FOUND,
            subject + " does not exist",
            "check the path and that the file was not moved while the job waited");
      }
      // a pipe put in the file's place while the job waited would block FFmpeg for ever
      InputFiles.requireRegularFile(p, subject);
    }
    for (InvocationOutput output : invocation.outputs()) {
      Path p = Path.of(stripFile(output.location()));
      if (!output.overwrite() && Files.exists(p)) {
        throw new MediaFlowException(
            ErrorCode.DESTINATION_EXISTS,
            output.outputId() + " would replace " + p + ", which already exists",
            "set \"overwrite\": true on the output, or choose another destination");
      }
    }
  }

  private static String stripFile(String location) {
    return location.startsWith("file:") ? location.substring("file:".length()) : location;
  }
}
