package io.mediaflow.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names that say which process made a temp file or folder ({@code …PID-HOST}), so that the next
 * start can tell what a killed process left behind from what a live one is still writing.
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

  /**
   * Who may judge whether a pid is alive: processes with the same host name and pid namespace.
   * Empty when neither can be read, so that every leftover is judged by age alone.
   */
  private static final Optional<String> HOST_TAG = hostTag();

  private Owners() {}

  /**
   * {@code PID-HOST} of this process, or {@code PID-00000000} when the host cannot be told apart.
   */
  public static String tag() {
    return tag(ProcessHandle.current().pid());
  }

  /** {@code PID-HOST} for {@code pid} on this host. */
  public static String tag(long pid) {
    return pid + "-" + HOST_TAG.orElse("00000000");
  }

  /**
   * Whether a leftover whose name ends with its owner's tag may be removed: its owner ran on this
   * host and is gone (or its pid now belongs to a process started after the leftover last changed),
   * or its owner cannot be checked and it has not changed for {@code staleAfter}.
   */
  public static boolean abandoned(String name, Instant changed, Duration staleAfter, Instant now) {
    Matcher owner = OWNER.matcher(name);
    if (owner.find() && HOST_TAG.isPresent() && HOST_TAG.get().equals(owner.group(2))) {
      long pid;
      try {
        pid = Long.parseLong(owner.group(1));
      } catch (NumberFormatException e) {
        return false;
      }
      return !alive(pid, changed);
    }
    return changed.plus(staleAfter).isBefore(now);
  }

  /** True when a process with {@code pid} is alive and may be the one that made the leftover. */
  private static boolean alive(long pid, Instant changed) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    return process
        .get()
        .info()
        .startInstant()
        .map(started -> !started.isAfter(changed.plus(PID_REUSE_SLACK)))
        .orElse(true);
  }

  private static Optional<String> hostTag() {
    String host = readFirstLine(Path.of("/proc/sys/kernel/hostname"));
    if (host == null) {
      host = System.getenv("HOSTNAME");
    }
    if (host == null) {
      host = System.getenv("COMPUTERNAME");
    }
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    String namespace = "";
    try {
      // containers sharing a host name may still see different pids
      namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux: the host name alone
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((host.strip() + "|" + namespace).getBytes(StandardCharsets.UTF_8));
      String tag = HexFormat.of().formatHex(digest, 0, 4);
      // 00000000 marks an unknown host, so it must never be a real tag
      return tag.equals("00000000") ? Optional.of("00000001") : Optional.of(tag);
    } catch (NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private static String readFirstLine(Path p) {
    try {
      List<String> lines = Files.readAllLines(p);
      return lines.isEmpty() || lines.get(0).isBlank() ? null : lines.get(0).strip();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
