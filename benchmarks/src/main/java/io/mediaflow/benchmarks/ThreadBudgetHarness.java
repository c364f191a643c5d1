package io.mediaflow.benchmarks;

import io.mediaflow.OperatorRegistry;
import io.mediaflow.Planner;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.ffmpeg.FfmpegBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread-budget benchmark's driver (see {@code benchmarks/run-threads.sh}): {@code JOBS}
 * transcodes of one input (1080p → 720p, h264 veryfast crf 23 + aac) run at once through the real
 * planner and FFmpeg backend, in two variants per round:
 *
 * <ul>
 *   <li><b>budget</b>: each run admitted with {@code CORES ÷ JOBS} cores, as the engine's CPU
 *       admission shares a budget of {@code CORES} among runs it lets in together, so FFmpeg gets
 *       {@code -threads}, {@code -filter_threads} and {@code -filter_complex_threads} of that
 *       share;
 *   <li><b>defaults</b>: no thread options: FFmpeg's own, a thread a core for every decoder, filter
 *       graph and encoder of every run at once.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.ThreadBudgetHarness \
 *     INPUT.mp4 OUT_DIR ROUNDS WARMUP JOBS CORES
 * </pre>
 *
 * <p>Prints {@code round N budget=S defaults=S budget_cpu=S defaults_cpu=S load=L}: wall seconds
 * for all runs of the variant (by {@link System#nanoTime()}), and the CPU seconds (user + system)
 * FFmpeg used for them, from this JVM's {@code cutime + cstime} in {@code /proc/self/stat} (the JVM
 * reaps its children, so their time is added there when they end) — less sensitive than wall time
 * to other load on a shared machine. The variant that goes first alternates by round. Warm-up
 * rounds start with {@code warmup}.
 */
public final class ThreadBudgetHarness {

  private ThreadBudgetHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: ThreadBudgetHarness INPUT OUT_DIR ROUNDS WARMUP JOBS CORES");
      System.exit(2);
    }
    Path input = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int jobs = Integer.parseInt(args[4]);
    double cores = Double.parseDouble(args[5]);
    Files.createDirectories(out);
    FfmpegBackend backend = FfmpegBackend.ofDefaults();
    Planner planner =
        new Planner(OperatorRegistry.load(ThreadBudgetHarness.class.getClassLoader()));
    Map<String, MediaInfo> media = Map.of("main", backend.probe(input));
    List<Invocation> runs = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      JobSpec spec =
          JobSpec.builder()
              .input("main", "file:" + input)
              .operation("scale")
              .from("main")
              .to("small")
              .param("width", 1280)
              .param("height", -2)
              .output(
                  new OutputSpec(
                      "small",
                      "file:" + out.resolve("out-" + j + ".mp4"),
                      CodecSpec.builder().video("h264").audio("aac").crf(23).build(),
                      Map.of(),
                      List.of(),
                      true))
              .build();
      runs.addAll(planner.plan(spec, media).invocations());
    }
    OptionalDouble share = OptionalDouble.of(cores / jobs);
    System.out.println(
        "# "
            + jobs
            + " runs at once; budget: "
            + String.format(Locale.ROOT, "%.2f", cores / jobs)
            + " cores each; args (budget): "
            + String.join(" ", backend.arguments(runs.get(0))));
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      for (int r = 0; r < warmup + rounds; r++) {
        boolean budgetFirst = r % 2 == 0;
        double cpu0 = childCpuSeconds();
        double first = timed(pool, backend, runs, budgetFirst ? share : OptionalDouble.empty());
        double cpu1 = childCpuSeconds();
        double second = timed(pool, backend, runs, budgetFirst ? OptionalDouble.empty() : share);
        double cpu2 = childCpuSeconds();
        double budget = budgetFirst ? first : second;
        double defaults = budgetFirst ? second : first;
        double budgetCpu = budgetFirst ? cpu1 - cpu0 : cpu2 - cpu1;
        double defaultsCpu = budgetFirst ? cpu2 - cpu1 : cpu1 - cpu0;
        System.out.printf(
            Locale.ROOT,
            "%sround %d budget=%.3f defaults=%.3f budget_cpu=%.2f defaults_cpu=%.2f load=%s%n",
            r < warmup ? "warmup " : "",
            r,
            budget,
            defaults,
            budgetCpu,
            defaultsCpu,
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double timed(
      ExecutorService pool, FfmpegBackend backend, List<Invocation> runs, OptionalDouble cores)
      throws Exception {
    long start = System.nanoTime();
    List<Future<?>> all = new ArrayList<>();
    for (Invocation inv : runs) {
      all.add(pool.submit(() -> backend.execute(inv, control(cores))));
    }
    for (Future<?> f : all) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** User + system seconds of this JVM's ended children ({@code /proc/self/stat} 16 and 17). */
  private static double childCpuSeconds() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // fields after the command name in parentheses, which may hold spaces
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17 of the line
    return ticks / 100.0; // USER_HZ is 100 on Linux
  }

  private static ExecutionControl control(OptionalDouble cores) {
    return new ExecutionControl() {
      @Override
      public void progress(Progress progress) {}

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public OptionalDouble cpuCores() {
        return cores;
      }
    };
  }
}
