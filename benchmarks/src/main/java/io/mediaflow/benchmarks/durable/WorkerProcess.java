package io.mediaflow.benchmarks.durable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link DurableWorker} JVM seen from the driver: start, commands, stop, {@code kill -9}. */
final class WorkerProcess implements AutoCloseable {

  private final String label;
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private boolean stopped;

  private WorkerProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts a worker JVM and waits for its {@code READY}. */
  static WorkerProcess start(String side, String id, int workers) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx1g",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel="
                + System.getProperty("workerLogLevel", "warn"),
            "-DdbosFastPollMs=" + DbosSide.FAST_POLL_MS,
            "-cp",
            System.getProperty("java.class.path"),
            DurableWorker.class.getName(),
            side,
            id,
            Integer.toString(workers));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    WorkerProcess w = new WorkerProcess(side + "/" + id, pb.start());
    w.await("READY");
    return w;
  }

  /** Reads lines until one starting with {@code prefix}; returns it. */
  String await(String prefix) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException(label + " worker exited before " + prefix);
  }

  void send(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
  }

  /** {@code RUN}: the worker's own wall time for n workflows, in seconds. */
  double run(String kind, int n, int arg) throws IOException {
    send("RUN " + kind + " " + n + " " + arg);
    return Long.parseLong(await("DONE ").substring(5)) / 1e9;
  }

  void startFlows(String kind, int n, int arg) throws IOException {
    send("START " + kind + " " + n + " " + arg);
    await("STARTED");
  }

  /** The sleep lateness values recorded since the last dump, in ms. */
  List<Double> dumpLateness() throws IOException {
    send("DUMP");
    List<Double> ms = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null && !line.equals("END")) {
      if (line.startsWith("LATE ")) {
        ms.add(Long.parseLong(line.substring(5)) / 1000.0);
      }
    }
    return ms;
  }

  /**
   * Stops ({@code SIGSTOP}) or continues ({@code SIGCONT}) the JVM: an idle worker of the side not
   * being measured is stopped, so that its idle polling does not load the shared database and CPUs
   * while the other side is measured.
   */
  void hold(boolean stop) throws IOException, InterruptedException {
    if (stop == stopped || !process.isAlive()) {
      return;
    }
    Process k =
        new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(process.pid()))
            .inheritIO()
            .start();
    if (k.waitFor() != 0) {
      throw new IllegalStateException("kill " + (stop ? "-STOP " : "-CONT ") + process.pid());
    }
    stopped = stop;
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the database. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    hold(false);
    in.close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
