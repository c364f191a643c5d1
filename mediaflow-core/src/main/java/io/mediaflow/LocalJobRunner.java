package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.internal.AbandonedProcesses;
import io.mediaflow.internal.Owners;
import io.mediaflow.internal.TempFileJournal;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan on the calling thread: every output is written to a temp file beside its destination,
 * and all of a job's outputs are renamed into place together only after every invocation succeeded;
 * on failure every temp file is removed, so a job leaves all its outputs or none. Before running,
 * it sweeps the temp files a killed process left beside the destinations (see {@link
 * #sweepTempFiles(Path, Duration, Clock)}); while it runs, the temp files it writes are listed in a
 * journal of this process, by which {@link #stopAbandonedProcesses()} finds them wherever they are
 * if the process is killed.
 *
 * {@snippet :
 * LocalJobRunner runner = new LocalJobRunner(MediaBackends.require(loader));
 * List<Path> written = runner.run(plan, false, p -> bar.update(p.percent()));
 * }
 */
public final class LocalJobRunner {

  /** Temp files end with this, so a later start can sweep those a killed process left. */
  public static final String TEMP_SUFFIX = ".mediaflow-tmp";

  /**
   * How long a temp file whose owner cannot be checked (written on another host, or by a version
   * that did not name its owner) must go unchanged before a sweep removes it.
   */
  public static final Duration DEFAULT_STALE_AFTER = Owners.DEFAULT_STALE_AFTER;

  private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

  private final MediaBackend backend;
  private final BooleanSupplier cancelled;

  public LocalJobRunner(MediaBackend backend) {
    this(backend, () -> false);
  }

  /** A runner whose invocations stop when {@code cancelled} turns true. */
  public LocalJobRunner(MediaBackend backend, BooleanSupplier cancelled) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
  }

  /**
   * Runs every invocation, then moves the outputs into place.
   *
   * @param overwrite replace existing destinations even where the spec does not allow it
   * @param progress receives overall progress, each invocation weighted by its estimated CPU work
   *     (by its media duration when the plan has no estimates)
   * @return the destinations written, in the order of the plan's outputs
   * @throws MediaFlowException {@code DESTINATION_EXISTS} before anything runs, or the backend's
   *     classified failure
   */
  public List<Path> run(ProcessingPlan plan, boolean overwrite, Consumer<Progress> progress) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(progress, "progress");
    Map<Path, Path> tempByDestination = new LinkedHashMap<>();
    for (Invocation inv : plan.invocations()) {
      if (inv.purpose() == Invocation.Purpose.ANALYSIS) {
        continue;
      }
      for (InvocationOutput out : inv.outputs()) {
        Path dest = Path.of(out.location());
        if (Files.exists(dest) && !(overwrite || out.overwrite())) {
          throw new MediaFlowException(
              ErrorCode.DESTINATION_EXISTS,
              out.outputId() + ": " + dest + " already exists",
              "set \"overwrite\": true on the output, or pass --overwrite");
        }
      }
    }
    sweepDestinationFolders(plan);
    try {
      // progress weighs each run by its estimated CPU work (an analysis run only decodes; the
      // encoding run does the most); the time left goes by media seconds at the reported speed
      boolean estimated = plan.invocations().stream().allMatch(i -> i.estimate().cpuSeconds() > 0);
      double total = 0;
      double totalMedia = 0;
      for (Invocation i : plan.invocations()) {
        total += share(i, estimated);
        totalMedia += weight(i.expectedDuration());
      }
      double done = 0;
      double doneMedia = 0;
      Map<String, String> measured = new HashMap<>();
      for (Invocation inv : plan.invocations()) {
        Invocation ready = inv.withMeasurements(measured);
        boolean analysis = inv.purpose() == Invocation.Purpose.ANALYSIS;
        Invocation staged =
            analysis ? ready : ready.withOutputs(out -> stage(out, tempByDestination));
        double share = share(inv, estimated);
        double shareMedia = weight(inv.expectedDuration());
        ExecutionResult result =
            backend.execute(
                staged,
                control(
                    progress,
                    new double[] {done, share, total},
                    new double[] {doneMedia, shareMedia, totalMedia}));
        if (analysis) {
          String node = inv.nodeIds().get(inv.nodeIds().size() - 1);
          result.measurements().forEach((k, v) -> measured.put(node + "." + k, v));
        }
        done += share;
        doneMedia += shareMedia;
      }
      commit(tempByDestination);
      TempFileJournal.remove(tempByDestination.values());
      progress.accept(new Progress(100, plan.expectedDuration(), 0, Optional.of(Duration.ZERO)));
      return new ArrayList<>(tempByDestination.keySet());
    } catch (RuntimeException e) {
      tempByDestination.values().forEach(LocalJobRunner::deleteQuietly);
      TempFileJournal.remove(tempByDestination.values());
      throw e;
    }
  }

  private static double weight(MediaDuration d) {
    return Math.max(d.toSeconds(), 0.001);
  }

  /** A run's part of the progress bar: its estimated CPU seconds, or its media seconds. */
  private static double share(Invocation inv, boolean estimated) {
    return estimated ? inv.estimate().cpuSeconds() : weight(inv.expectedDuration());
  }

  /**
   * @param work done before this run, this run's share and the total, in progress weight
   * @param media the same in media seconds, for the time left
   */
  private ExecutionControl control(Consumer<Progress> progress, double[] work, double[] media) {
    return new ExecutionControl() {
      @Override
      public void progress(Progress p) {
        double percent = Math.min(100, (work[0] + work[1] * p.percent() / 100) * 100 / work[2]);
        progress.accept(
            new Progress(
                percent, p.position(), p.speed(), planEta(p, media[0], media[1], media[2])));
      }

      @Override
      public boolean isCancelled() {
        return cancelled.getAsBoolean();
      }
    };
  }

  /**
   * The time left for the whole plan: the running invocation's estimate plus the invocations after
   * it, at the speed it reports, or else at the pace of its own estimate.
   */
  static Optional<Duration> planEta(Progress p, double before, double share, double total) {
    if (p.eta().isEmpty()) {
      return Optional.empty();
    }
    Duration eta = p.eta().get();
    double later = total - before - share; // media seconds the following invocations weigh
    if (later <= 0.001) {
      return Optional.of(eta);
    }
    double laterSeconds;
    double left = share * (100 - p.percent()) / 100;
    if (p.speed() > 0) {
      laterSeconds = later / p.speed();
    } else if (left > 0.001) {
      laterSeconds = later * eta.toNanos() / 1e9 / left;
    } else {
      return Optional.of(eta); // no pace to go by: the running invocation's time is all we know
    }
    return Optional.of(eta.plusNanos(Math.round(laterSeconds * 1e9)));
  }

  private static InvocationOutput stage(InvocationOutput out, Map<Path, Path> temps) {
    Path dest = Path.of(out.location()).toAbsolutePath();
    try {
      Files.createDirectories(dest.getParent());
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "cannot create the folder of " + dest + ": " + e.getMessage(),
          "check that the folder can be written",
          false,
          e);
    }
    Path temp =
        dest.resolveSibling(
            "."
                + dest.getFileName()
                + "."
                + UUID.randomUUID().toString().substring(0, 8)
                + "."
                + ownerTag(ProcessHandle.current().pid())
                + TEMP_SUFFIX);
    temps.put(dest, temp);
    TempFileJournal.add(temp);
    return out.withLocation(temp.toString());
  }

  private static void commit(Map<Path, Path> temps) {
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      if (!Files.exists(e.getValue())) {
        throw new MediaFlowException(
            ErrorCode.PROCESSING_FAILED,
            "the media tool reported success but wrote nothing for " + e.getKey(),
            "run the plan with --format json and check the output's streams");
      }
    }
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      try {
        try {
          Files.move(
              e.getValue(),
              e.getKey(),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException io) {
        throw new MediaFlowException(
            ErrorCode.PROCESSING_FAILED,
            "cannot move " + e.getValue() + " to " + e.getKey() + ": " + io.getMessage(),
            "check the destination folder's permissions",
            false,
            io);
      }
    }
  }

  /**
   * Sweeps the folders the plan writes to. File times come from the operating system's clock, so
   * they are compared with that clock rather than with a host's (possibly simulated) one.
   */
  private static void sweepDestinationFolders(ProcessingPlan plan) {
    Set<Path> folders = new LinkedHashSet<>();
    for (Invocation inv : plan.invocations()) {
      if (inv.purpose() == Invocation.Purpose.ANALYSIS) {
        continue;
      }
      for (InvocationOutput out : inv.outputs()) {
        Path parent = Path.of(out.location()).toAbsolutePath().getParent();
        if (parent != null) {
          folders.add(parent);
        }
      }
    }
    for (Path folder : folders) {
      int removed = sweepTempFiles(folder, DEFAULT_STALE_AFTER, Clock.systemUTC());
      if (removed > 0) {
        LOG.info("removed {} temp files left by a stopped run in {}", removed, folder);
      }
    }
  }

  /**
   * {@link #sweepTempFiles(Path, Duration, Clock)} with {@link #DEFAULT_STALE_AFTER} and the system
   * clock.
   */
  public static int sweepTempFiles(Path directory) {
    return sweepTempFiles(directory, DEFAULT_STALE_AFTER, Clock.systemUTC());
  }

  /**
   * Removes the temp files a stopped run left in {@code directory}, and only those: files named
   * {@code .NAME.RANDOM.PID-HOST.mediaflow-tmp} whose owner ran on this host and is no longer
   * alive, and any {@code *.mediaflow-tmp} unchanged for longer than {@code staleAfter} whose owner
   * cannot be checked here (another host sharing the folder, or no owner in the name). A file whose
   * owner is alive on this host is never removed, however old, so a concurrent run keeps its files,
   * even those of an earlier invocation that it no longer writes to.
   *
   * @return how many files were removed
   */
  public static int sweepTempFiles(Path directory, Duration staleAfter, Clock clock) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(clock, "clock");
    int removed = 0;
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    Instant now = clock.instant();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX)) {
      for (Path f : files) {
        if (isStale(f, staleAfter, now) && deleteQuietly(f)) {
          LOG.debug("removed stale temp file {}", f);
          removed++;
        }
      }
    } catch (IOException e) {
      LOG.warn("could not sweep temp files in {}: {}", directory, e.getMessage());
    }
    return removed;
  }

  private static boolean isStale(Path file, Duration staleAfter, Instant now) {
    Instant changed;
    try {
      if (!Files.isRegularFile(file)) {
        return false;
      }
      FileTime modified = Files.getLastModifiedTime(file);
      changed = modified.toInstant();
    } catch (IOException e) {
      return false; // gone already, or unreadable: leave it alone
    }
    // .NAME.RANDOM.PID-HOST.mediaflow-tmp: the owner is the last part before the suffix
    String name = file.getFileName().toString();
    return Owners.abandoned(
        name.substring(0, name.length() - TEMP_SUFFIX.length()), changed, staleAfter, now);
  }

  /**
   * Stops the media programs (FFmpeg, ffprobe) that a mediaflow process which is gone ({@code kill
   * -9}, a crash) left running on this host, then removes the temp files they were writing, and
   * those such a process listed as being written by programs that died with it. A program is
   * recognised by the owner the backend marked it with ({@link
   * io.mediaflow.api.backend.ProcessOwner}); one whose owner is alive, or ran on another host, is
   * never touched. Each is sent SIGTERM, then SIGKILL after 5 s. {@link MediaFlow#start()} calls
   * this; a host that runs plans with a {@code LocalJobRunner} alone calls it once at its start, as
   * the {@code mediaflow} command does.
   *
   * <p>Where the operating system allows it (Linux with util-linux {@code setpriv}), the FFmpeg
   * backend's programs die with the JVM that started them, and this finds nothing.
   *
   * @return how many programs were stopped
   */
  public static int stopAbandonedProcesses() {
    List<AbandonedProcesses.Orphan> stopped =
        AbandonedProcesses.stopAll(AbandonedProcesses.DEFAULT_STOP_GRACE);
    Set<Path> folders = new LinkedHashSet<>();
    for (AbandonedProcesses.Orphan orphan : stopped) {
      for (String argument : orphan.arguments()) {
        String path = argument.startsWith("file:") ? argument.substring(5) : argument;
        if (path.endsWith(TEMP_SUFFIX)) {
          try {
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
              folders.add(parent);
            }
          } catch (InvalidPathException e) {
            // not a path of ours after all
          }
        }
      }
    }
    for (Path folder : folders) {
      int removed = sweepTempFiles(folder);
      if (removed > 0) {
        LOG.info("removed {} temp files of stopped orphan processes in {}", removed, folder);
      }
    }
    // and those of programs that died with their owner, wherever they were written
    TempFileJournal.sweep(TEMP_SUFFIX);
    return stopped.size();
  }

  /** {@code PID-HOST}, or {@code PID-00000000} when the host cannot be told apart. */
  static String ownerTag(long pid) {
    return Owners.tag(pid);
  }

  private static boolean deleteQuietly(Path p) {
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not remove temp file {}: {}", p, e.getMessage());
      return false;
    }
  }
}
