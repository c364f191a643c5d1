package io.mediaflow.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cron benchmark behind {@code benchmarks/run-cron.sh} (issue 15): {@code schedules} cron
 * schedules all due in the same minute, on the local PostgreSQL, mediaflow rules against
 * db-scheduler recurring tasks. Each repetition registers the schedules one by one on a running
 * scheduler (timed), with a cron for a whole minute far enough ahead, waits until every schedule
 * ran (or a timeout), and reports the lateness from slot to start (p50, p99, max) and whether every
 * slot fired exactly once. The no-op job throughput of mediaflow (the peer benchmark's, one worker
 * JVM) is measured first in the same run; the target is p99 ≤ 0.5 s + schedules ÷ that throughput,
 * and below db-scheduler's p99.
 *
 * <p>Settings (system properties): {@code schedules} (10000), {@code reps} (3), {@code threads} (4,
 * worker threads of each side, as in the peer benchmark), {@code sides} (db-scheduler,mediaflow;
 * the order alternates by repetition), {@code leadSeconds} (90: the first slot is the first whole
 * minute at least this far ahead; later ones follow the registration time measured), {@code
 * timeoutSeconds} (300 after the slot), {@code lingerMs} (3000: waited after the last run for any
 * second run of a slot), {@code warmupSeconds} (90; 0: none), {@code throughput} (true; the peer
 * benchmark's {@code jobs} and {@code reps} apply), {@code out} (benchmarks/target/cron.txt).
 *
 * <p><b>Warm-up.</b> Before its first repetition each side runs the same {@code schedules}
 * schedules firing every 10 seconds ({@code *}{@code /10} in the seconds field) for {@code
 * warmupSeconds}: some 90,000 runs through the code a repetition measures, on a schema of its own,
 * reported but not measured. A rule's run goes through code that runs once per run (the workflow
 * runner, its events, the completion), which the JVM compiles fully only after tens of thousands of
 * runs; without the warm-up the C2 compiler still took 1–1.8 s of a drain in the fifth repetition
 * (JFR compilation events) and set the spread between repetitions. An engine that fires schedules
 * in production has run them long before, and the no-op throughput the target is computed from is
 * measured after a warm-up too.
 */
public final class CronMain {

  static final int SCHEDULES = Integer.getInteger("schedules", 10_000);
  static final int REPS = Integer.getInteger("reps", 3);
  static final int THREADS = Integer.getInteger("threads", 4);
  static final int LEAD_SECONDS = Integer.getInteger("leadSeconds", 90);
  static final int TIMEOUT_SECONDS = Integer.getInteger("timeoutSeconds", 300);
  static final int LINGER_MS = Integer.getInteger("lingerMs", 3000);
  static final int WARMUP_SECONDS = Integer.getInteger("warmupSeconds", 90);

  static final boolean ANALYZE = Boolean.parseBoolean(System.getProperty("analyze", "true"));

  /** Registration must end this long before the slot, or the repetition is done again. */
  static final int MARGIN_SECONDS = 5;

  private final List<String> lines = new ArrayList<>();

  private CronMain() {}

  public static void main(String[] args) throws Exception {
    new CronMain().run();
    System.exit(0);
  }

  /** One side's repetition. */
  record Result(
      String side,
      Instant slot,
      double registerSeconds,
      int runs,
      long distinctSlots,
      long extraRuns,
      double p50Ms,
      double p99Ms,
      double maxMs,
      String storeCheck) {}

  private void log(String s) {
    System.out.println(s);
    System.out.flush();
    lines.add(s);
  }

  private void run() throws Exception {
    List<String> sides =
        Arrays.asList(System.getProperty("sides", "db-scheduler,mediaflow").split(","));
    log(
        String.format(
            Locale.ROOT,
            "# cron: schedules=%d reps=%d warmupSeconds=%d threads=%d sides=%s register=%s analyze=%s"
                + " history=%s; no-op throughput: jobs=%d batch=%d runs=%d; %d processors, load"
                + " average %s",
            SCHEDULES,
            REPS,
            WARMUP_SECONDS,
            THREADS,
            sides,
            System.getProperty("register", "api"),
            ANALYZE,
            Integer.getInteger("history", 10_000),
            PeersMain.JOBS,
            PeersMain.BATCH,
            PeersMain.REPS,
            Runtime.getRuntime().availableProcessors(),
            loadAverage()));
    double throughput =
        Boolean.parseBoolean(System.getProperty("throughput", "true"))
            ? noopThroughput()
            : Double.NaN;
    double target = 500 + SCHEDULES * 1000.0 / throughput;
    log(
        String.format(
            Locale.ROOT,
            "mediaflow no-op throughput (1 worker JVM, %d threads, median): %.0f jobs/s"
                + " -> target p99 <= 0.5 s + %d / %.0f = %.0f ms",
            PeersMain.THREADS,
            throughput,
            SCHEDULES,
            throughput,
            target));
    if (WARMUP_SECONDS > 0) {
      for (String side : sides) {
        warmUp(side);
      }
    }
    List<List<Result>> bySide = new ArrayList<>();
    sides.forEach(s -> bySide.add(new ArrayList<>()));
    double[] lastRegister = new double[sides.size()];
    for (int rep = 0; rep < REPS; rep++) {
      for (int k = 0; k < sides.size(); k++) {
        int i = rep % 2 == 0 ? k : sides.size() - 1 - k;
        Result r = null;
        for (int attempt = 0; r == null && attempt < 3; attempt++) {
          int lead =
              lastRegister[i] == 0
                  ? LEAD_SECONDS
                  : (int) Math.ceil(lastRegister[i] * 1.3) + MARGIN_SECONDS + 10;
          r = repetition(sides.get(i), rep + 1, lead, lastRegister, i);
        }
        if (r != null) {
          bySide.get(i).add(r);
        }
      }
    }
    log("");
    log(
        String.format(
            Locale.ROOT,
            "%-13s %9s %9s %9s %12s  %s",
            "side",
            "p50 ms",
            "p99 ms",
            "max ms",
            "register s",
            "p99 ms of each repetition (runs / distinct slots)"));
    double[] p99s = new double[sides.size()];
    for (int i = 0; i < sides.size(); i++) {
      List<Result> rs = bySide.get(i);
      if (rs.isEmpty()) {
        log(sides.get(i) + ": no repetition completed");
        p99s[i] = Double.NaN;
        continue;
      }
      double p99 = PeersMain.median(rs.stream().mapToDouble(Result::p99Ms).toArray());
      p99s[i] = p99;
      StringBuilder each = new StringBuilder();
      for (Result r : rs) {
        each.append(each.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%.0f", r.p99Ms()))
            .append(" (")
            .append(r.runs())
            .append('/')
            .append(r.distinctSlots())
            .append(')');
      }
      log(
          String.format(
              Locale.ROOT,
              "%-13s %9.0f %9.0f %9.0f %12.1f  %s",
              sides.get(i),
              PeersMain.median(rs.stream().mapToDouble(Result::p50Ms).toArray()),
              p99,
              PeersMain.median(rs.stream().mapToDouble(Result::maxMs).toArray()),
              PeersMain.median(rs.stream().mapToDouble(Result::registerSeconds).toArray()),
              each));
    }
    log("");
    int m = sides.indexOf("mediaflow");
    int d = sides.indexOf("db-scheduler");
    if (m >= 0) {
      log(
          String.format(
              Locale.ROOT,
              "mediaflow p99 %.0f ms vs target %.0f ms: %s",
              p99s[m],
              target,
              p99s[m] <= target ? "met" : "MISSED"));
    }
    if (m >= 0 && d >= 0) {
      log(
          String.format(
              Locale.ROOT,
              "mediaflow p99 %.0f ms vs db-scheduler p99 %.0f ms: %s",
              p99s[m],
              p99s[d],
              p99s[m] < p99s[d] ? "better" : "NOT better"));
    }
    Path out = Path.of(System.getProperty("out", "benchmarks/target/cron.txt"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  /** The machine's 1, 5 and 15 minute load averages (other processes share its 2 cores). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /**
   * The peer benchmark's mediaflow no-op throughput, one worker JVM: the median of its runs. Also
   * used by {@link WebhooksMain}.
   */
  static double noopThroughput() throws Exception {
    Peer peer = Peer.of("mediaflow");
    Pg.freshSchema(peer.schema());
    try (HikariDataSource ds = Pg.pool(peer.schema(), 4)) {
      peer.createTables(ds);
      try (Peer.Submitter sub = peer.submitter(ds)) {
        double[] runs =
            new PeersMain().throughputRuns(peer, ds, sub, new long[] {0}, 1, "mediaflow no-op");
        return PeersMain.median(runs);
      }
    }
  }

  /**
   * The side's warm-up: the schedules fire every 10 seconds for {@link #WARMUP_SECONDS} on a fresh
   * schema; how many runs started is logged, nothing is measured.
   */
  private void warmUp(String name) throws Exception {
    CronSide side = CronSide.of(name);
    Pg.freshSchema(side.schema());
    try (HikariDataSource ds = Pg.pool(side.schema(), THREADS + 4)) {
      side.start(ds, THREADS);
      try {
        long t0 = System.nanoTime();
        for (int k = 0; k < SCHEDULES; k++) {
          side.registerEvery10Seconds(String.format(Locale.ROOT, "warm-%05d", k));
        }
        side.registered();
        if (ANALYZE) {
          side.analyze(ds);
        }
        double registerSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(WARMUP_SECONDS * 1000L);
        log(
            String.format(
                Locale.ROOT,
                "%s warm-up: %d schedules every 10 s (registered in %.1f s), %d runs started in"
                    + " %d s; load average %s",
                name,
                SCHEDULES,
                registerSeconds,
                side.runs.size(),
                WARMUP_SECONDS,
                loadAverage()));
      } finally {
        side.stop();
      }
    }
  }

  /**
   * One repetition of one side, fresh schema; null when the registration ran past the slot (the
   * caller runs it again with a longer lead, {@code lastRegister[i]} updated).
   */
  private Result repetition(String name, int rep, int leadSeconds, double[] lastRegister, int i)
      throws Exception {
    CronSide side = CronSide.of(name);
    Pg.freshSchema(side.schema());
    try (HikariDataSource ds = Pg.pool(side.schema(), THREADS + 4)) {
      side.start(ds, THREADS);
      try {
        Instant slot =
            Instant.now().plusSeconds(leadSeconds).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        long last = t0;
        for (int k = 0; k < SCHEDULES; k++) {
          side.register(String.format(Locale.ROOT, "cron-%05d", k), at.getMinute(), at.getHour());
          if ((k + 1) % 1000 == 0) {
            long now = System.nanoTime();
            System.out.printf(
                Locale.ROOT,
                "  %s: %d registered, the last 1,000 in %.1f s%n",
                name,
                k + 1,
                (now - last) / 1e9);
            last = now;
          }
        }
        side.registered();
        if (ANALYZE) {
          side.analyze(ds);
        }
        double registerSeconds = (System.nanoTime() - t0) / 1e9;
        lastRegister[i] = registerSeconds;
        log(
            String.format(
                Locale.ROOT,
                "%s rep %d: registered %d schedules in %.1f s (%.0f/s); slot %s; load average %s",
                name,
                rep,
                SCHEDULES,
                registerSeconds,
                SCHEDULES / registerSeconds,
                slot,
                loadAverage()));
        if (Instant.now().plusSeconds(MARGIN_SECONDS).isAfter(slot)) {
          log(name + " rep " + rep + ": registration ran past the slot; again, further ahead");
          return null;
        }
        return await(side, ds, rep, slot, registerSeconds);
      } finally {
        side.stop();
      }
    }
  }

  private Result await(CronSide side, HikariDataSource ds, int rep, Instant slot, double register)
      throws Exception {
    Instant deadline = slot.plusSeconds(TIMEOUT_SECONDS);
    while (side.runs.size() < SCHEDULES && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    Thread.sleep(LINGER_MS);
    List<CronRuns.Run> all = side.runs.all();
    long[] once = CronRuns.onceCounts(all);
    double[] ms = all.stream().mapToDouble(r -> r.latenessMicros() / 1000.0).sorted().toArray();
    long slotMicros = NoopJobs.micros(slot);
    long otherSlots = all.stream().filter(r -> r.slotMicros() != slotMicros).count();
    String store = side.storeCheck(ds, SCHEDULES, slot);
    Result r =
        new Result(
            side.name(),
            slot,
            register,
            all.size(),
            once[0],
            once[1],
            PeersMain.percentile(ms, 50),
            PeersMain.percentile(ms, 99),
            ms.length == 0 ? Double.NaN : ms[ms.length - 1],
            store);
    log(
        String.format(
            Locale.ROOT,
            "%s rep %d: %d runs, %d distinct (schedule, slot), %d second runs, %d for another"
                + " slot; lateness p50 %.0f ms, p99 %.0f ms, max %.0f ms, min %.0f ms; %s;"
                + " load average %s",
            side.name(),
            rep,
            all.size(),
            once[0],
            once[1],
            otherSlots,
            r.p50Ms(),
            r.p99Ms(),
            r.maxMs(),
            ms.length == 0 ? Double.NaN : ms[0],
            store,
            loadAverage()));
    log(shape(side.name(), rep, ms));
    return r;
  }

  /**
   * How the runs spread over the drain: the lateness at the percentiles of the runs, so that a tail
   * (the last runs held back together) tells from a slow drain (all of them late in proportion).
   */
  static String shape(String side, int rep, double[] sortedMs) {
    StringBuilder b = new StringBuilder(side + " rep " + rep + " lateness by percentile:");
    for (double p : new double[] {10, 25, 50, 75, 90, 95, 98, 99, 99.9}) {
      b.append(
          String.format(
              Locale.ROOT,
              " p%s %.0f",
              p == 99.9 ? "99.9" : String.valueOf((int) p),
              sortedMs.length == 0
                  ? Double.NaN
                  : sortedMs[Math.max(0, (int) Math.ceil(p / 100 * sortedMs.length) - 1)]));
    }
    return b.append(" ms").toString();
  }
}
