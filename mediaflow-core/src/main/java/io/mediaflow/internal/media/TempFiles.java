package io.mediaflow.internal.media;

import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.internal.AbandonedProcesses;
import io.mediaflow.internal.Owners;
import io.mediaflow.internal.TempFileJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temp files outputs are written to before they are moved into place: their names ({@code
 * .NAME.RANDOM.PID-HOST.mediaflow-tmp}, which name the process that writes them) and the sweeps
 * that remove those a stopped run left, with the media programs a killed process left running.
 */
public final class TempFiles {

  /** Temp files end with this, so a later start can sweep those a killed process left. */
  public static final String SUFFIX = ".mediaflow-tmp";

  /**
   * How long a temp file whose owner cannot be checked (written on another host, or by a version
   * that did not name its owner) must go unchanged before a sweep removes it.
   */
  public static final Duration DEFAULT_STALE_AFTER = Owners.DEFAULT_STALE_AFTER;

  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

  private TempFiles() {}

  /**
   * Sweeps the folders the plan writes to. File times come from the operating system's clock, so
   * they are compared with that clock rather than with a host's (possibly simulated) one.
   */
  static void sweepDestinationFolders(ProcessingPlan plan) {
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
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
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
        name.substring(0, name.length() - SUFFIX.length()), changed, staleAfter, now);
  }

  /**
   * Stops the media programs (FFmpeg, ffprobe) that a mediaflow process which is gone ({@code kill
   * -9}, a crash) left running on this host, then removes the temp files they were writing, and
   * those such a process listed as being written by programs that died with it. A program is
   * recognised by the owner the backend marked it with ({@link
   * io.mediaflow.api.backend.ProcessOwner}); one whose owner is alive, or ran on another host, is
   * never touched. Each is sent SIGTERM, then SIGKILL after 5 s. {@code MediaFlow.start()} calls
   * this; a host that runs plans with a {@link LocalJobRunner} alone calls it once at its start, as
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
        if (path.endsWith(SUFFIX)) {
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
    TempFileJournal.sweep(SUFFIX);
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
            + SUFFIX;
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

  static boolean deleteQuietly(Path p) {
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not remove temp file {}: {}", p, e.getMessage());
      return false;
    }
  }
}
