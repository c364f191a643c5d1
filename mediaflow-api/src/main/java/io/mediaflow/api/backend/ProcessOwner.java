package io.mediaflow.api.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who started a process: {@code PID-HOST}, the pid of the mediaflow process (an engine, the command
 * line) and a tag of its host. Every program a media backend starts carries its owner in the
 * environment variable {@value #ENVIRONMENT_VARIABLE}, so that when the owner is killed ({@code
 * kill -9}, a crash) the next mediaflow start on the same host can find what it left running and
 * stop it; temp files and download folders end with the same tag for the same reason.
 *
 * {@snippet :
 * ProcessBuilder builder = new ProcessBuilder(command);
 * ProcessOwner.mark(builder.environment());
 * Process process = builder.start();
 * }
 *
 * <p>The host tag is a hash of the host name and, on Linux, the pid namespace: two containers that
 * share a host name but not their pids get different tags, so a process is only ever judged by a
 * mediaflow process that sees the same pids.
 */
public final class ProcessOwner {

  /** The environment variable that holds a child process's owner, {@code PID-HOST}. */
  public static final String ENVIRONMENT_VARIABLE = "MEDIAFLOW_OWNER";

  /** The host part of a tag made where the host cannot be told apart; never a real host's. */
  public static final String UNKNOWN_HOST = "00000000";

  private static final Optional<String> HOST = hostTag();

  private ProcessOwner() {}

  /** {@code PID-HOST} of this process. */
  public static String tag() {
    return tag(ProcessHandle.current().pid());
  }

  /**
   * {@code PID-HOST} for {@code pid} on this host; the host is {@link #UNKNOWN_HOST} if unknown.
   */
  public static String tag(long pid) {
    return pid + "-" + HOST.orElse(UNKNOWN_HOST);
  }

  /**
   * This host's tag: eight hex digits, never {@link #UNKNOWN_HOST}; empty when neither the host
   * name nor the pid namespace can be read, so that nothing is judged as made on this host.
   */
  public static Optional<String> host() {
    return HOST;
  }

  /**
   * Puts {@value #ENVIRONMENT_VARIABLE}{@code =PID-HOST} of this process into {@code environment}
   * (a {@link ProcessBuilder#environment()}), replacing a value inherited from a parent.
   */
  public static void mark(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    environment.put(ENVIRONMENT_VARIABLE, tag());
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
      return tag.equals(UNKNOWN_HOST) ? Optional.of("00000001") : Optional.of(tag);
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
