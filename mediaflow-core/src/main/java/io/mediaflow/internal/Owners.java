package io.mediaflow.internal;

import io.mediaflow.api.backend.ProcessOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names that say which process made a temp file, a folder or a child process ({@code …PID-HOST},
 * see {@link ProcessOwner}), so that the next start can tell what a killed process left behind from
 * what a live one is still using.
 */
public final class Owners {

  /**
   * How long a leftover whose owner cannot be checked (made on another host, or by a version that
   * did not name its owner) must go unchanged before a sweep removes it.
   */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);

  /**
   * A live process with the owner's pid that started this much later than the leftover last changed
   * is another process that reused the pid. The slack covers the coarse start times some systems
   * report; erring here only keeps a leftover longer.
   */
  private static final Duration PID_REUSE_SLACK = Duration.ofMinutes(1);

  /** {@code PID-HOST} at the end of a name. */
  private static final Pattern OWNER = Pattern.compile("(\\d{1,19})-([0-9a-f]{8})$");

  /** A whole {@code PID-HOST}. */
  private static final Pattern TAG = Pattern.compile("(\\d{1,19})-([0-9a-f]{8})");

  private Owners() {}

  /**
   * {@code PID-HOST} of this process, or {@code PID-00000000} when the host cannot be told apart.
   */
  public static String tag() {
    return ProcessOwner.tag();
  }

  /** {@code PID-HOST} for {@code pid} on this host. */
  public static String tag(long pid) {
    return ProcessOwner.tag(pid);
  }

  /**
   * Whether a leftover whose name ends with its owner's tag may be removed: its owner ran on this
   * host and is gone (or its pid now belongs to a process started after the leftover last changed),
   * or its owner cannot be checked and it has not changed for {@code staleAfter}.
   */
  public static boolean abandoned(String name, Instant changed, Duration staleAfter, Instant now) {
    Matcher owner = OWNER.matcher(name);
    if (owner.find() && onThisHost(owner.group(2))) {
      Optional<Long> pid = pid(owner.group(1));
      return pid.isPresent() && !alive(pid.get(), changed.plus(PID_REUSE_SLACK));
    }
    return changed.plus(staleAfter).isBefore(now);
  }

  /**
   * Whether a process carrying {@code owner} ({@code PID-HOST}) that started at {@code started} was
   * left running by an owner that is gone: the owner ran on this host, and no process with its pid
   * is alive, or the one alive started after the child (its pid was reused; an owner always starts
   * before its children). False whenever that cannot be told (another host, an unknown host, a
   * malformed tag, an unknown start time of a live owner), so a live owner's process is never taken
   * for an orphan.
   */
  public static boolean orphaned(String owner, Optional<Instant> started) {
    Matcher m = TAG.matcher(owner);
    if (!m.matches() || !onThisHost(m.group(2))) {
      return false;
    }
    Optional<Long> pid = pid(m.group(1));
    if (pid.isEmpty()) {
      return false;
    }
    if (started.isEmpty()) {
      return ProcessHandle.of(pid.get()).map(p -> !running(p)).orElse(true);
    }
    return !alive(pid.get(), started.get());
  }

  /**
   * Whether {@code process} still runs: alive and not a zombie (a process that ended but was not
   * yet reaped by its parent, which {@link ProcessHandle#isAlive()} counts as alive).
   */
  public static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat =
          Files.readString(
              Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.US_ASCII);
      // "pid (comm) S ...": the state follows the last ')', since comm may hold one
      int close = stat.lastIndexOf(')');
      if (close > 0 && close + 2 < stat.length()) {
        char state = stat.charAt(close + 2);
        return state != 'Z' && state != 'X';
      }
      return true;
    } catch (IOException | SecurityException e) {
      return process.isAlive(); // not Linux, or gone meanwhile
    }
  }

  private static boolean onThisHost(String host) {
    return ProcessOwner.host().map(host::equals).orElse(false);
  }

  private static Optional<Long> pid(String digits) {
    try {
      return Optional.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * True when a process with {@code pid} runs and may be the owner: it started no later than {@code
   * latestStart} (or its start time is unknown).
   */
  private static boolean alive(long pid, Instant latestStart) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !running(process.get())) {
      return false;
    }
    return process
        .get()
        .info()
        .startInstant()
        .map(ownerStarted -> !ownerStarted.isAfter(latestStart))
        .orElse(true);
  }
}
