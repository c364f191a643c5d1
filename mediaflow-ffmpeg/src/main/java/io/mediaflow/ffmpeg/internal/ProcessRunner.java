package io.mediaflow.ffmpeg.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program without a shell: stdout goes line by line to a consumer, stderr is drained on its
 * own thread into a bounded tail (undrained pipes would block the program), and a cancel flag and a
 * timeout are polled while waiting. Stopping sends SIGTERM to the process and its descendants
 * (FFmpeg finishes its files cleanly, as on {@code q}), then SIGKILL after a grace period, and
 * always waits for the process so no zombie is left. Programs are started by {@link Launcher}: they
 * carry their owner, and die with the JVM where the operating system allows it.
 */
public final class ProcessRunner {

  /** How often the cancel flag and the deadline are checked. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  /** How long readers may take to see the end of the pipes once the process has exited. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final AtomicLong COUNTER = new AtomicLong();

  /** How a run ended. */
  public enum Ending {
    EXITED,
    CANCELLED,
    TIMED_OUT
  }

  /**
   * The outcome.
   *
   * @param ending whether the process exited on its own or was stopped
   * @param exitCode the process's exit status
   * @param stderr the last lines of stderr
   */
  public record Result(Ending ending, int exitCode, String stderr) {}

  private final Duration grace;

  /**
   * @param grace how long a process may take to exit after SIGTERM before it is killed
   */
  public ProcessRunner(Duration grace) {
    this.grace = grace;
  }

  /**
   * Runs {@code command} to its end.
   *
   * @throws IOException when the program cannot be started
   */
  public Result run(
      List<String> command,
      Consumer<String> stdoutLines,
      BooleanSupplier cancelled,
      Optional<Duration> timeout)
      throws IOException {
    return run(command, stdoutLines, cancelled, timeout, StderrTail.DEFAULT_LINES);
  }

  /**
   * Runs {@code command} to its end, keeping the last {@code stderrLines} lines of stderr (an
   * analysis run needs the measurements FFmpeg prints at its end, below its other messages).
   *
   * @throws IOException when the program cannot be started
   */
  public Result run(
      List<String> command,
      Consumer<String> stdoutLines,
      BooleanSupplier cancelled,
      Optional<Duration> timeout,
      int stderrLines)
      throws IOException {
    long id = COUNTER.incrementAndGet();
    StderrTail tail = new StderrTail(stderrLines);
    Process process = Launcher.start(command);
    LOG.debug("started pid {}: {}", process.pid(), command);
    try {
      process.getOutputStream().close(); // -nostdin: nothing is ever written to it
    } catch (IOException e) {
      LOG.debug("closing stdin of pid {} failed", process.pid(), e);
    }
    CountDownLatch drained = new CountDownLatch(2);
    startReader(process.getInputStream(), stdoutLines, drained, "mediaflow-ffmpeg-out-" + id);
    startReader(
        process.getErrorStream(),
        line -> {
          tail.add(line);
          LOG.debug("ffmpeg[{}]: {}", process.pid(), line);
        },
        drained,
        "mediaflow-ffmpeg-err-" + id);
    long deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
    Ending ending = Ending.EXITED;
    try {
      while (!process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          ending = Ending.CANCELLED;
          break;
        }
        if (System.nanoTime() - deadline >= 0) {
          ending = Ending.TIMED_OUT;
          break;
        }
      }
      if (ending != Ending.EXITED) {
        stop(process);
      }
      drained.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      ending = Ending.CANCELLED;
    }
    return new Result(ending, process.exitValue(), tail.text());
  }

  /** SIGTERM to the process tree, SIGKILL after the grace period, then wait for the exit. */
  void stop(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    LOG.debug("stopping pid {} and {} descendants", process.pid(), descendants.size());
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    boolean exited = waitQuietly(process, grace);
    if (!exited) {
      LOG.warn(
          "pid {} did not stop within {} ms of SIGTERM; killing it",
          process.pid(),
          grace.toMillis());
      process.destroyForcibly();
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
        try {
          child.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn("descendant pid {} of pid {} did not exit", child.pid(), process.pid());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor(); // reap: never leave a zombie behind
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean waitQuietly(Process process, Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void startReader(
      InputStream stream, Consumer<String> lines, CountDownLatch done, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  try {
                    lines.accept(line);
                  } catch (RuntimeException e) {
                    LOG.warn("a line consumer failed; the line is skipped", e);
                  }
                }
              } catch (IOException e) {
                LOG.debug("reading {} stopped", name, e);
              } finally {
                done.countDown();
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }
}
