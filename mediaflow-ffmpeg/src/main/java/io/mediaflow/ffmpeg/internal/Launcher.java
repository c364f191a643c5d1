package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.backend.ProcessOwner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every program mediaflow runs (ffmpeg, ffprobe) so that it does not outlive a killed
 * engine: each carries its owner in {@link ProcessOwner#ENVIRONMENT_VARIABLE}, by which the next
 * start on the host finds and stops what a killed engine left running; and on Linux, where {@code
 * setpriv} from util-linux is installed, each runs as {@code setpriv --pdeathsig SIGKILL -- PROGRAM
 * ARGS}, so the kernel kills it the moment the JVM dies, even by {@code kill -9}.
 *
 * <p>The kernel sends that signal when the <em>thread</em> that started the process ends, not the
 * process: a program started from a worker or check thread that ends (a pool shrinking, a probe
 * thread finishing its batch) would be killed with it. Every program is therefore started from one
 * daemon thread that lives as long as the JVM, and callers wait for it to hand the process back.
 *
 * <p>The system property {@value #PARENT_DEATH_SIGNAL_PROPERTY}{@code =false} turns {@code setpriv}
 * off (a kernel or sandbox that refuses it is detected and turns it off too); a killed engine's
 * programs then run on until the next start on the host stops them.
 */
public final class Launcher {

  /** Set to {@code false} to start programs without {@code setpriv --pdeathsig}. */
  public static final String PARENT_DEATH_SIGNAL_PROPERTY = "mediaflow.ffmpeg.parentDeathSignal";

  /** How long the one-time check that {@code setpriv --pdeathsig} works may take. */
  private static final Duration SETPRIV_CHECK_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  /**
   * The one thread that starts programs. A core thread of a pool with no timeout never ends; a task
   * that throws ends its future, not the thread.
   */
  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(rootGroup(), task, "mediaflow-process-launcher");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * The top thread group: a thread that lives as long as the JVM belongs to none of the groups a
   * host makes and cleans up (as {@code mvn exec:java} does, waiting for the threads of its group
   * to end before it returns), like the JDK's own process reaper.
   */
  private static ThreadGroup rootGroup() {
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    while (group.getParent() != null) {
      group = group.getParent();
    }
    return group;
  }

  private Launcher() {}

  /**
   * Starts {@code command} (the program, then its arguments) with stdin, stdout and stderr as
   * pipes, from the launcher thread. Waits for the start even when the calling thread is
   * interrupted, so a program is never started without the caller getting its process; the
   * interrupt is kept for the caller to see.
   *
   * @throws IOException when the program cannot be started, as {@link ProcessBuilder#start()}
   */
  public static Process start(List<String> command) throws IOException {
    List<String> copy = List.copyOf(command);
    Future<Process> started = THREAD.submit(() -> launch(copy));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("cannot start " + copy.get(0), cause);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Process launch(List<String> command) throws IOException {
    List<String> actual = command;
    if (Setpriv.PATH.isPresent()) {
      // setpriv would report a missing program as its own failure, after it started: resolve it
      // first so that the caller sees the same IOException as without setpriv
      actual = new ArrayList<>(command.size() + 4);
      actual.addAll(List.of(Setpriv.PATH.get().toString(), "--pdeathsig", "SIGKILL", "--"));
      actual.add(resolve(command.get(0)).toString());
      actual.addAll(command.subList(1, command.size()));
    }
    ProcessBuilder builder = new ProcessBuilder(actual);
    ProcessOwner.mark(builder.environment());
    return builder.start();
  }

  /** The program as {@code exec} finds it: a path as given, a bare name on the PATH. */
  static Path resolve(String program) throws IOException {
    if (program.contains(File.separator)) {
      Path p = Path.of(program);
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        throw notRunnable(program);
      }
      return p.toAbsolutePath();
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw notRunnable(program);
  }

  private static IOException notRunnable(String program) {
    return new IOException(
        "Cannot run program \"" + program + "\": error=2, No such file or directory");
  }

  /** The {@code setpriv} to start programs with, looked for once, at first use. */
  private static final class Setpriv {
    static final Optional<Path> PATH = find();

    private static Optional<Path> find() {
      if (!Boolean.parseBoolean(System.getProperty(PARENT_DEATH_SIGNAL_PROPERTY, "true"))) {
        LOG.info(
            "{}=false: FFmpeg processes run on if this JVM is killed, until the next mediaflow"
                + " start on this host stops them",
            PARENT_DEATH_SIGNAL_PROPERTY);
        return Optional.empty();
      }
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
        return Optional.empty(); // no parent-death signal: the next start stops what was left
      }
      Path setpriv;
      try {
        setpriv = resolve("setpriv");
      } catch (IOException e) {
        LOG.info(
            "setpriv (util-linux) not found: FFmpeg processes run on if this JVM is killed, until"
                + " the next mediaflow start on this host stops them");
        return Optional.empty();
      }
      if (!works(setpriv)) {
        return Optional.empty();
      }
      LOG.debug("programs start under {} --pdeathsig SIGKILL: they die with this JVM", setpriv);
      return Optional.of(setpriv);
    }

    /** Old versions lack {@code --pdeathsig}; a sandbox may refuse it: try it once. */
    private static boolean works(Path setpriv) {
      String s = setpriv.toString();
      try {
        Process check =
            new ProcessBuilder(s, "--pdeathsig", "SIGKILL", "--", s, "--version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        check.getOutputStream().close();
        if (!check.waitFor(SETPRIV_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          check.destroyForcibly();
          LOG.warn("{} --pdeathsig did not answer; FFmpeg processes are started without it", s);
          return false;
        }
        if (check.exitValue() != 0) {
          LOG.warn(
              "{} --pdeathsig failed (exit {}); FFmpeg processes are started without it",
              s,
              check.exitValue());
          return false;
        }
        return true;
      } catch (IOException e) {
        LOG.warn("{} cannot run ({}); FFmpeg processes are started without it", s, e.getMessage());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
