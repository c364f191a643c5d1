package io.mediaflow.benchmarks.durable;

import io.mediaflow.benchmarks.peers.PeersMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side benchmark behind {@code benchmarks/run-durable.sh}: mediaflow's durable steps on
 * {@code JdbcStorage} (PostgreSQL) against DBOS Transact for Java, on the same local PostgreSQL, in
 * one run, interleaved (the sides take turns within each repetition, in alternating order):
 *
 * <ol>
 *   <li>(a1) workflows of 10 no-op steps, runs/s, 1 worker JVM (DBOS: direct start, mediaflow:
 *       {@code submitAll} on the engine in that JVM), timed inside the worker;
 *   <li>(b) a 1-step workflow submitted through a queue from this driver JVM, one at a time: submit
 *       → finish p50/p95 from the rows' own timestamps (DBOS: both of its queues, the default 1 s
 *       polling interval and a short one);
 *   <li>(c) a workflow sleeping 1 s: wake-up lateness p50/p95, recorded in the worker;
 *   <li>(a2) as (a1) with 2 worker JVMs, submitted from this driver through the queue, timed from
 *       the first submit until all are finished;
 *   <li>(d) a worker JVM killed with {@code kill -9} while its workflows (10 steps of {@code
 *       killStepMs} each) run, restarted under the same id: time until all of them finished.
 * </ol>
 *
 * <p>Settings (system properties): {@code short} (false: the CI-sized variant), {@code sides}
 * (dbos,mediaflow), {@code reps} (3), {@code flows} (2000), {@code workers} (50 per processor, as
 * DBOS's executor on Java 17; mediaflow worker threads per JVM, DBOS runs with its defaults),
 * {@code latencyJobs} (100), {@code latencyGapMs} (20), {@code sleepJobs} (50), {@code killFlows}
 * (32), {@code killStepMs} (100), {@code killAfterMs} (500), {@code timeoutMs} (300000), {@code
 * scenarios} (a1,b,c,a2,d), {@code dbosFastPollMs} (50), {@code out}
 * (benchmarks/target/durable.txt).
 */
public final class DurableMain {

  static final boolean SHORT = Boolean.getBoolean("short");
  static final int REPS = Integer.getInteger("reps", SHORT ? 1 : 3);
  static final int FLOWS = Integer.getInteger("flows", SHORT ? 200 : 2000);

  /**
   * mediaflow worker threads per JVM; default the concurrency DBOS's executor has on Java 17 (a
   * fixed pool of 50 threads per processor), so both run as many workflows at once.
   */
  static final int WORKERS =
      Integer.getInteger("workers", Runtime.getRuntime().availableProcessors() * 50);

  static final int LAT_JOBS = Integer.getInteger("latencyJobs", SHORT ? 20 : 100);
  static final int LAT_GAP_MS = Integer.getInteger("latencyGapMs", 20);
  static final int SLEEP_JOBS = Integer.getInteger("sleepJobs", SHORT ? 10 : 50);
  static final int KILL_FLOWS = Integer.getInteger("killFlows", SHORT ? 16 : 32);
  static final int KILL_STEP_MS = Integer.getInteger("killStepMs", 100);
  static final int KILL_AFTER_MS = Integer.getInteger("killAfterMs", 500);
  static final long TIMEOUT_MS = Long.getLong("timeoutMs", 300_000);
  static final List<String> SCENARIOS =
      Arrays.asList(System.getProperty("scenarios", "a1,b,c,a2,d").split(","));

  private final List<String> lines = new ArrayList<>();
  private final List<Side> sides = new ArrayList<>();
  private final Map<String, List<Double>> results = new LinkedHashMap<>();

  /** Every running worker JVM of each side, to stop the idle side's while one side is measured. */
  private final Map<Side, List<WorkerProcess>> running = new LinkedHashMap<>();

  private DurableMain() {}

  public static void main(String[] args) throws Exception {
    new DurableMain().run();
  }

  private void log(String s) {
    System.out.println(s);
    System.out.flush();
    lines.add(s);
  }

  private void record(String key, double v) {
    results.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
  }

  /** Continues {@code side}'s worker JVMs and stops ({@code SIGSTOP}) the other side's. */
  private void only(Side side) throws Exception {
    for (Map.Entry<Side, List<WorkerProcess>> e : running.entrySet()) {
      if (e.getKey() != side) {
        for (WorkerProcess w : e.getValue()) {
          w.hold(true);
        }
      }
    }
    for (WorkerProcess w : running.getOrDefault(side, List.of())) {
      w.hold(false);
    }
    Thread.sleep(200); // let a continued JVM catch up on its timers before the clock starts
  }

  private WorkerProcess spawn(Side s, String id) throws Exception {
    WorkerProcess w = WorkerProcess.start(s.name(), id, WORKERS);
    running.computeIfAbsent(s, k -> new ArrayList<>()).add(w);
    return w;
  }

  /** The sides in this repetition's order: alternating, so neither always goes first. */
  private List<Side> order(int rep) {
    List<Side> o = new ArrayList<>(sides);
    if (rep % 2 == 1) {
      java.util.Collections.reverse(o);
    }
    return o;
  }

  private void run() throws Exception {
    for (String s : System.getProperty("sides", "dbos,mediaflow").split(",")) {
      sides.add(Side.of(s));
    }
    log(
        String.format(
            Locale.ROOT,
            "# durable: short=%s reps=%d flows=%d workers=%d latencyJobs=%d sleepJobs=%d"
                + " killFlows=%d x 10 steps x %d ms, kill after %d ms; DBOS fast queue polls"
                + " every %d ms",
            SHORT,
            REPS,
            FLOWS,
            WORKERS,
            LAT_JOBS,
            SLEEP_JOBS,
            KILL_FLOWS,
            KILL_STEP_MS,
            KILL_AFTER_MS,
            DbosSide.FAST_POLL_MS));
    log(
        "# machine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, Java "
            + System.getProperty("java.version")
            + ", DBOS Transact "
            + dev.dbos.transact.DBOS.version()
            + ", "
            + load());
    for (Side s : sides) {
      s.fresh();
      log("# " + s.name() + ": " + s.serverInfo());
    }
    long t0 = System.nanoTime();
    Map<Side, WorkerProcess> first = new LinkedHashMap<>();
    Map<Side, WorkerProcess> second = new LinkedHashMap<>();
    try {
      for (Side s : sides) {
        first.put(s, spawn(s, s.name() + "-1"));
      }
      if (SCENARIOS.contains("a1")) {
        throughputOneJvm(first);
      }
      if (SCENARIOS.contains("b")) {
        latency(first);
      }
      if (SCENARIOS.contains("c")) {
        sleeps(first);
      }
      if (SCENARIOS.contains("a2")) {
        for (Side s : sides) {
          second.put(s, spawn(s, s.name() + "-2"));
        }
        throughputTwoJvms();
      }
    } finally {
      for (WorkerProcess w : first.values()) {
        w.close();
      }
      for (WorkerProcess w : second.values()) {
        w.close();
      }
      running.clear();
    }
    if (SCENARIOS.contains("d")) {
      kills();
    }
    log(
        String.format(
            Locale.ROOT, "# load after: %s; took %.0f s", load(), (System.nanoTime() - t0) / 1e9));
    summary();
    for (Side s : sides) {
      s.closeDriver();
    }
    Path out = Path.of(System.getProperty("out", "benchmarks/target/durable.txt"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  // ---- (a1) -----------------------------------------------------------------------------------

  private void throughputOneJvm(Map<Side, WorkerProcess> workers) throws Exception {
    for (Side s : sides) {
      only(s);
      workers.get(s).run("ten", Math.max(20, FLOWS / 5), 0); // warm-up, not counted
    }
    for (int rep = 0; rep < REPS; rep++) {
      for (Side s : order(rep)) {
        only(s);
        long c0 = s.commits();
        double secs = workers.get(s).run("ten", FLOWS, 0);
        double rate = FLOWS / secs;
        Thread.sleep(600); // the servers' statistics lag by up to half a second
        double perFlow = (s.commits() - c0) / (double) FLOWS;
        record(s.name() + " a1", rate);
        record(s.name() + " a1 commits/workflow", perFlow);
        log(
            String.format(
                Locale.ROOT,
                "(a1) %s 1 JVM run %d: %.0f workflows/s (%.0f steps/s), %.1f transactions per"
                    + " workflow",
                s.name(),
                rep + 1,
                rate,
                rate * 10,
                perFlow));
      }
    }
  }

  // ---- (a2) -----------------------------------------------------------------------------------

  private void throughputTwoJvms() throws Exception {
    Map<Side, Side.Submitter> subs = new LinkedHashMap<>();
    try {
      for (Side s : sides) {
        subs.put(s, s.submitter());
        only(s);
        submitAndWait(s, subs.get(s), "ten", Math.max(20, FLOWS / 5), true); // warm-up
      }
      for (int rep = 0; rep < REPS; rep++) {
        for (Side s : order(rep)) {
          only(s);
          long t = System.nanoTime();
          double submitSecs = submitAndWait(s, subs.get(s), "ten", FLOWS, true);
          double rate = FLOWS / ((System.nanoTime() - t) / 1e9);
          record(s.name() + " a2", rate);
          log(
              String.format(
                  Locale.ROOT,
                  "(a2) %s 2 JVMs run %d: %.0f workflows/s (%.0f steps/s; submitting took %.2f s)",
                  s.name(),
                  rep + 1,
                  rate,
                  rate * 10,
                  submitSecs));
        }
      }
    } finally {
      for (Side.Submitter sub : subs.values()) {
        sub.close();
      }
    }
  }

  /** Submits n through the queue, waits until all are finished; returns the submit time in s. */
  private double submitAndWait(Side s, Side.Submitter sub, String kind, int n, boolean fast)
      throws Exception {
    long before = s.finished(kind);
    long t = System.nanoTime();
    sub.submit(kind, n, fast);
    double submitSecs = (System.nanoTime() - t) / 1e9;
    awaitFinished(s, kind, before + n);
    return submitSecs;
  }

  private void awaitFinished(Side s, String kind, long target) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (s.finished(kind) < target) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            s.name() + ": " + kind + " not finished after " + TIMEOUT_MS + " ms");
      }
      Thread.sleep(10);
    }
  }

  // ---- (b) ------------------------------------------------------------------------------------

  private void latency(Map<Side, WorkerProcess> workers) throws Exception {
    Map<Side, Side.Submitter> subs = new LinkedHashMap<>();
    try {
      for (Side s : sides) {
        subs.put(s, s.submitter());
      }
      for (int rep = -1; rep < REPS; rep++) { // rep -1: warm-up, not counted
        for (Side s : order(Math.max(rep, 0))) {
          only(s);
          for (boolean fast :
              s.name().equals("dbos") ? new boolean[] {false, true} : new boolean[] {true}) {
            String label =
                s.name()
                    + (s.name().equals("dbos")
                        ? (fast ? " fast-poll queue" : " default queue")
                        : "");
            long before = s.finished("one");
            long since = Lateness.nowMicros();
            int n = rep < 0 ? Math.max(5, LAT_JOBS / 4) : LAT_JOBS;
            for (int i = 0; i < n; i++) {
              subs.get(s).submit("one", 1, fast);
              Thread.sleep(LAT_GAP_MS);
            }
            awaitFinished(s, "one", before + n);
            if (rep < 0) {
              continue;
            }
            double[] ms = s.oneStepLatencies(since, fast);
            double p50 = percentile(ms, 50);
            double p95 = percentile(ms, 95);
            record(label + " b50", p50);
            record(label + " b95", p95);
            log(
                String.format(
                    Locale.ROOT,
                    "(b) %s run %d: submit -> finish p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)",
                    label,
                    rep + 1,
                    p50,
                    p95,
                    ms.length == 0 ? Double.NaN : ms[ms.length - 1],
                    ms.length));
          }
        }
      }
    } finally {
      for (Side.Submitter sub : subs.values()) {
        sub.close();
      }
    }
  }

  // ---- (c) ------------------------------------------------------------------------------------

  private void sleeps(Map<Side, WorkerProcess> workers) throws Exception {
    Map<Side, Side.Submitter> subs = new LinkedHashMap<>();
    try {
      for (Side s : sides) {
        subs.put(s, s.submitter());
      }
      for (int rep = 0; rep < REPS; rep++) {
        for (Side s : order(rep)) {
          only(s);
          long before = s.finished("sleeper");
          workers.get(s).dumpLateness(); // drop anything older
          for (int i = 0; i < SLEEP_JOBS; i++) {
            subs.get(s).submit("sleeper", 1, true);
            Thread.sleep(LAT_GAP_MS);
          }
          awaitFinished(s, "sleeper", before + SLEEP_JOBS);
          double[] ms =
              workers.get(s).dumpLateness().stream()
                  .mapToDouble(Double::doubleValue)
                  .sorted()
                  .toArray();
          double p50 = percentile(ms, 50);
          double p95 = percentile(ms, 95);
          record(s.name() + " c50", p50);
          record(s.name() + " c95", p95);
          log(
              String.format(
                  Locale.ROOT,
                  "(c) %s run %d: 1 s sleep woke late by p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)",
                  s.name(),
                  rep + 1,
                  p50,
                  p95,
                  ms.length == 0 ? Double.NaN : ms[ms.length - 1],
                  ms.length));
        }
      }
    } finally {
      for (Side.Submitter sub : subs.values()) {
        sub.close();
      }
    }
  }

  // ---- (d) ------------------------------------------------------------------------------------

  private void kills() throws Exception {
    for (int rep = 0; rep < REPS; rep++) {
      for (Side s : order(rep)) {
        String id = s.name() + "-kill";
        long before = s.finished("slow");
        WorkerProcess w = WorkerProcess.start(s.name(), id, WORKERS);
        w.startFlows("slow", KILL_FLOWS, KILL_STEP_MS);
        Thread.sleep(KILL_AFTER_MS);
        long doneAtKill = s.finished("slow") - before;
        long tKill = System.nanoTime();
        w.kill();
        WorkerProcess again = WorkerProcess.start(s.name(), id, WORKERS);
        long tReady = System.nanoTime();
        try {
          awaitFinished(s, "slow", before + KILL_FLOWS);
        } finally {
          again.close();
        }
        long tDone = System.nanoTime();
        double total = (tDone - tKill) / 1e9;
        double afterReady = (tDone - tReady) / 1e9;
        record(s.name() + " d", total);
        record(s.name() + " d-ready", afterReady);
        log(
            String.format(
                Locale.ROOT,
                "(d) %s run %d: %d of %d finished at the kill; kill -> all finished %.2f s"
                    + " (restart took %.2f s, restarted -> all finished %.2f s)",
                s.name(),
                rep + 1,
                doneAtKill,
                KILL_FLOWS,
                total,
                (tReady - tKill) / 1e9,
                afterReady));
      }
    }
  }

  // ---- summary --------------------------------------------------------------------------------

  private void summary() {
    log("");
    log("medians over " + REPS + " repetitions:");
    Map<String, Double> m = new LinkedHashMap<>();
    results.forEach(
        (k, v) -> {
          double med = median(v.stream().mapToDouble(Double::doubleValue).toArray());
          m.put(k, med);
          log(String.format(Locale.ROOT, "  %-32s %10.1f   (%s)", k, med, fmt(v)));
        });
    log("");
    ratio(m, "a1", "(a1) 1 JVM runs/s, mediaflow / DBOS direct start", "(target >= 2x)");
    ratio(m, "a2", "(a2) 2 JVMs runs/s, mediaflow / DBOS queue", "(target >= 2x)");
    for (String q : new String[] {" default queue", " fast-poll queue"}) {
      Double d50 = m.get("dbos" + q + " b50");
      Double f50 = m.get("mediaflow b50");
      if (d50 != null && f50 != null) {
        log(
            String.format(
                Locale.ROOT,
                "(b) submit -> finish p50/p95: mediaflow %.1f / %.1f ms vs DBOS%s %.1f / %.1f ms"
                    + " (target: no worse)",
                f50,
                m.get("mediaflow b95"),
                q,
                d50,
                m.get("dbos" + q + " b95")));
      }
    }
    if (m.containsKey("dbos c50") && m.containsKey("mediaflow c50")) {
      log(
          String.format(
              Locale.ROOT,
              "(c) sleep lateness p50/p95: mediaflow %.1f / %.1f ms vs DBOS %.1f / %.1f ms"
                  + " (target: no worse)",
              m.get("mediaflow c50"),
              m.get("mediaflow c95"),
              m.get("dbos c50"),
              m.get("dbos c95")));
    }
    if (m.containsKey("dbos d") && m.containsKey("mediaflow d")) {
      log(
          String.format(
              Locale.ROOT,
              "(d) kill -9 -> all finished: mediaflow %.2f s vs DBOS %.2f s",
              m.get("mediaflow d"),
              m.get("dbos d")));
    }
  }

  private void ratio(Map<String, Double> m, String key, String label, String target) {
    Double d = m.get("dbos " + key);
    Double f = m.get("mediaflow " + key);
    if (d != null && f != null) {
      // the sides take turns within a repetition: the ratio of each pair, then their median
      List<Double> fs = results.get("mediaflow " + key);
      List<Double> ds = results.get("dbos " + key);
      double[] pairs = new double[Math.min(fs.size(), ds.size())];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = fs.get(i) / ds.get(i);
      }
      log(
          String.format(
              Locale.ROOT,
              "%s: %.0f / %.0f = %.2fx; median of the %d pairs' ratios %.2fx %s",
              label,
              f,
              d,
              f / d,
              pairs.length,
              median(pairs),
              target));
    }
  }

  private static String load() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(Path.of("/proc/loadavg")), StandardCharsets.UTF_8))) {
      return "load average " + r.readLine();
    } catch (Exception e) {
      return "load average unknown";
    }
  }

  static double median(double[] v) {
    return PeersMain.median(v);
  }

  static double percentile(double[] sorted, int p) {
    return PeersMain.percentile(sorted, p);
  }

  private static String fmt(List<Double> v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", d));
    }
    return b.toString();
  }
}
