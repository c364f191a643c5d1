package io.mediaflow.internal.media;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.internal.observe.JobLogText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lines a media run writes in its job's log through {@link RunControl#log}: what was probed and
 * planned, each pass of the tool with its command, how each ended, the outputs written. Cheap next
 * to the tool's work; nothing here runs when the control drops the lines (the command line).
 */
final class PipelineLog {

  private final RunControl control;

  PipelineLog(RunControl control) {
    this.control = control;
  }

  void info(String message) {
    control.log("INFO", message);
  }

  void probed(Map<String, MediaInfo> media) {
    media.forEach((id, info) -> info("input '" + id + "': " + describe(info)));
  }

  void planned(ProcessingPlan plan, MediaBackend tool) {
    List<Invocation> runs = plan.invocations();
    long outputs = runs.stream().mapToLong(i -> i.outputs().size()).sum();
    info(
        "plan: "
            + runs.size()
            + (runs.size() == 1 ? " pass" : " passes")
            + " of "
            + tool.name()
            + " writing "
            + outputs
            + (outputs == 1 ? " file" : " files")
            + String.format(
                Locale.ROOT, ", estimated %.1f CPU seconds", plan.estimate().cpuSeconds()));
  }

  /** Before a pass: its number, purpose, id and the command (redacted, cut). */
  void passStarts(int n, int of, Invocation run, MediaBackend tool) {
    String command;
    try {
      command = JobLogText.command(tool.name(), tool.arguments(run));
    } catch (RuntimeException e) {
      command = "(its arguments could not be shown: " + e.getMessage() + ")";
    }
    info(pass(n, of, run) + ": " + command);
  }

  void passEnded(int n, int of, Invocation run, long startNanos) {
    info(pass(n, of, run) + " done in " + took(startNanos));
  }

  void passFailed(int n, int of, Invocation run, long startNanos, RuntimeException e) {
    String code = e instanceof MediaFlowException m ? m.code().code() : e.getClass().getName();
    control.log("WARN", pass(n, of, run) + " failed after " + took(startNanos) + " with " + code);
  }

  void wrote(List<Path> written) {
    for (Path p : written) {
      String size;
      try {
        size = String.format(Locale.ROOT, "%,d bytes", Files.size(p));
      } catch (IOException e) {
        size = "size unknown";
      }
      info("wrote " + p + " (" + size + ")");
    }
  }

  private static String pass(int n, int of, Invocation run) {
    return "pass "
        + n
        + " of "
        + of
        + " ("
        + run.purpose().name().toLowerCase(Locale.ROOT)
        + " "
        + run.id()
        + ")";
  }

  private static String took(long startNanos) {
    return JobLogText.took(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** {@code mov,mp4, 10.0 s, video h264 1280x720 25 fps, audio aac 48000 Hz 2 ch}. */
  static String describe(MediaInfo info) {
    StringBuilder b =
        new StringBuilder(info.container().isEmpty() ? "unknown container" : info.container());
    b.append(String.format(Locale.ROOT, ", %.1f s", info.duration().toSeconds()));
    for (VideoStream v : info.video()) {
      b.append(
          String.format(
              Locale.ROOT, ", video %s %dx%d %.3g fps", v.codec(), v.width(), v.height(), v.fps()));
    }
    for (AudioStream a : info.audio()) {
      b.append(
          String.format(
              Locale.ROOT, ", audio %s %d Hz %d ch", a.codec(), a.sampleRate(), a.channels()));
    }
    if (!info.subtitles().isEmpty()) {
      b.append(", ").append(info.subtitles().size()).append(" subtitle tracks");
    }
    return b.toString();
  }
}
