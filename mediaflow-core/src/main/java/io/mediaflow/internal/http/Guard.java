package io.mediaflow.internal.http;

/**
 * The deadline of one request on the thread that serves it. The JDK server reads a request's
 * headers on the executor's thread and only then calls the handler, and its own limits are
 * JVM-wide; so the {@link DeadlineExecutor} starts a guard per exchange and, when the request has
 * not arrived in full by the deadline, answers 408 (once the handler took the exchange) and
 * interrupts the thread: a blocked read on the socket channel then fails and the connection is
 * closed. Once the request is read, the guard lets the route take its time.
 *
 * <p>An event stream uses the same lever: {@link #stopStream()} ends a stream whose client reads
 * too slowly, or when the host closes.
 */
public final class Guard {

  private static final ThreadLocal<Guard> CURRENT = new ThreadLocal<>();

  private enum Phase {
    READING,
    HANDLING,
    STREAMING,
    DONE
  }

  private final Thread thread;
  private Phase phase = Phase.READING;
  private boolean expired;
  private Runnable onExpire;

  Guard(Thread thread) {
    this.thread = thread;
  }

  /** The guard of the request this thread serves; a new one when no executor started one. */
  static Guard current() {
    Guard g = CURRENT.get();
    return g == null ? new Guard(Thread.currentThread()) : g;
  }

  static void set(Guard guard) {
    if (guard == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(guard);
    }
  }

  /** At the deadline: answers and cuts off a request still being read. */
  synchronized void expire() {
    if (phase != Phase.READING) {
      return;
    }
    expired = true;
    if (onExpire != null) {
      try {
        onExpire.run();
      } catch (RuntimeException e) {
        // the connection may be gone already: the interrupt below closes it in any case
      }
    }
    thread.interrupt();
  }

  /** What answers the request when the deadline passes while it is read (a 408). */
  synchronized void onExpire(Runnable answer) {
    this.onExpire = answer;
  }

  /**
   * The request is read and the answer may be written: false when the deadline passed first (the
   * request was answered already).
   */
  synchronized boolean answer() {
    if (expired) {
      return false;
    }
    if (phase == Phase.READING) {
      phase = Phase.HANDLING;
    }
    onExpire = null;
    return true;
  }

  /** Whether the deadline passed while the request was read. */
  synchronized boolean expired() {
    return expired;
  }

  /** The answer is a stream from now on, which {@link #stopStream()} may end. */
  synchronized void streaming() {
    phase = Phase.STREAMING;
  }

  /** Ends the stream this thread writes, if it still writes one. */
  public synchronized void stopStream() {
    if (phase == Phase.STREAMING) {
      phase = Phase.DONE;
      thread.interrupt();
    }
  }

  /** The exchange is over: nothing interrupts the thread any more. */
  synchronized void done() {
    phase = Phase.DONE;
  }
}
