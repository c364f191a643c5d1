package io.mediaflow.internal.action.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a process to its end on a thread of its own, keeping at most {@code
 * limit} bytes and counting the rest: a program that prints without end neither blocks on a full
 * pipe nor fills the heap.
 */
final class BoundedCapture {

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final int limit;
  private final Thread reader;
  private long total;

  BoundedCapture(InputStream in, int limit, String name) {
    this.limit = limit;
    this.reader = new Thread(() -> drain(in), name);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (this) {
          int room = (int) Math.max(0, Math.min(n, limit - (long) kept.size()));
          kept.write(buf, 0, room);
          total += n;
        }
      }
    } catch (IOException e) {
      // the process was stopped and its pipe closed: what was read is kept
    }
  }

  /** Waits up to {@code millis} for the stream's end (the process has ended by then). */
  void finish(long millis) throws InterruptedException {
    reader.join(millis);
  }

  /** The kept bytes as UTF-8 (a cut character becomes U+FFFD). */
  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  /** Whether bytes were dropped. */
  synchronized boolean truncated() {
    return total > kept.size();
  }

  /** How many bytes the stream had. */
  synchronized long total() {
    return total;
  }
}
