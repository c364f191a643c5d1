package io.mediaflow.ffmpeg.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a process wrote to stderr: bounded, so a chatty run cannot fill the heap. */
final class StderrTail {

  static final int DEFAULT_LINES = 40;
  static final int MAX_LINE_CHARS = 1000;

  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();

  StderrTail(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void add(String line) {
    String cut = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(cut);
  }

  /** The kept lines, joined with new lines, without blank ones at the ends. */
  synchronized String text() {
    return String.join("\n", lines).strip();
  }
}
