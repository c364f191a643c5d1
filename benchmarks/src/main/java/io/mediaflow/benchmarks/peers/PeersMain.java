package io.mediaflow.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side benchmark behind {@code benchmarks/run-peers.sh}: for each peer, in its own
 * fresh schema, (a) throughput of N no-op jobs with 1 and 2 worker JVMs, (b) submit → start
 * latency, and for mediaflow (c) throughput with 1,000 vs 1,000,000 other rows waiting. This JVM
 * only submits and waits; workers are separate processes on the same class path.
 *
 * <p>Settings (system properties): {@code jobs} (20000), {@code batch} (1000), {@code threads} (4),
 * {@code reps} (3), {@code latencyJobs} (200), {@code latencyWarmup} (latencyJobs / 4), {@code
 * latencyGapMs} (20), {@code prefill} (1000000), {@code peers} (mediaflow,db-scheduler,jobrunr),
 * {@code out} (benchmarks/target/peers.txt).
 */
public final class PeersMain {

  static final int JOBS = Integer.getInteger("jobs", 20_000);
  static final int BATCH = Integer.getInteger("batch", 1000);
  static final int THREADS = Integer.getInteger("threads", 4);
  static final int REPS = Integer.getInteger("reps", 3);
  static final int LAT_JOBS = Integer.getInteger("latencyJobs", 200);
  static final int LAT_GAP_MS = Integer.getInteger("latencyGapMs", 20);
  static final int LAT_WARMUP = Integer.getInteger("latencyWarmup", LAT_JOBS / 4);
  static final int PREFILL = Integer.getInteger("prefill", 1_000_000);
  static final long TIMEOUT_MS = Long.getLong("timeoutMs", 300_000);

  private final List<String> lines = new ArrayList<>();

  /** Also made by {@link CronMain}, which measures the no-op throughput with it. */
  PeersMain() {}

  public static void main(String[] args) throws Exception {
    new PeersMain().run();
  }

  private void log(String s) {
    System.out.println(s);
    System.out.flush();
    lines.add(s);
  }

  private void run() throws Exception {
    List<String> peers =
        Arrays.asList(System.getProperty("peers", "mediaflow,db-scheduler,jobrunr").split(","));
    log(
        String.format(
            Locale.ROOT,
            "# peers: jobs=%d batch=%d threads/JVM=%d reps=%d latency=%d jobs %d ms apart"
                + " (after %d not counted); prefill=%d",
            JOBS,
            BATCH,
            THREADS,
            REPS,
            LAT_JOBS,
            LAT_GAP_MS,
            LAT_WARMUP,
            PREFILL));
    List<String> table = new ArrayList<>();
    table.add(
        String.format(
            Locale.ROOT,
            "%-13s %14s %14s %12s %12s  %s",
            "peer",
            "1 JVM jobs/s",
            "2 JVMs jobs/s",
            "start p50 ms",
            "start p95 ms",
            "runs (1 JVM | 2 JVMs)"));
    double mediaflow1 = 0;
    double dbScheduler1 = 0;
    double mediaflow2 = 0;
    double dbScheduler2 = 0;
    for (String name : peers) {
      Peer peer = Peer.of(name);
      Pg.freshSchema(peer.schema());
      double[] one;
      double[] two;
      double[] lat;
      try (HikariDataSource ds = Pg.pool(peer.schema(), 4)) {
        peer.createTables(ds);
        try (Peer.Submitter sub = peer.submitter(ds)) {
          long[] submitted = {0};
          one = throughputRuns(peer, ds, sub, submitted, 1, name + " 1 JVM");
          two = throughputRuns(peer, ds, sub, submitted, 2, name + " 2 JVMs");
          lat = latency(peer, ds, sub, submitted);
        }
      }
      double m1 = median(one);
      double m2 = median(two);
      if (name.equals("mediaflow")) {
        mediaflow1 = m1;
        mediaflow2 = m2;
      } else if (name.equals("db-scheduler")) {
        dbScheduler1 = m1;
        dbScheduler2 = m2;
      }
      table.add(
          String.format(
              Locale.ROOT,
              "%-13s %14.0f %14.0f %12.1f %12.1f  %s | %s",
              name,
              m1,
              m2,
              lat[0],
              lat[1],
              fmt(one),
              fmt(two)));
    }
    List<String> verdicts = new ArrayList<>();
    if (mediaflow1 > 0 && dbScheduler1 > 0) {
      verdicts.add(
          String.format(
              Locale.ROOT,
              "mediaflow / db-scheduler throughput: 1 JVM %.2fx, 2 JVMs %.2fx (target >= 2x)",
              mediaflow1 / dbScheduler1,
              mediaflow2 / dbScheduler2));
    }
    if (peers.contains("mediaflow") && PREFILL > 0) {
      Peer peer = Peer.of("mediaflow");
      double small = prefilled(peer, 1000);
      double large = prefilled(peer, PREFILL);
      table.add(
          String.format(
              Locale.ROOT, "mediaflow, 1 JVM, 1,000 rows waiting:      %.0f jobs/s", small));
      table.add(
          String.format(
              Locale.ROOT, "mediaflow, 1 JVM, %,d rows waiting: %.0f jobs/s", PREFILL, large));
      verdicts.add(
          String.format(
              Locale.ROOT,
              "mediaflow throughput at %,d / at 1,000 waiting rows: %.0f%% (target >= 80%%)",
              PREFILL,
              100 * large / small));
    }
    log("");
    table.forEach(this::log);
    log("");
    verdicts.forEach(this::log);
    Path out = Path.of(System.getProperty("out", "benchmarks/target/peers.txt"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  /** (c): mediaflow, fresh tables, {@code rows} far-future rows of another type, then (a). */
  private double prefilled(Peer peer, int rows) throws Exception {
    Pg.freshSchema(peer.schema());
    try (HikariDataSource ds = Pg.pool(peer.schema(), 4)) {
      peer.createTables(ds);
      long t0 = System.nanoTime();
      // one statement; SCHEDULED a year ahead, type 'filler' that no worker handles
      Pg.exec(
          ds,
          "INSERT INTO mediaflow_jobs (id, type, payload, priority, state, attempts,"
              + " max_attempts, created_at, scheduled_at, updated_at, progress_percent,"
              + " progress_step, correlation_id, rule_id, version)"
              + " SELECT 'filler-' || g, 'filler', '', 0, 'SCHEDULED', 0, 1, n, n + 31536000000000,"
              + " n, 0, '', 'filler-' || g, '', 0"
              + " FROM generate_series(1, "
              + rows
              + ") g, (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS n) t");
      Pg.exec(ds, "ANALYZE mediaflow_jobs");
      log(
          String.format(
              Locale.ROOT, "prefilled %,d rows in %.1f s", rows, (System.nanoTime() - t0) / 1e9));
      try (Peer.Submitter sub = peer.submitter(ds)) {
        long[] submitted = {0};
        return median(
            throughputRuns(peer, ds, sub, submitted, 1, "mediaflow " + rows + " waiting"));
      }
    }
  }

  /**
   * Warm-up, then {@code reps} runs of {@code jobs} no-op jobs with {@code jvms} worker JVMs;
   * jobs/s of each run. Also used by {@link CronMain}.
   */
  double[] throughputRuns(
      Peer peer, HikariDataSource ds, Peer.Submitter sub, long[] submitted, int jvms, String label)
      throws Exception {
    List<Process> workers = spawn(peer, jvms);
    try {
      // warm-up: JIT, pools, the peers' own start-up; not counted
      throughput(peer, ds, sub, submitted, Math.max(BATCH, JOBS / 10));
      double[] r = new double[REPS];
      for (int i = 0; i < REPS; i++) {
        r[i] = throughput(peer, ds, sub, submitted, JOBS);
        log(String.format(Locale.ROOT, "%s run %d: %.0f jobs/s", label, i + 1, r[i]));
      }
      return r;
    } finally {
      stop(workers);
    }
  }

  private double throughput(
      Peer peer, HikariDataSource ds, Peer.Submitter sub, long[] submitted, int n)
      throws Exception {
    long t0 = System.nanoTime();
    for (int from = 0; from < n; from += BATCH) {
      int size = Math.min(BATCH, n - from);
      sub.submitBatch((int) submitted[0] + from, size);
    }
    submitted[0] += n;
    awaitDone(peer, ds, submitted[0]);
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private void awaitDone(Peer peer, HikariDataSource ds, long submitted) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!peer.allDone(ds, submitted)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            peer.name() + ": jobs not done after " + TIMEOUT_MS + " ms");
      }
      Thread.sleep(20);
    }
  }

  /**
   * (b): one worker JVM, idle; jobs submitted one at a time; returns {p50, p95} in ms. The worker
   * JVM is fresh, so the first {@code latencyWarmup} jobs go the same way but are not counted (its
   * JIT, its pool's connections), as the throughput runs have their warm-up round.
   */
  private double[] latency(Peer peer, HikariDataSource ds, Peer.Submitter sub, long[] submitted)
      throws Exception {
    List<Process> workers = spawn(peer, 1);
    List<Long> lat = new ArrayList<>();
    // how long the submit call itself took (its commit): part of the latency measured below
    double[] submitMs = new double[LAT_JOBS];
    long measuredFrom = Long.MAX_VALUE;
    try {
      Thread.sleep(1000);
      for (int i = -LAT_WARMUP; i < LAT_JOBS; i++) {
        long t0 = System.nanoTime();
        long at = NoopJobs.nowMicros();
        if (i == 0) {
          measuredFrom = at;
        }
        sub.submitLatency(at);
        if (i >= 0) {
          submitMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        Thread.sleep(LAT_GAP_MS);
      }
      submitted[0] += LAT_WARMUP + LAT_JOBS;
      awaitDone(peer, ds, submitted[0]);
    } finally {
      for (Process p : workers) {
        p.getOutputStream().close();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.startsWith("LAT ")) {
              String[] f = line.substring(4).trim().split(" ");
              if (Long.parseLong(f[1]) >= measuredFrom) {
                lat.add(Long.parseLong(f[0]));
              }
            }
          }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
    }
    double[] ms = lat.stream().mapToDouble(l -> l / 1000.0).sorted().toArray();
    double p50 = percentile(ms, 50);
    double p95 = percentile(ms, 95);
    log(
        String.format(
            Locale.ROOT,
            "%s latency (%d samples, from the submit call to the handler starting):"
                + " p50 %.1f ms, p95 %.1f ms, max %.1f ms; the submit call itself: p50 %.1f ms",
            peer.name(),
            ms.length,
            p50,
            p95,
            ms.length == 0 ? Double.NaN : ms[ms.length - 1],
            percentile(Arrays.stream(submitMs).sorted().toArray(), 50)));
    return new double[] {p50, p95};
  }

  private List<Process> spawn(Peer peer, int jvms) throws Exception {
    List<Process> ps = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < jvms; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx1g",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-Dpeers.schemaSuffix=" + Peer.SCHEMA_SUFFIX,
              "-cp",
              System.getProperty("java.class.path"),
              PeerWorker.class.getName(),
              peer.name(),
              Integer.toString(THREADS));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      ps.add(pb.start());
    }
    for (Process p : ps) {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null && !line.equals("READY")) {
        // start-up chatter
      }
      if (line == null) {
        throw new IllegalStateException(peer.name() + " worker exited before READY");
      }
    }
    return ps;
  }

  private static void stop(List<Process> ps) throws Exception {
    for (Process p : ps) {
      p.getOutputStream().close();
    }
    for (Process p : ps) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** The median of {@code v} (not changed); also used by the durable benchmark. */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The {@code p}-th percentile of sorted values, NaN when empty; also used elsewhere. */
  public static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", d));
    }
    return b.toString();
  }
}
