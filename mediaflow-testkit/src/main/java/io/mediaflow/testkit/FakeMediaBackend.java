package io.mediaflow.testkit;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A {@link MediaBackend} that runs nothing: it answers probes from a script, writes a small file
 * for every output, reports progress, and fails, hangs or cheats when told to. Thread-safe.
 *
 * {@snippet :
 * FakeMediaBackend backend =
 *     FakeMediaBackend.builder()
 *         .media("/in/clip.mp4", clipInfo)
 *         .failWith(ErrorCode.NETWORK, 2) // the first two runs fail, the third succeeds
 *         .takes(Duration.ofSeconds(30)) // each run lasts 30 s ...
 *         .on(clock) // ... on the test's manual clock
 *         .build();
 * // ... run jobs ...
 * assertThat(backend.executions()).hasSize(3);
 * }
 */
public final class FakeMediaBackend implements MediaBackend {

  /** Progress reports per run unless {@link Builder#progressSteps} says otherwise. */
  public static final int DEFAULT_PROGRESS_STEPS = 4;

  /** How often a hanging run looks at its cancel flag. */
  static final Duration HANG_POLL = Duration.ofMillis(5);

  private final String name;
  private final Map<String, MediaInfo> media;
  private final int progressSteps;
  private final ErrorCode failCode;
  private final int failTimes;
  private final boolean hang;
  private final boolean garbage;
  private final Map<String, String> measurements;
  private final Duration runTime;
  private final ManualClock clock;
  private final AtomicInteger runs = new AtomicInteger();
  private final List<Invocation> executions = Collections.synchronizedList(new ArrayList<>());
  private final Object hangMonitor = new Object();

  private FakeMediaBackend(Builder b) {
    this.name = b.name;
    this.media = Map.copyOf(b.media);
    this.progressSteps = b.progressSteps;
    this.failCode = b.failCode;
    this.failTimes = b.failTimes;
    this.hang = b.hang;
    this.garbage = b.garbage;
    this.measurements = Map.copyOf(b.measurements);
    this.runTime = b.runTime;
    this.clock = b.clock;
  }

  /** A script for a new fake. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The scripted media for {@code file} (looked up by the path as given, then as an absolute,
   * normalized path).
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} for a file the script does not know
   */
  @Override
  public MediaInfo probe(Path file) {
    Objects.requireNonNull(file, "file");
    MediaInfo info = media.get(file.toString());
    if (info == null) {
      info = media.get(file.toAbsolutePath().normalize().toString());
    }
    if (info == null) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "no such media file: " + file,
          "the fake media backend knows only the files given to its builder's media(...): "
              + media.keySet().stream().sorted().collect(Collectors.joining(", ")));
    }
    return info;
  }

  /**
   * A readable pseudo-command: {@code -i} per input, the filter graph, then each output with its
   * container: {@code -i in.mp4 -filter_complex [0:v]scale=w=640[v0] -f mp4 out.mp4}.
   */
  @Override
  public List<String> arguments(Invocation invocation) {
    List<String> args = new ArrayList<>();
    for (InvocationInput in : invocation.inputs()) {
      args.add("-i");
      args.add(in.location());
    }
    if (!invocation.filters().isEmpty()) {
      args.add("-filter_complex");
      args.add(
          invocation.filters().stream()
              .map(FakeMediaBackend::describe)
              .collect(Collectors.joining(";")));
    }
    for (InvocationOutput out : invocation.outputs()) {
      args.add("-f");
      args.add(out.container());
      args.add(out.location());
    }
    return List.copyOf(args);
  }

  private static String describe(GraphFilter f) {
    StringBuilder sb = new StringBuilder();
    f.inputs().forEach(l -> sb.append('[').append(l).append(']'));
    sb.append(f.name());
    if (!f.args().isEmpty()) {
      sb.append('=');
      sb.append(
          f.args().stream()
              .map(
                  a -> a.key() == null || a.key().isEmpty() ? a.value() : a.key() + "=" + a.value())
              .collect(Collectors.joining(":")));
    }
    f.outputs().forEach(l -> sb.append('[').append(l).append(']'));
    return sb.toString();
  }

  /**
   * Records the run, then: fails while scripted failures remain; hangs when told to; otherwise
   * reports progress from 0 to 100, writes a small file at every output location (unless told to
   * return garbage, or the run is an analysis) and returns the scripted measurements.
   */
  @Override
  public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(control, "control");
    executions.add(invocation);
    int run = runs.incrementAndGet();
    if (run <= failTimes) {
      throw new MediaFlowException(
          failCode,
          "scripted failure " + run + " of " + failTimes + " in " + invocation.id(),
          "the fake media backend was told to fail its first " + failTimes + " runs");
    }
    if (control.isCancelled()) {
      throw cancelled(invocation);
    }
    if (hang) {
      hangUntilStopped(invocation, control);
    }
    MediaDuration length =
        invocation.expectedDuration() == null ? MediaDuration.ZERO : invocation.expectedDuration();
    double speed =
        runTime.isZero() ? 0 : length.micros() / 1e6 / (runTime.toNanos() / 1e9); // media s per s
    for (int i = 0; i <= progressSteps; i++) {
      double percent = progressSteps == 0 ? 100 : 100.0 * i / progressSteps;
      if (i > 0 && !runTime.isZero()) {
        pass(runTime.dividedBy(progressSteps), invocation, control);
      }
      Optional<Duration> eta =
          runTime.isZero()
              ? Optional.empty()
              : Optional.of(
                  Duration.ofNanos(Math.round(runTime.toNanos() * (100 - percent) / 100)));
      control.progress(
          new Progress(
              percent,
              MediaDuration.ofMicros(Math.round(length.micros() * percent / 100)),
              speed,
              eta));
    }
    if (!garbage && invocation.purpose() == Invocation.Purpose.ENCODE) {
      for (InvocationOutput out : invocation.outputs()) {
        write(Path.of(out.location()), invocation);
      }
    }
    return new ExecutionResult(measurements);
  }

  /**
   * Lets {@code step} of a run's scripted time pass: on the manual clock at once, otherwise on the
   * wall clock, watching the cancel flag.
   */
  private void pass(Duration step, Invocation invocation, ExecutionControl control) {
    if (clock != null) {
      clock.advance(step);
      return;
    }
    long end = System.nanoTime() + step.toNanos();
    synchronized (hangMonitor) {
      for (long left = step.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (control.isCancelled()) {
          throw cancelled(invocation);
        }
        try {
          hangMonitor.wait(Math.max(1, Math.min(HANG_POLL.toMillis(), left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MediaFlowException(
              ErrorCode.CANCELLED, invocation.id() + " was interrupted", "", false, e);
        }
      }
    }
    if (control.isCancelled()) {
      throw cancelled(invocation);
    }
  }

  private void hangUntilStopped(Invocation invocation, ExecutionControl control) {
    long start = System.nanoTime();
    Optional<Duration> timeout = control.timeout();
    synchronized (hangMonitor) {
      while (!control.isCancelled()) {
        if (timeout.isPresent() && System.nanoTime() - start >= timeout.get().toNanos()) {
          throw new MediaFlowException(
              ErrorCode.TIMEOUT,
              invocation.id() + " ran longer than its timeout of " + timeout.get(),
              "the fake media backend was told to hang until cancelled");
        }
        try {
          hangMonitor.wait(HANG_POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MediaFlowException(
              ErrorCode.CANCELLED, invocation.id() + " was interrupted", "", false, e);
        }
      }
    }
    throw cancelled(invocation);
  }

  private static MediaFlowException cancelled(Invocation invocation) {
    return new MediaFlowException(ErrorCode.CANCELLED, invocation.id() + " was cancelled", "");
  }

  private static void write(Path file, Invocation invocation) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          file,
          "fake media written by FakeMediaBackend for " + invocation.id() + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the fake media backend could not write " + file, e);
    }
  }

  /** Every invocation {@link #execute} was given, in call order (failed and hung runs too). */
  public List<Invocation> executions() {
    synchronized (executions) {
      return List.copyOf(executions);
    }
  }

  /** What a fake backend does; each option may be set once, except {@link #media}. */
  public static final class Builder {
    private String name = "fake";
    private final Map<String, MediaInfo> media = new LinkedHashMap<>();
    private int progressSteps = DEFAULT_PROGRESS_STEPS;
    private ErrorCode failCode = ErrorCode.PROCESSING_FAILED;
    private int failTimes;
    private boolean hang;
    private boolean garbage;
    private Map<String, String> measurements = Map.of();
    private Duration runTime = Duration.ZERO;
    private ManualClock clock;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /** The backend's name; default {@code fake}. */
    public Builder name(String name) {
      once("name");
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** What {@link #probe} answers for {@code pathOrSource} (a path or a source string). */
    public Builder media(String pathOrSource, MediaInfo info) {
      Objects.requireNonNull(pathOrSource, "pathOrSource");
      Objects.requireNonNull(info, "info");
      media.put(pathOrSource, info);
      return this;
    }

    /** What {@link #probe} answers for {@code file}. */
    public Builder media(Path file, MediaInfo info) {
      Objects.requireNonNull(file, "file");
      media(file.toString(), info);
      media.putIfAbsent(file.toAbsolutePath().normalize().toString(), info);
      return this;
    }

    /** Reports progress {@code steps + 1} times per run, from 0 to 100 in equal steps. */
    public Builder progressSteps(int steps) {
      once("progressSteps");
      if (steps < 0) {
        throw new IllegalArgumentException("progressSteps must be 0 or more but was " + steps);
      }
      this.progressSteps = steps;
      return this;
    }

    /**
     * The first {@code times} runs fail with a {@link MediaFlowException} of {@code code} (its
     * retryable flag is the code's); later runs succeed.
     */
    public Builder failWith(ErrorCode code, int times) {
      once("failWith");
      if (times < 1) {
        throw new IllegalArgumentException("failWith times must be 1 or more but was " + times);
      }
      this.failCode = Objects.requireNonNull(code, "code");
      this.failTimes = times;
      return this;
    }

    /**
     * Runs never end by themselves: {@code execute} waits until the control's cancel flag is set
     * (then fails with {@code CANCELLED}) or its timeout passes (then fails with {@code TIMEOUT}).
     */
    public Builder hangUntilCancelled() {
      once("hangUntilCancelled");
      this.hang = true;
      return this;
    }

    /**
     * Runs succeed without writing any output file, so a caller that verifies its outputs must
     * notice.
     */
    public Builder returnGarbage() {
      once("returnGarbage");
      this.garbage = true;
      return this;
    }

    /**
     * Every run takes {@code runTime}: progress comes in equal steps across it, with the speed and
     * the time left it implies. The time passes on the wall clock (a cancel ends the run early)
     * unless {@link #on(ManualClock)} gives a clock to advance instead. Default: no time at all.
     */
    public Builder takes(Duration runTime) {
      once("takes");
      Objects.requireNonNull(runTime, "runTime");
      if (runTime.isNegative()) {
        throw new IllegalArgumentException("runTime must not be negative but was " + runTime);
      }
      this.runTime = runTime;
      return this;
    }

    /**
     * Runs advance {@code clock} by their {@link #takes} time, in progress steps, instead of
     * waiting: a test drives time without sleeping.
     */
    public Builder on(ManualClock clock) {
      once("on");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** What every run returns as {@link ExecutionResult#measurements()}. */
    public Builder measurements(Map<String, String> values) {
      once("measurements");
      this.measurements = Map.copyOf(values);
      return this;
    }

    public FakeMediaBackend build() {
      return new FakeMediaBackend(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }
  }

  @Override
  public String toString() {
    return "FakeMediaBackend[" + name + "]";
  }
}
