package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.StageTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** One claimed job on this node: from the claim until its result is recorded or dropped. */
final class Attempt {

  final Job job;
  final String token;
  private final AtomicReference<StopReason> stop = new AtomicReference<>(StopReason.RUNNING);

  /** The thread running the handler, while it does; guarded by {@code this}. */
  private Thread thread;

  /**
   * Set once its worker came to it (to run it or skip it) or once it was given back unstarted: one
   * or the other, never both; guarded by {@code this}.
   */
  private boolean taken;

  /** Set while its success waits for the rest of its batch; cleared by whoever records it. */
  private final AtomicBoolean successWaiting = new AtomicBoolean();

  /** Set once the engine gave up on a handler that ignored its timeout; guarded by {@code this}. */
  private boolean abandoned;

  /** Run when the engine gives up on the handler; guarded by {@code this}. */
  private final List<Runnable> onAbandon = new ArrayList<>(1);

  volatile Instant deadline; // null: no timeout
  volatile Instant started;
  volatile long startNanos;

  /** How long the handler ran, by {@link System#nanoTime()}; 0 until it returned. */
  long ranNanos; // written by the handler's thread, read when its outcome is recorded (0: unknown)

  /** A success waiting for its batch to be completed: what it produced and how long it took. */
  java.util.Optional<String> result = java.util.Optional.empty();

  java.time.Duration took = java.time.Duration.ZERO;

  // progress throttling, touched by the handler's thread only
  double lastPercent = -1;
  String lastStep = "";
  long lastProgressNanos;
  volatile io.mediaflow.api.job.JobProgress progress = io.mediaflow.api.job.JobProgress.NONE;

  /** Set when the store could not take this attempt's outcome yet and the engine keeps it. */
  volatile Outcome outcome;

  private final List<StageTiming> stages = new ArrayList<>();

  /** Whether the attempt's start line is in the job's log; see {@link AttemptLog}. */
  private volatile boolean logging;

  private boolean ended; // guarded by this

  Attempt(Job job) {
    this.job = job;
    this.token = job.lease().orElseThrow().token();
  }

  String id() {
    return job.id();
  }

  /** Why it must stop, or {@link StopReason#RUNNING}. */
  StopReason stopReason() {
    return stop.get();
  }

  boolean stopRequested() {
    return stop.get() != StopReason.RUNNING;
  }

  /** Asks the attempt to stop; the first reason wins. Interrupts the handler if it runs. */
  boolean stop(StopReason reason) {
    if (!stop.compareAndSet(StopReason.RUNNING, reason)) {
      return false;
    }
    synchronized (this) {
      if (thread != null) {
        thread.interrupt();
      }
    }
    return true;
  }

  /**
   * Its worker comes to it: true when the handler may start, false when the attempt was stopped
   * (cancelled, drained) or {@linkplain #giveBackUnstarted given back} before.
   */
  synchronized boolean take() {
    if (taken || stop.get() != StopReason.RUNNING) {
      return false;
    }
    taken = true;
    return true;
  }

  /**
   * Stops an attempt whose worker has not come to it yet, so the job can go back to the queue for
   * another worker; false when its worker came first (it runs, or ran) or it was stopped already.
   */
  synchronized boolean giveBackUnstarted() {
    if (taken) {
      return false;
    }
    taken = true;
    return stop.compareAndSet(StopReason.RUNNING, StopReason.RELEASED);
  }

  /** Its handler succeeded and the success waits for the rest of its batch to be recorded. */
  void awaitBatch() {
    successWaiting.set(true);
  }

  /** True for one caller only: the one that records the success that waited for its batch. */
  boolean takeWaitingSuccess() {
    return successWaiting.compareAndSet(true, false);
  }

  /** Whether its success waits for the rest of its batch. */
  boolean successWaiting() {
    return successWaiting.get();
  }

  synchronized void begin(Thread t) {
    thread = t;
  }

  /**
   * The handler returned: no interrupt may reach the thread from now on.
   *
   * @return false when the engine {@linkplain #abandon abandoned} the attempt before: its outcome
   *     was recorded without it, and the thread is no longer a worker
   */
  boolean end() {
    boolean mine;
    synchronized (this) {
      thread = null;
      ended = true;
      mine = !abandoned;
    }
    Thread.interrupted(); // an interrupt meant for this attempt must not hit the next one
    return mine;
  }

  /** Whether the handler returned: what is left is recording its outcome. */
  synchronized boolean ended() {
    return ended;
  }

  /** Whether the handler runs now: started, not returned, and not given up on. */
  synchronized boolean running() {
    return thread != null && !abandoned;
  }

  /** The thread running the handler; null before it starts and once it returned. */
  synchronized Thread thread() {
    return thread;
  }

  /**
   * Gives up on a handler that is still running; from now on {@link #end()} says so to its thread.
   * {@code whileHeld} runs under the same lock as {@code end()}, so that thread sees its effects
   * when it comes back.
   *
   * @return false when the handler is not running (not started, returned, or abandoned already)
   */
  synchronized boolean abandon(Runnable whileHeld) {
    if (thread == null || abandoned) {
      return false;
    }
    abandoned = true;
    whileHeld.run();
    return true;
  }

  /**
   * Registers what to free when the engine gives up on the handler (a CPU admission the stuck
   * handler would hold for ever); it must be safe to run twice, as the handler frees it too should
   * it ever return. Does nothing once given up on.
   */
  synchronized void onAbandon(Runnable free) {
    if (!abandoned) {
      onAbandon.add(free);
    }
  }

  /** What {@link #onAbandon} registered; for the engine once it gave up on the handler. */
  synchronized List<Runnable> abandonHooks() {
    return List.copyOf(onAbandon);
  }

  /** True the first time only: the caller writes the attempt's start line. */
  boolean startLogging() {
    if (logging) {
      return false;
    }
    synchronized (this) {
      if (logging) {
        return false;
      }
      logging = true;
      return true;
    }
  }

  /** Whether anything about this attempt was written in the job's log. */
  boolean logging() {
    return logging;
  }

  synchronized List<StageTiming> stages() {
    return List.copyOf(stages);
  }

  synchronized int stageStarted(StageTiming t) {
    stages.add(t);
    return stages.size() - 1;
  }

  synchronized void stageEnded(int index, StageTiming t) {
    stages.set(index, t);
  }
}
