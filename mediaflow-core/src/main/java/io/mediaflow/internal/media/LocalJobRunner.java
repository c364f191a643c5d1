package io.mediaflow.internal.media;

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
import io.mediaflow.internal.RealPaths;
import io.mediaflow.internal.TempFileJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * and all of a job's outputs are moved into place together only after every invocation succeeded;
 * on failure every temp file is removed, so a job leaves all its outputs or none. Before running,
 * it sweeps the temp files a killed process left beside the destinations (see {@link
 * #sweepTempFiles(Path, Duration, Clock)}); while it runs, the temp files it writes are listed in a
 * journal of this process, by which {@link #stopAbandonedProcesses()} finds them wherever they are
 * if the process is killed.
 *
 * <p>Each destination is resolved once, before anything runs, to the real path it leads to
 * (symbolic links on its existing part followed, as {@link Workspace} does); the temp file is made
 * in that real folder and moved to that real path, so the file checked is the file written. A
 * destination that exists but is not a regular file (a folder, FIFO, device or socket) is refused
 * even where overwriting is allowed. An output that may not replace a file is put in place with an
 * operation that fails when the destination exists (a hard link, or where the file system has none
 * a move without replace), so a file that appeared while the job ran is never replaced.
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
   * @return the real paths of the destinations written, in the order of the plan's outputs
   * @throws MediaFlowException before anything runs: {@code DESTINATION_EXISTS}, {@code
   *     NOT_A_REGULAR_FILE} for a destination that is a folder, FIFO, device or socket, {@code
   *     INVALID_VALUE} for two outputs that are one real file, {@code PATH_NOT_ALLOWED} for a
   *     destination behind a broken symbolic link; the backend's classified failure; when the
   *     outputs are moved into place: {@code DESTINATION_EXISTS} for a destination that appeared
   *     during the run (then none of the outputs is left)
   */
  public List<Path> run(ProcessingPlan plan, boolean overwrite, Consumer<Progress> progress) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(progress, "progress");
    Map<String, Target> targets = targets(plan, overwrite);
    sweepDestinationFolders(plan);
    List<Staged> staged = new ArrayList<>();
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
        Invocation stagedRun =
            analysis
                ? ready
                : ready.withOutputs(out -> stage(out, targets.get(out.location()), staged));
        double share = share(inv, estimated);
        double shareMedia = weight(inv.expectedDuration());
        ExecutionResult result =
            backend.execute(
                stagedRun,
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
      commit(staged);
      TempFileJournal.remove(staged.stream().map(Staged::temp).toList());
      progress.accept(new Progress(100, plan.expectedDuration(), 0, Optional.of(Duration.ZERO)));
      return staged.stream().map(st -> st.target().destination()).toList();
    } catch (RuntimeException e) {
      staged.forEach(st -> deleteQuietly(st.temp()));
      TempFileJournal.remove(staged.stream().map(Staged::temp).toList());
      throw e;
    }
  }

  /**
   * Where an output goes, resolved once before anything runs.
   *
   * @param outputId the spec output, {@code outputs[0]}, for messages
   * @param destination the real path the output is written to
   * @param replace whether an existing file there may be replaced
   */
  private record Target(String outputId, Path destination, boolean replace) {}

  /** An output being written: its target and the temp file beside it. */
  private record Staged(Target target, Path temp) {}

  /**
   * Resolves and checks every destination of the plan, by its location in the plan.
   *
   * @throws MediaFlowException as {@link #run} says, before anything runs
   */
  private static Map<String, Target> targets(ProcessingPlan plan, boolean overwrite) {
    Map<String, Target> targets = new LinkedHashMap<>();
    Map<Path, String> owners = new HashMap<>();
    for (Invocation inv : plan.invocations()) {
      if (inv.purpose() == Invocation.Purpose.ANALYSIS) {
        continue;
      }
      for (InvocationOutput out : inv.outputs()) {
        Path given = Path.of(out.location()).toAbsolutePath().normalize();
        Path dest =
            RealPaths.realLocation(given)
                .orElseThrow(
                    () ->
                        new MediaFlowException(
                            ErrorCode.PATH_NOT_ALLOWED,
                            out.outputId()
                                + ": "
                                + given
                                + " passes through a symbolic link that leads nowhere",
                            "remove the broken link, or choose another destination"));
        Optional<String> notRegular = RealPaths.notRegularFile(dest);
        if (notRegular.isPresent()) {
          throw notRegularFile(out.outputId(), dest, notRegular.get());
        }
        boolean replace = overwrite || out.overwrite();
        if (!replace && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
          throw destinationExists(out.outputId(), dest, "");
        }
        String owner = owners.putIfAbsent(dest, out.outputId());
        if (owner != null) {
          throw new MediaFlowException(
              ErrorCode.INVALID_VALUE,
              owner + " and " + out.outputId() + " both write " + dest,
              "give every output its own file");
        }
        targets.put(out.location(), new Target(out.outputId(), dest, replace));
      }
    }
    return targets;
  }

  private static MediaFlowException destinationExists(String outputId, Path dest, String when) {
    return new MediaFlowException(
        ErrorCode.DESTINATION_EXISTS,
        outputId + ": " + dest + " already exists" + when,
        "set \"overwrite\": true on the output, or pass --overwrite");
  }

  private static MediaFlowException notRegularFile(String outputId, Path dest, String kind) {
    return new MediaFlowException(
        ErrorCode.NOT_A_REGULAR_FILE,
        outputId + ": " + dest + " is a " + kind + ", not a regular file",
        "choose a destination that is a regular file or does not exist yet; a folder, FIFO,"
            + " device or socket is never written, not even with overwrite");
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

  /**
   * Makes the destination's folder and names a temp file in it. The folder was resolved to its real
   * path before the run; if it resolves elsewhere now (a part of it was replaced by a symbolic link
   * since), the job stops rather than write where nobody checked.
   */
  private static InvocationOutput stage(InvocationOutput out, Target target, List<Staged> staged) {
    Path dest = target.destination();
    Path folder = dest.getParent();
    Path realFolder;
    try {
      Files.createDirectories(folder);
      realFolder = folder.toRealPath();
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "cannot create the folder of " + dest + ": " + e.getMessage(),
          "check that the folder can be written",
          false,
          e);
    }
    if (!realFolder.equals(folder)) {
      throw new MediaFlowException(
          ErrorCode.PATH_NOT_ALLOWED,
          target.outputId()
              + ": the folder "
              + folder
              + " now leads to "
              + realFolder
              + "; it was replaced by a symbolic link while the job ran",
          "run the job again once the folder stays put");
    }
    Path temp = folder.resolve(tempName(dest.getFileName().toString()));
    staged.add(new Staged(target, temp));
    TempFileJournal.add(temp);
    return out.withLocation(temp.toString());
  }

  /**
   * Moves every output into place, or none: first those that must not replace a file, each with an
   * operation that fails if the destination exists (undone if a later one fails), then those that
   * may replace one, with an atomic rename. The caller deletes the temp files that are left.
   */
  private static void commit(List<Staged> staged) {
    for (Staged st : staged) {
      if (!Files.exists(st.temp(), LinkOption.NOFOLLOW_LINKS)) {
        throw new MediaFlowException(
            ErrorCode.PROCESSING_FAILED,
            "the media tool reported success but wrote nothing for " + st.target().destination(),
            "run the plan with --format json and check the output's streams");
      }
      // checked before the run too: a folder, device or link that took a file's place since is
      // not the file that may be replaced, and finding it now still leaves every output untouched
      Optional<String> notRegular = RealPaths.notRegularFile(st.target().destination());
      if (st.target().replace() && notRegular.isPresent()) {
        throw notRegularFile(st.target().outputId(), st.target().destination(), notRegular.get());
      }
    }
    List<Placed> placed = new ArrayList<>();
    try {
      for (Staged st : staged) {
        if (!st.target().replace()) {
          placed.add(placeNew(st));
        }
      }
      for (Staged st : staged) {
        if (st.target().replace()) {
          replace(st);
        }
      }
    } catch (RuntimeException e) {
      placed.forEach(LocalJobRunner::undo);
      throw e;
    }
    staged.forEach(st -> deleteQuietly(st.temp())); // the hard-linked ones keep a second name
  }

  /** A new file this run put at {@code destination}, known by its file key to take it back. */
  private record Placed(Path destination, Object fileKey) {}

  /**
   * Puts a temp file at its destination unless a file is there: a hard link fails atomically when
   * the destination exists; where the file system has no hard links, a move without replace checks
   * and renames in two steps, which is as close as Java gets there.
   */
  private static Placed placeNew(Staged st) {
    Path dest = st.target().destination();
    Object key = fileKey(st.temp());
    try {
      Files.createLink(dest, st.temp());
      return new Placed(dest, key);
    } catch (FileAlreadyExistsException e) {
      throw destinationExists(st.target().outputId(), dest, " (it appeared while the job ran)");
    } catch (IOException | UnsupportedOperationException noLinks) {
      LOG.debug("no hard link for {} ({}); moving without replace", dest, noLinks.toString());
    }
    try {
      Files.move(st.temp(), dest);
      return new Placed(dest, key);
    } catch (FileAlreadyExistsException e) {
      throw destinationExists(st.target().outputId(), dest, " (it appeared while the job ran)");
    } catch (IOException io) {
      throw moveFailed(st, io);
    }
  }

  private static void replace(Staged st) {
    Path dest = st.target().destination();
    try {
      try {
        Files.move(
            st.temp(), dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(st.temp(), dest, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException io) {
      throw moveFailed(st, io);
    }
  }

  private static MediaFlowException moveFailed(Staged st, IOException io) {
    return new MediaFlowException(
        ErrorCode.PROCESSING_FAILED,
        "cannot move " + st.temp() + " to " + st.target().destination() + ": " + io.getMessage(),
        "check the destination folder's permissions",
        false,
        io);
  }

  /** Takes back a file this run put in place, unless another file has taken its name since. */
  private static void undo(Placed p) {
    Object now = fileKey(p.destination());
    if (p.fileKey() != null && !p.fileKey().equals(now)) {
      return;
    }
    try {
      Files.deleteIfExists(p.destination());
    } catch (IOException e) {
      LOG.warn("could not take back the output {}: {}", p.destination(), e.getMessage());
    }
  }

  /**
   * The file's identity (device and inode where the platform has them), without following links.
   */
  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
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

  /**
   * {@code .NAME.RANDOM.PID-HOST.mediaflow-tmp}, with NAME cut so the whole stays within 255 bytes:
   * a destination whose own name is near that limit still gets a temp file beside it (the muxer is
   * named explicitly, so the temp file's extension does not matter).
   */
  static String tempName(String destinationName) {
    String tail =
        "."
            + UUID.randomUUID().toString().substring(0, 8)
            + "."
            + ownerTag(ProcessHandle.current().pid())
            + TEMP_SUFFIX;
    int room = 255 - 1 - tail.getBytes(StandardCharsets.UTF_8).length;
    String name = destinationName;
    while (name.getBytes(StandardCharsets.UTF_8).length > room) {
      int cut = name.offsetByCodePoints(name.length(), -1);
      name = name.substring(0, cut);
    }
    return "." + name + tail;
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
