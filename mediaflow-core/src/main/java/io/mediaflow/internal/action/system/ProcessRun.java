package io.mediaflow.internal.action.system;

import io.mediaflow.ExecPolicy;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of a program for {@code system.exec}: started without a shell, with the policy's
 * environment only and standard input closed; its two output streams read on threads of their own
 * up to the bound; stopped with its descendants at the timeout or when the node is cancelled.
 *
 * <p>The timeout is measured in real time, not on the engine's clock: it bounds a real process.
 */
final class ProcessRun {

  /** How often the wait looks at the node's cancel flag. */
  static final long POLL_MILLIS = 100;

  /** How long a stopped program has to end before it is killed. */
  static final long GRACE_MILLIS = 2000;

  private final Path program;
  private final List<String> args;
  private final Path directory;
  private final ExecPolicy policy;
  private final Duration timeout;
  private final BooleanSupplier cancelled;

  ProcessRun(
      Path program,
      List<String> args,
      Path directory,
      ExecPolicy policy,
      Duration timeout,
      BooleanSupplier cancelled) {
    this.program = program;
    this.args = List.copyOf(args);
    this.directory = directory;
    this.policy = policy;
    this.timeout = timeout;
    this.cancelled = cancelled;
  }

  /** What a finished program left. */
  record Result(
      int exitCode,
      String stdout,
      String stderr,
      boolean stdoutTruncated,
      boolean stderrTruncated) {

    /** What a test run reports. */
    static final Result NOTHING = new Result(0, "", "", false, false);

    /** The node's outputs. */
    Map<String, Object> outputs() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("exitCode", exitCode);
      out.put("stdout", stdout);
      out.put("stderr", stderr);
      out.put("stdoutTruncated", stdoutTruncated);
      out.put("stderrTruncated", stderrTruncated);
      return out;
    }
  }

  Result run() throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    // the host's variables may hold passwords: the program sees the policy's only
    pb.environment().clear();
    pb.environment().putAll(policy.environment());
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new MediaFlowException(
          SystemErrors.SYSTEM_EXEC_START_FAILED,
          ExecAction.NAME + ": " + program + " could not be started: " + e.getMessage(),
          "check that the allowed program exists and is executable by this process",
          false,
          e);
    }
    try {
      p.getOutputStream().close(); // no standard input: a program waiting for it ends at once
    } catch (IOException e) {
      // it ended already
    }
    String name = "exec-" + program.getFileName();
    BoundedCapture out = new BoundedCapture(p.getInputStream(), policy.maxOutputBytes(), name);
    BoundedCapture err = new BoundedCapture(p.getErrorStream(), policy.maxOutputBytes(), name);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          stop(p);
          throw new MediaFlowException(
              ErrorCode.CANCELLED,
              ExecAction.NAME + ": " + program + " was stopped: the node was cancelled",
              "",
              false,
              null);
        }
        if (System.nanoTime() - deadline > 0) {
          stop(p);
          throw new MediaFlowException(
              SystemErrors.SYSTEM_EXEC_TIMEOUT,
              ExecAction.NAME
                  + ": "
                  + program
                  + " ran longer than its timeout of "
                  + timeout.toMillis()
                  + " ms and was stopped",
              "give the node a longer \"timeout\" (at most the host's maxTimeout)");
        }
      }
    } catch (InterruptedException e) {
      stop(p);
      throw e;
    }
    // descendants that keep the pipes open must not hold the node: read what came, then go on
    out.finish(GRACE_MILLIS);
    err.finish(GRACE_MILLIS);
    return new Result(p.exitValue(), out.text(), err.text(), out.truncated(), err.truncated());
  }

  /** Asks the program and what it started to end, then kills what is left. */
  private static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
    family.forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
    }
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
