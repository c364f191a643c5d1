package io.mediaflow.samples.cli;

import io.mediaflow.api.backend.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows progress on the error stream: a bar redrawn in place on a terminal ({@code [##### ] 42%
 * 1.8x ETA 0:03}), or plain {@code progress 40%} lines at most every 10 % when the stream is a file
 * or a pipe, so logs stay short.
 */
final class ProgressBar implements Consumer<Progress> {

  static final int WIDTH = 30;
  static final int PLAIN_STEP_PERCENT = 10;

  private final PrintWriter err;
  private final boolean interactive;
  private int lastStep = -1;
  private String lastLine = "";
  private boolean drawn;

  ProgressBar(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  @Override
  public synchronized void accept(Progress progress) {
    if (interactive) {
      String line = bar(progress);
      if (!line.equals(lastLine)) {
        // pad so that a shorter line fully covers the previous one
        err.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
        err.flush();
        lastLine = line;
        drawn = true;
      }
      return;
    }
    int step = (int) Math.floor(progress.percent() / PLAIN_STEP_PERCENT);
    if (step > lastStep) {
      lastStep = step;
      err.println("progress " + step * PLAIN_STEP_PERCENT + "%");
    }
  }

  /** Ends the bar's line, so that what follows starts on a fresh one. */
  synchronized void finish() {
    if (drawn) {
      err.println();
      drawn = false;
    }
  }

  static String bar(Progress progress) {
    int percent = (int) Math.floor(progress.percent());
    int filled = (int) Math.round(progress.percent() / 100.0 * WIDTH);
    StringBuilder line = new StringBuilder("[");
    line.append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
    line.append(String.format(Locale.ROOT, "%3d%%", percent));
    if (progress.speed() > 0) {
      line.append(String.format(Locale.ROOT, " %.1fx", progress.speed()));
    }
    progress.eta().ifPresent(eta -> line.append(" ETA ").append(clock(eta)));
    return line.toString();
  }

  /** {@code 0:03}, {@code 12:45}, {@code 1:02:03}. */
  static String clock(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long h = seconds / 3600;
    long m = (seconds / 60) % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
