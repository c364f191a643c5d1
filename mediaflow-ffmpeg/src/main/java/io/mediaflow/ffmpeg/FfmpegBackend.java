package io.mediaflow.ffmpeg;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.ffmpeg.internal.Binaries;
import io.mediaflow.ffmpeg.internal.CommandBuilder;
import io.mediaflow.ffmpeg.internal.CommandBuilder.Encoding;
import io.mediaflow.ffmpeg.internal.EncoderChoice;
import io.mediaflow.ffmpeg.internal.EncoderChooser;
import io.mediaflow.ffmpeg.internal.Execution;
import io.mediaflow.ffmpeg.internal.HardwareEncoders;
import io.mediaflow.ffmpeg.internal.HardwareFallback;
import io.mediaflow.ffmpeg.internal.Measurements;
import io.mediaflow.ffmpeg.internal.NetworkInputs;
import io.mediaflow.ffmpeg.internal.Prober;
import io.mediaflow.ffmpeg.internal.ProcessRunner;
import io.mediaflow.ffmpeg.internal.Startup;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The FFmpeg media backend: probes files with {@code ffprobe} and runs invocations with {@code
 * ffmpeg}, reporting progress, honouring cancel and timeout, and classifying failures.
 *
 * <p>The programs are found through explicit paths, then the folder in {@code
 * MEDIAFLOW_FFMPEG_HOME}, then the {@code PATH}; FFmpeg 5.1 or newer is required. Both happen at
 * first use, so loading the backend through {@link java.util.ServiceLoader} never fails. The
 * version check and the listing of encoders and filters then run at the same time, alongside the
 * first probe.
 *
 * {@snippet :
 * MediaBackend backend = FfmpegBackend.builder()
 *     .ffmpeg(Path.of("/opt/ffmpeg/bin/ffmpeg"))
 *     .ffprobe(Path.of("/opt/ffmpeg/bin/ffprobe"))
 *     .build();
 * MediaInfo info = backend.probe(Path.of("in.mp4"));
 * }
 *
 * <p>Every program it starts carries its owner ({@link io.mediaflow.api.backend.ProcessOwner}), by
 * which the next mediaflow start on the host stops what a killed JVM left running. On Linux, when
 * util-linux {@code setpriv} is installed, programs also run under {@code setpriv --pdeathsig
 * SIGKILL} and die with the JVM that started them, even on {@code kill -9}; the system property
 * {@code mediaflow.ffmpeg.parentDeathSignal=false} turns that off.
 *
 * <p>Instances are thread-safe; each {@link #execute} runs its own process.
 */
public final class FfmpegBackend implements MediaBackend {

  /** How long FFmpeg may take to finish after SIGTERM before it is killed. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  private final Path explicitFfmpeg;
  private final Path explicitFfprobe;
  private final Duration stopGrace;
  private final Duration probeTimeout;
  private final Map<String, String> env;
  private final ProbeLimits probeLimits;
  private final EncoderChooser encoders;
  private volatile Startup startup;

  /** Finds the programs through {@code MEDIAFLOW_FFMPEG_HOME}, then the PATH, at first use. */
  public FfmpegBackend() {
    this(new Builder());
  }

  private FfmpegBackend(Builder b) {
    this.explicitFfmpeg = b.ffmpeg;
    this.explicitFfprobe = b.ffprobe;
    this.stopGrace = b.stopGrace;
    this.probeTimeout = b.probeTimeout;
    this.env = b.env;
    this.probeLimits = b.probeLimits;
    HardwareEncoders known = b.knownHardware;
    this.encoders = new EncoderChooser(() -> known != null ? known : startup().hardware());
  }

  /** A backend with every default; the same as {@code new FfmpegBackend()}. */
  public static FfmpegBackend ofDefaults() {
    return new FfmpegBackend();
  }

  /** Configures explicit program paths and limits. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "ffmpeg";
  }

  /**
   * FFmpeg's version, such as {@code 5.1.9-0+deb12u1}.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when FFmpeg is missing or too old
   */
  public String version() {
    return binaries().version();
  }

  /** The ffmpeg program in use. */
  public Path ffmpegPath() {
    return binaries().ffmpeg();
  }

  /** The ffprobe program in use. */
  public Path ffprobePath() {
    return binaries().ffprobe();
  }

  /** The limits every probed input is checked against. */
  public ProbeLimits probeLimits() {
    return probeLimits;
  }

  /**
   * Probes a file and checks it against the {@link #probeLimits()}: its size before ffprobe runs,
   * its frame size and duration after.
   *
   * <p>Only a regular file is opened, and only by a demuxer of plain media: a playlist, a manifest,
   * a concat list or an image sequence, whatever its name, is refused before ffprobe reads a file
   * it lists.
   *
   * @throws MediaFlowException {@code INPUT_INVALID} also for an input over a limit; {@code
   *     INPUT_UNREADABLE} for a folder, a named pipe, a device or a socket; {@code
   *     INPUT_FORMAT_NOT_ALLOWED} for a playlist or another format that opens other files
   */
  @Override
  public MediaInfo probe(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (Files.isRegularFile(file)) {
        probeLimits.checkFileSize(file.toAbsolutePath(), Files.size(file));
      }
    } catch (IOException e) {
      // the prober reports an unreadable file with its own, better message
    }
    Startup s = startup();
    MediaInfo info;
    try {
      // ffprobe needs only its path: it runs while FFmpeg is being checked, not after
      info = new Prober(s.ffprobe(), new ProcessRunner(stopGrace), probeTimeout).probe(file);
    } catch (RuntimeException e) {
      s.binaries(); // a missing or too-old FFmpeg is the failure to report, as when checked first
      throw e;
    }
    s.binaries();
    probeLimits.check(file.toAbsolutePath(), info);
    return info;
  }

  /**
   * Probes a streamed input's {@code http(s)} URL with {@code ffprobe}, which may use that scheme's
   * network protocols only (no {@code file}); the limits of {@link ProbeLimits} apply, the size as
   * the server states it.
   *
   * @throws MediaFlowException as {@link #probe(Path)}, also {@code NETWORK} (retryable) for a
   *     store that cannot be reached and {@code PERMISSION_DENIED} for a refused signature; the
   *     messages show the URL without its query
   */
  @Override
  public MediaInfo probe(URI url) {
    Objects.requireNonNull(url, "url");
    Startup s = startup();
    MediaInfo info;
    try {
      info = new Prober(s.ffprobe(), new ProcessRunner(stopGrace), probeTimeout).probe(url);
    } catch (RuntimeException e) {
      s.binaries();
      throw e;
    }
    s.binaries();
    probeLimits.check(Path.of(url.getRawPath()), info);
    return info;
  }

  /**
   * Checks the plan's encoders (from its outputs' codecs) and filters against {@code ffmpeg
   * -encoders} and {@code -filters}, which run once per backend, started with the version check at
   * the first call of any method that needs FFmpeg.
   */
  @Override
  public List<Violation> verify(ProcessingPlan plan) {
    Objects.requireNonNull(plan, "plan");
    List<Violation> violations = new ArrayList<>(startup().capabilities().check(plan));
    for (Invocation inv : plan.invocations()) {
      try {
        CommandBuilder.videoEncoders(inv, encoders);
      } catch (MediaFlowException e) {
        if (e.code() != ErrorCode.HARDWARE_UNAVAILABLE) {
          throw e;
        }
        int colon = e.detail().indexOf(": ");
        violations.add(
            new Violation(
                e.detail().substring(0, colon),
                e.code(),
                e.detail().substring(colon + 2),
                e.suggestion()));
      }
    }
    return violations;
  }

  /**
   * Includes {@code -progress pipe:1 -nostats}: the list is what {@link #execute} runs, but for the
   * thread options ({@code -threads}, {@code -filter_threads}) that {@code execute} adds from the
   * cores the engine admitted the run with, and for a hardware encoder that fails at run time under
   * {@code "hardware": "auto"} (then the run is made again with the next choice).
   */
  @Override
  public List<String> arguments(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    return CommandBuilder.arguments(invocation, new Encoding(encoders, OptionalInt.empty()));
  }

  /** Which video encoder each output gets and why, when an output asks for hardware. */
  @Override
  public List<String> notes(Invocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    return CommandBuilder.videoEncoders(invocation, encoders).values().stream()
        .map(EncoderChoice::note)
        .filter(n -> !n.isEmpty())
        .toList();
  }

  /**
   * The hardware video encoders this FFmpeg build lists and whether each works on this machine,
   * tried on one generated frame the first time anything asks (a host may call it at start-up to
   * log what it has).
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when FFmpeg is missing or too old
   */
  public List<String> hardwareEncoders() {
    return encoders.hardware().all().stream()
        .map(
            s ->
                s.encoder() + (s.works() ? ": works" : ": does not work here (" + s.reason() + ")"))
        .toList();
  }

  /**
   * Runs FFmpeg for one invocation.
   *
   * @throws MediaFlowException classified ({@code INPUT_INVALID}, {@code FILTER_FAILED}, {@code
   *     DISK_FULL}, …, else {@code PROCESSING_FAILED}); for a non-zero exit its message's first
   *     line says what failed and the lines after it are FFmpeg's last 20 lines on stderr (each cut
   *     to 500 characters), which the engine shows in the job's log
   */
  @Override
  public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(control, "control");
    Encoding encoding = new Encoding(encoders, Encoding.threadsFor(control.cpuCores()));
    String stderr;
    try {
      stderr =
          new HardwareFallback(
                  new Execution(binaries().ffmpeg(), new ProcessRunner(stopGrace)), encoders)
              .run(invocation, encoding, control);
    } catch (MediaFlowException e) {
      throw NetworkInputs.redact(e, invocation);
    }
    if (invocation.purpose() == Invocation.Purpose.ANALYSIS) {
      return new ExecutionResult(Measurements.parse(invocation, stderr));
    }
    return ExecutionResult.EMPTY;
  }

  private Binaries binaries() {
    return startup().binaries();
  }

  /** The current attempt at finding and checking FFmpeg; a new one when none has succeeded. */
  private Startup startup() {
    Startup s = startup;
    if (s == null || s.failed()) {
      synchronized (this) {
        s = startup;
        if (s == null || s.failed()) {
          // a failure is not cached: FFmpeg may be installed while the host keeps running
          s = Startup.begin(explicitFfmpeg, explicitFfprobe, env, new ProcessRunner(stopGrace));
          startup = s;
        }
      }
    }
    return s;
  }

  @Override
  public String toString() {
    Startup s = startup;
    Optional<Binaries> b = s == null ? Optional.empty() : s.checked();
    return b.map(found -> "FfmpegBackend[" + found + "]").orElse("FfmpegBackend[not located yet]");
  }

  /** Builds an {@link FfmpegBackend}. Each option may be set once. */
  public static final class Builder {
    private Path ffmpeg;
    private Path ffprobe;
    private Duration stopGrace = DEFAULT_STOP_GRACE;
    private boolean stopGraceSet;
    private Duration probeTimeout = Prober.DEFAULT_TIMEOUT;
    private boolean probeTimeoutSet;
    private Map<String, String> env = System.getenv();
    private ProbeLimits probeLimits = ProbeLimits.ofDefaults();
    private boolean probeLimitsSet;
    private HardwareEncoders knownHardware;

    private Builder() {}

    /** The ffmpeg program to run, instead of searching for it. */
    public Builder ffmpeg(Path program) {
      Objects.requireNonNull(program, "program");
      if (ffmpeg != null) {
        throw alreadySet("ffmpeg", ffmpeg, program);
      }
      this.ffmpeg = program;
      return this;
    }

    /** The ffprobe program to run, instead of searching for it. */
    public Builder ffprobe(Path program) {
      Objects.requireNonNull(program, "program");
      if (ffprobe != null) {
        throw alreadySet("ffprobe", ffprobe, program);
      }
      this.ffprobe = program;
      return this;
    }

    /** A folder holding both {@code ffmpeg} and {@code ffprobe}. */
    public Builder home(Path folder) {
      Objects.requireNonNull(folder, "folder");
      return ffmpeg(folder.resolve(exe("ffmpeg"))).ffprobe(folder.resolve(exe("ffprobe")));
    }

    /** How long FFmpeg may take to finish after SIGTERM before it is killed; default 5 s. */
    public Builder stopGracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (stopGraceSet) {
        throw alreadySet("stopGracePeriod", stopGrace, grace);
      }
      if (grace.isNegative() || grace.isZero()) {
        throw new IllegalArgumentException("stopGracePeriod must be positive but was " + grace);
      }
      this.stopGrace = grace;
      this.stopGraceSet = true;
      return this;
    }

    /** The longest ffprobe may take on one file; default 60 s. */
    public Builder probeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (probeTimeoutSet) {
        throw alreadySet("probeTimeout", probeTimeout, timeout);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("probeTimeout must be positive but was " + timeout);
      }
      this.probeTimeout = timeout;
      this.probeTimeoutSet = true;
      return this;
    }

    /** The largest inputs accepted; default {@link ProbeLimits#ofDefaults()}. */
    public Builder probeLimits(ProbeLimits limits) {
      Objects.requireNonNull(limits, "limits");
      if (probeLimitsSet) {
        throw alreadySet("probeLimits", probeLimits, limits);
      }
      this.probeLimits = limits;
      this.probeLimitsSet = true;
      return this;
    }

    /** The hardware to choose from instead of trying the machine's; for tests. */
    Builder knownHardware(HardwareEncoders hardware) {
      this.knownHardware = Objects.requireNonNull(hardware, "hardware");
      return this;
    }

    /** The environment to search ({@code MEDIAFLOW_FFMPEG_HOME}, {@code PATH}); for tests. */
    Builder environment(Map<String, String> variables) {
      this.env = Map.copyOf(variables);
      return this;
    }

    public FfmpegBackend build() {
      return new FfmpegBackend(this);
    }

    private static String exe(String name) {
      return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")
          ? name + ".exe"
          : name;
    }

    private static IllegalStateException alreadySet(String option, Object was, Object now) {
      return new IllegalStateException(
          option + " was already set to " + was + "; cannot set it again to " + now);
    }
  }
}
