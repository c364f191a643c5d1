package io.mediaflow.internal.durable;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.StepType;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.Checkpoint.Kind;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The durable primitives of one attempt ({@code JobContext.step}, {@code sleep}, {@code
 * awaitSignal}, {@code startChild}, {@code awaitChildren}, {@code saveState}, {@code loadState}):
 * each durable call takes the next position of the job's history; a position recorded before is
 * answered from its checkpoint after the replay check, one not recorded runs for real and is saved
 * before the call returns. The history is read once, at the first call that needs it.
 *
 * <p>Valid on the handler's thread, outside a step's body, while the attempt runs ({@code
 * DURABLE_MISUSE} otherwise). A call that must wait throws a {@link Suspension}; a handler that
 * swallows it (or a replay or misuse error) gets it again at its next durable call, and the engine
 * asks {@link #suspension()} and {@link #fatal()} when the handler returns, whatever it returned.
 */
public final class DurableContext {

  static final String SLEEP = "sleep";
  static final String CHILDREN = "children";

  private final DurableRuntime runtime;
  private final String jobId;
  private final Thread owner;
  private final History history = new History();

  /** The ids of the children this attempt started or saw started, in start order. */
  private final List<String> children = new ArrayList<>();

  /** Whether the cursor jumped over history not read (a loaded state): children may be unseen. */
  private boolean jumped;

  /** The name of the step whose body runs now; null outside a body. Handler's thread only. */
  private String inStep;

  private volatile boolean ended;
  private volatile Suspension suspension;
  private volatile MediaFlowException fatal;

  DurableContext(DurableRuntime runtime, Job job, Thread owner) {
    this.runtime = runtime;
    this.jobId = job.id();
    this.owner = owner;
  }

  /** The attempt ended: every later call is {@code DURABLE_MISUSE}. */
  public void end() {
    ended = true;
  }

  /** What the attempt waits for, when a call ended it so; else null. */
  public Suspension suspension() {
    return suspension;
  }

  /** A replay or misuse error the attempt hit (its handler may have caught it); else null. */
  public MediaFlowException fatal() {
    return fatal;
  }

  // ---------------------------------------------------------------- primitives

  public <T> T step(String name, StepType<T> type, Callable<T> body) throws Exception {
    enter("step");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    History h = history();
    Checkpoint recorded = expect(h, Kind.STEP, name);
    if (recorded != null) {
      h.advance();
      return runtime.codec().read(jobId, stepWhat(name), recorded.value(), type);
    }
    T result;
    inStep = name;
    try {
      result = body.call();
    } finally {
      inStep = null;
    }
    String json = runtime.codec().write(jobId, stepWhat(name), result);
    runtime.writer().save(new Checkpoint(jobId, h.cursor(), Kind.STEP, name, json));
    h.advance();
    return result;
  }

  public void sleep(Duration duration) {
    enter(SLEEP);
    Objects.requireNonNull(duration, "duration");
    sleepTo(plus(now(), duration));
  }

  public void sleepUntil(Instant wakeAt) {
    enter("sleepUntil");
    Objects.requireNonNull(wakeAt, "wakeAt");
    sleepTo(wakeAt);
  }

  private void sleepTo(Instant wakeAt) {
    Instant wake = timer(SLEEP, wakeAt);
    Duration left = Duration.between(now(), wake);
    if (!left.isNegative() && !left.isZero() && sleepsInline(left)) {
      return;
    }
    if (now().isBefore(wake)) {
      suspend(Wait.sleep(wake));
    }
  }

  /**
   * Sleeps a short wait in this thread, keeping the lease (heartbeats go on), so it ends on time
   * rather than a claim's round trip later; its wake-up instant is recorded already, so a crash in
   * it resumes with what is left. An interrupt (cancel, shutdown) ends it early: the caller then
   * yields as for a long sleep, and the engine drops that outcome if the job was stopped.
   *
   * @return true when the sleep was taken here
   */
  private boolean sleepsInline(Duration left) {
    if (left.compareTo(runtime.inlineSleep()) > 0) {
      return false;
    }
    try {
      Thread.sleep(left.toMillis(), left.toNanosPart() % 1_000_000);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Optional<String> awaitSignal(String name, Duration timeout) {
    enter("awaitSignal");
    checkName("signal", name);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "the timeout of signal '" + name + "' must be zero or positive but was " + timeout);
    }
    Instant deadline = timer(name, plus(now(), timeout));
    History h = history();
    Checkpoint recorded = expect(h, Kind.SIGNAL, name);
    if (recorded != null) {
      h.advance();
      return runtime.codec().signalPayload(jobId, name, recorded.value());
    }
    Optional<String> payload = runtime.checkpoints().takeSignal(jobId, name, h.cursor());
    if (payload.isEmpty() && now().isBefore(deadline)) {
      suspend(Wait.signal(name, deadline));
    }
    String value = runtime.codec().signalValue(payload);
    runtime.writer().save(new Checkpoint(jobId, h.cursor(), Kind.SIGNAL, name, value));
    h.advance();
    return payload;
  }

  public String startChild(JobRequest request) {
    enter("startChild");
    Objects.requireNonNull(request, "request");
    History h = history();
    Checkpoint recorded = expect(h, Kind.CHILD, request.type());
    if (recorded != null) {
      h.advance();
      String id =
          runtime
              .codec()
              .read(jobId, "child '" + request.type() + "'", recorded.value(), String.class);
      children.add(id);
      return id;
    }
    int seq = h.cursor();
    // the key makes a re-run that crashed between submit and checkpoint find the same child
    Job child =
        runtime.submitChild(request.withParent(jobId).withIdempotencyKey(jobId + "/child/" + seq));
    String json = runtime.codec().write(jobId, "child id", child.id());
    runtime.writer().save(new Checkpoint(jobId, seq, Kind.CHILD, request.type(), json));
    h.advance();
    children.add(child.id());
    return child.id();
  }

  public List<Job> awaitChildren() {
    enter("awaitChildren");
    long count = jumped ? Children.count(runtime.storage().jobs(), jobId) : (long) children.size();
    return join((int) Math.min(Integer.MAX_VALUE, count));
  }

  public List<Job> awaitChildren(int count) {
    enter("awaitChildren");
    if (count < 1) {
      throw new IllegalArgumentException(
          "job " + jobId + ": awaitChildren needs a count of 1 or more but was " + count);
    }
    return join(count);
  }

  /**
   * {@code awaitChildren()} that gives up at {@code deadline}: the wait is due then at the latest
   * (the store wakes it sooner when the children finish), and once the deadline has passed the
   * children finished so far are recorded and returned, however many.
   */
  public List<Job> awaitChildrenUntil(Instant deadline) {
    enter("awaitChildren");
    Objects.requireNonNull(deadline, "deadline");
    long count = jumped ? Children.count(runtime.storage().jobs(), jobId) : (long) children.size();
    return join((int) Math.min(Integer.MAX_VALUE, count), deadline);
  }

  private List<Job> join(int count) {
    return join(count, Wait.FOREVER);
  }

  private List<Job> join(int count, Instant deadline) {
    History h = history();
    Checkpoint recorded = expect(h, Kind.CHILDREN, CHILDREN);
    if (recorded != null) {
      h.advance();
      List<String> ids = runtime.codec().ids(jobId, recorded.value());
      return Children.byIds(runtime.storage().jobs(), jobId, ids);
    }
    Wait wait = new Wait(WaitReason.CHILDREN, deadline, "", Math.max(1, count));
    if (count > 0
        && Children.finishedCount(runtime.storage().jobs(), jobId) < count
        && now().isBefore(deadline)) {
      suspend(wait);
    }
    List<Job> done = Children.finished(runtime.storage().jobs(), jobId, children);
    if (done.size() < count && now().isBefore(deadline)) {
      suspend(wait); // a child was re-queued between the count and the read
    }
    List<String> ids = new ArrayList<>(done.size());
    for (Job j : done) {
      ids.add(j.id());
    }
    String json = runtime.codec().write(jobId, "the finished children", ids);
    runtime.writer().save(new Checkpoint(jobId, h.cursor(), Kind.CHILDREN, CHILDREN, json));
    h.advance();
    return done;
  }

  public void saveState(String name, Object value) {
    enter("saveState");
    checkName("state", name);
    String json = runtime.codec().write(jobId, "state '" + name + "'", value);
    runtime.checkpoints().saveState(jobId, name, new SavedState(json, history.cursor()));
  }

  public <T> Optional<T> loadState(String name, Class<T> type) {
    enter("loadState");
    checkName("state", name);
    Objects.requireNonNull(type, "type");
    Optional<SavedState> saved = runtime.checkpoints().loadState(jobId, name);
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    SavedState s = saved.get();
    T value = runtime.codec().read(jobId, "state '" + name + "'", s.value(), type);
    if (s.seq() > history.cursor()) {
      history.jumpTo(s.seq());
      jumped = true;
    }
    return Optional.ofNullable(value);
  }

  // ---------------------------------------------------------------- parts

  /**
   * The TIMER at the cursor: its recorded instant, or {@code at} (to the millisecond, as stored)
   * recorded now.
   */
  private Instant timer(String name, Instant at) {
    History h = history();
    Checkpoint recorded = expect(h, Kind.TIMER, name);
    Instant when;
    if (recorded != null) {
      when = runtime.codec().instant(jobId, name, recorded.value());
    } else {
      when = Instant.ofEpochMilli(at.toEpochMilli());
      runtime
          .writer()
          .save(
              new Checkpoint(
                  jobId, h.cursor(), Kind.TIMER, name, Long.toString(when.toEpochMilli())));
    }
    h.advance();
    return when;
  }

  /** {@link History#expect}, remembering a divergence so that a handler cannot swallow it. */
  private Checkpoint expect(History h, Kind kind, String name) {
    try {
      return h.expect(jobId, kind, name);
    } catch (MediaFlowException e) {
      throw fatal(e);
    }
  }

  private History history() {
    if (!history.loaded()) {
      history.load(runtime.checkpoints().history(jobId, history.cursor()));
    }
    return history;
  }

  private void enter(String primitive) {
    if (ended) {
      throw DurableErrors.misuse(
          jobId,
          primitive,
          "after its attempt ended",
          "call durable primitives only from the handler, while it runs; do not keep the"
              + " JobContext");
    }
    Thread t = Thread.currentThread();
    if (t != owner) {
      throw fatal(
          DurableErrors.misuse(
              jobId,
              primitive,
              "on thread '"
                  + t.getName()
                  + "', not on the handler's thread '"
                  + owner.getName()
                  + "'",
              "call durable primitives from the handler's own thread; run parallel work as child"
                  + " jobs (ctx.startChild) and join them with ctx.awaitChildren"));
    }
    if (inStep != null) {
      throw fatal(
          DurableErrors.misuse(
              jobId,
              primitive,
              "inside the body of step '" + inStep + "'",
              "call it in the handler between steps, not inside a step's body"));
    }
    if (suspension != null) {
      throw suspension; // a handler that swallowed its wait goes no further
    }
    if (fatal != null) {
      throw fatal;
    }
  }

  private MediaFlowException fatal(MediaFlowException e) {
    if (fatal == null) {
      fatal = e;
    }
    return e;
  }

  private void suspend(Wait wait) {
    Suspension s = new Suspension(jobId, wait);
    suspension = s;
    throw s;
  }

  private static void checkName(String what, String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a " + what + " name must not be blank");
    }
  }

  private static String stepWhat(String name) {
    return "the result of step '" + name + "'";
  }

  private Instant now() {
    return runtime.clock().instant();
  }

  private static Instant plus(Instant now, Duration d) {
    try {
      Instant t = now.plus(d);
      return t.isAfter(Wait.FOREVER) ? Wait.FOREVER : t;
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return d.isNegative() ? now : Wait.FOREVER;
    }
  }
}
