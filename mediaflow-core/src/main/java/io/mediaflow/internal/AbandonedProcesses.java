package io.mediaflow.internal;

import io.mediaflow.api.backend.ProcessOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs (FFmpeg, ffprobe) that a mediaflow process which is gone left running on this host,
 * and their stop. A media backend marks every program it starts with its owner ({@link
 * ProcessOwner#ENVIRONMENT_VARIABLE}{@code =PID-HOST}); a process whose owner ran on this host and
 * is gone ({@link Owners#orphaned}) is an orphan. On Linux the owner is read from {@code
 * /proc/PID/environ}. Only processes of the user this process runs as are considered, even when it
 * could read and signal others' (as root). Where there is no {@code /proc}, the owner is taken from
 * a temp output path in the arguments ({@code .NAME.RANDOM.PID-HOST.mediaflow-tmp}), which finds
 * encoding runs but not probes.
 *
 * <p>Never stopped: a process whose owner is alive (whatever its age), one whose owner ran on
 * another host or in another pid namespace, another user's, this process and its ancestors.
 */
public final class AbandonedProcesses {

  /** How long an orphan may take to exit after SIGTERM before it is killed. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  /** How often a stop looks again whether a process ended, between waits for its exit. */
  private static final long RECHECK_MILLIS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(AbandonedProcesses.class);
  private static final Path PROC = Path.of("/proc");
  private static final byte[] KEY =
      (ProcessOwner.ENVIRONMENT_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);

  /** The owner in a temp output path: {@code .PID-HOST.mediaflow-tmp} at the end. */
  private static final Pattern TEMP_OWNER =
      Pattern.compile("\\.(\\d{1,19}-[0-9a-f]{8})\\.mediaflow-tmp$");

  private AbandonedProcesses() {}

  /**
   * One orphan.
   *
   * @param process the process
   * @param owner its owner, {@code PID-HOST}
   * @param arguments its arguments as they were when found (the temp files it writes are among
   *     them); empty when they cannot be read
   */
  public record Orphan(ProcessHandle process, String owner, List<String> arguments) {
    public Orphan {
      arguments = List.copyOf(arguments);
    }
  }

  /** The orphans running now. */
  public static List<Orphan> find() {
    if (ProcessOwner.host().isEmpty()) {
      return List.of(); // no host tag: nothing can be proven to be ours
    }
    boolean environments = Files.isReadable(PROC.resolve("self").resolve("environ"));
    Set<Long> spared = new HashSet<>();
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
        p.isPresent();
        p = p.get().parent()) {
      spared.add(p.get().pid());
    }
    String user = System.getProperty("user.name");
    List<Orphan> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> !spared.contains(p.pid()))
        .forEach(
            p -> {
              Optional<String> owner =
                  environments
                      ? ownerInEnvironment(p.pid())
                      : p.info().arguments().flatMap(AbandonedProcesses::ownerInArguments);
              if (owner.isEmpty()) {
                return; // most processes: read no more of them
              }
              ProcessHandle.Info info = p.info();
              if (info.user().map(user::equals).orElse(false)
                  && Owners.orphaned(owner.get(), info.startInstant())) {
                found.add(
                    new Orphan(p, owner.get(), info.arguments().map(List::of).orElse(List.of())));
              }
            });
    return found;
  }

  /**
   * Stops every orphan running now: SIGTERM, then SIGKILL to those still running after {@code
   * grace}, waiting for each to end.
   *
   * @return the orphans stopped (or that ended meanwhile)
   */
  public static List<Orphan> stopAll(Duration grace) {
    List<Orphan> orphans = find();
    if (orphans.isEmpty()) {
      return orphans;
    }
    for (Orphan o : orphans) {
      LOG.atWarn()
          .addKeyValue("pid", o.process().pid())
          .addKeyValue("owner", o.owner())
          .log(
              "stopping pid {} ({}), left running by mediaflow process {} which is gone",
              o.process().pid(),
              o.process().info().command().orElse("?"),
              o.owner());
      o.process().destroy(); // checks the start time: a reused pid is not signalled
    }
    List<ProcessHandle> left = awaitEnd(orphans, grace);
    if (!left.isEmpty()) {
      LOG.warn(
          "pids {} did not stop within {} ms of SIGTERM; killing them",
          left.stream().map(ProcessHandle::pid).collect(Collectors.toList()),
          grace.toMillis());
      left.forEach(ProcessHandle::destroyForcibly);
      left = awaitEnd(orphans, grace);
      if (!left.isEmpty()) {
        LOG.warn(
            "pids {} still run after SIGKILL",
            left.stream().map(ProcessHandle::pid).collect(Collectors.toList()));
      }
    }
    return orphans;
  }

  /** Waits up to {@code limit} for every orphan to end; returns those still running. */
  private static List<ProcessHandle> awaitEnd(List<Orphan> orphans, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<ProcessHandle> running = runningOf(orphans);
    while (!running.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        // an orphan's parent is now init, which may reap it late: a zombie counts as ended, so
        // look again now and then instead of waiting only for onExit
        running.get(0).onExit().get(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // look again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      running = runningOf(orphans);
    }
    return running;
  }

  private static List<ProcessHandle> runningOf(List<Orphan> orphans) {
    return orphans.stream().map(Orphan::process).filter(Owners::running).toList();
  }

  /** {@code MEDIAFLOW_OWNER} of a process, from {@code /proc/PID/environ}. */
  static Optional<String> ownerInEnvironment(long pid) {
    byte[] env;
    try {
      env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | SecurityException e) {
      return Optional.empty(); // another user's, or gone
    }
    return ownerInEnvironment(env);
  }

  /** {@code MEDIAFLOW_OWNER} in an environment block: {@code NAME=VALUE} entries ending in NUL. */
  static Optional<String> ownerInEnvironment(byte[] env) {
    int start = 0;
    while (start < env.length) {
      int end = start;
      while (end < env.length && env[end] != 0) {
        end++;
      }
      if (startsWith(env, start, end, KEY)) {
        return Optional.of(
            new String(
                env, start + KEY.length, end - start - KEY.length, StandardCharsets.US_ASCII));
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] env, int from, int to, byte[] key) {
    if (to - from < key.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (env[from + i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  /** The owner named by a temp output path among {@code arguments}. */
  static Optional<String> ownerInArguments(String[] arguments) {
    for (String a : arguments) {
      Matcher m = TEMP_OWNER.matcher(a);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }
}
