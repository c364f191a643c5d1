package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.Storage;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.SimplePool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable execution under real {@code kill -9}: engine JVMs ({@link DurableChaosNode}) run
 * multi-step jobs whose every step body records a countable side effect in a table of its own, and
 * the test kills them at random, between steps and inside step bodies, and restarts them. On H2
 * (one file, one JVM at a time) and on PostgreSQL (three JVMs at once).
 *
 * <p>What it proves, per step of every job, from the side-effect rows and the checkpoints:
 *
 * <ul>
 *   <li><b>a step whose checkpoint committed ran exactly once after that</b>: the run the
 *       checkpoint names is the step's last run, so no replay ran a finished step again;
 *   <li><b>a step killed inside its body runs again</b> (at least once inside a step): every other
 *       run of it was cut short by the kill of the node that ran it, so a step runs at most twice
 *       when one kill hit it (once per kill that landed inside its body, plus the run that
 *       counted);
 *   <li>every job completes, none twice; a job that sleeps durably and one that waits for a signal
 *       both go on across kills (the signal is sent while the job waits, after a kill).
 * </ul>
 *
 * <p>CI size: 30 jobs of 5 steps on H2, 60 on PostgreSQL (well under a minute each). Long variant:
 * {@code -Dmediaflow.durableChaos.jobs=N} (or env {@code MEDIAFLOW_DURABLE_CHAOS_JOBS}) for both;
 * {@code benchmarks/run-durable-chaos.sh} runs it. With {@code CI} set an unreachable PostgreSQL is
 * a failure, not a skip ({@link ChaosDatabases#postgres()}).
 */
class DurableChaosIT {

  static final int PG_NODES = 3;
  static final int WORKERS = 4;
  static final int STEP_MILLIS = 250;
  private static final long SLEEP_MILLIS = 5_000;
  private static final int STEPS = DurableChaosNode.STEPS;

  @Test
  void one_h2_node_killed_between_and_inside_steps_and_restarted_runs_no_finished_step_again(
      @TempDir Path dir) throws Exception {
    int jobs = jobCount(30);
    Path file = dir.resolve("durable");
    String prefix = JdbcStorage.DEFAULT_TABLE_PREFIX;
    Submitted submitted;
    try (JdbcStorage store = JdbcStorage.h2(file)) {
      submitted = submit(store, jobs);
    }
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Random random = new Random(7);
    Map<String, Long> killedAt = new HashMap<>();
    Optional<WaitReason> waiterWaitedFor = Optional.empty();
    long deadline = System.currentTimeMillis() + deadlineMillis(jobs, WORKERS);
    int maxKills = Math.max(4, jobs / 6); // 5 at the CI size, 50 for 300 jobs
    int generation = 0;
    while (true) {
      assertThat(System.currentTimeMillis())
          .as("all jobs done before the deadline")
          .isLessThan(deadline);
      String id = "h2g" + generation++;
      Process node = startNode(logs, "h2", file.toString(), prefix, id);
      awaitReady(logs, id, node);
      // between 1.5 and 3.5 s of work, then the kill: inside a 250 ms step body about two times in
      // three, between steps (125 ms of plain work) otherwise, for some job of the four running;
      // after the last kill the node runs to the end (a JVM start costs seconds on a busy box)
      long runFor =
          killedAt.size() < maxKills
              ? 1_500 + random.nextInt(2_000)
              : Math.max(1, deadline - System.currentTimeMillis());
      if (node.waitFor(runFor, TimeUnit.MILLISECONDS)) {
        assertThat(node.exitValue()).as("the node's exit code (log %s)", id).isZero();
        break; // nothing left to do: it exited by itself
      }
      node.toHandle().destroyForcibly(); // SIGKILL
      assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
      killedAt.put(id, System.currentTimeMillis());
      if (killedAt.size() == 2) {
        // no node runs: the one store of the file is this one, for the time of the signal
        try (JdbcStorage store = JdbcStorage.h2(file)) {
          waiterWaitedFor = store.jobs().find(submitted.waiter).orElseThrow().waitReason();
          store.jobs().signal(submitted.waiter, DurableChaosNode.SIGNAL, "approved", Instant.now());
        }
      }
    }
    assertThat(waiterWaitedFor)
        .as("the waiter was waiting for its signal when it was sent, after a kill")
        .contains(WaitReason.SIGNAL);
    try (JdbcStorage store = JdbcStorage.h2(file)) {
      check("h2", store, ChaosDatabases.h2(file), prefix, submitted, killedAt);
    }
  }

  @Test
  void three_postgres_nodes_killed_at_random_run_no_finished_step_again() throws Exception {
    int jobs = jobCount(60);
    SimplePool pool = ChaosDatabases.postgres();
    String prefix = ChaosDatabases.uniquePrefix();
    Path logs = Files.createDirectories(Path.of("target", "durable-chaos", prefix));
    Map<String, Long> killedAt = new HashMap<>();
    try (JdbcStorage store = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      DurableChaosNode.createTables(() -> open(pool), prefix);
      Submitted submitted = submit(store, jobs);
      Process[] nodes = new Process[PG_NODES];
      String[] ids = new String[PG_NODES];
      int[] generation = new int[PG_NODES];
      for (int n = 0; n < PG_NODES; n++) {
        ids[n] = "n" + n + "g0";
        nodes[n] = startNode(logs, "pg", ChaosDatabases.PG_URL, prefix, ids[n]);
      }
      awaitReady(logs, ids[0], nodes[0]);
      Random random = new Random(42);
      long deadline = System.currentTimeMillis() + deadlineMillis(jobs, PG_NODES * WORKERS);
      long nextKill = System.currentTimeMillis() + 2_500;
      Optional<WaitReason> waiterWaitedFor = Optional.empty();
      boolean signalled = false;
      try {
        while (unfinished(store) > 0) {
          assertThat(System.currentTimeMillis())
              .as("all jobs done before the deadline (%d left)", unfinished(store))
              .isLessThan(deadline);
          long now = System.currentTimeMillis();
          if (now >= nextKill) {
            int victim = random.nextInt(PG_NODES);
            nodes[victim].toHandle().destroyForcibly(); // SIGKILL
            assertThat(nodes[victim].waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
            killedAt.put(ids[victim], System.currentTimeMillis()); // dead by now (see ChaosIT)
            ids[victim] = "n" + victim + "g" + (++generation[victim]);
            nodes[victim] = startNode(logs, "pg", ChaosDatabases.PG_URL, prefix, ids[victim]);
            nextKill = now + 2_500;
          }
          if (!signalled && !killedAt.isEmpty()) {
            Job waiter = store.jobs().find(submitted.waiter).orElseThrow();
            if (waiter.waitReason().isPresent() || killedAt.size() >= 2) {
              waiterWaitedFor = waiter.waitReason();
              store
                  .jobs()
                  .signal(submitted.waiter, DurableChaosNode.SIGNAL, "approved", Instant.now());
              signalled = true;
            }
          }
          Thread.sleep(100);
        }
      } finally {
        for (Process p : nodes) {
          p.toHandle().destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
      assertThat(waiterWaitedFor)
          .as("the waiter was waiting for its signal when it was sent, after a kill")
          .contains(WaitReason.SIGNAL);
      check("postgres", store, pool, prefix, submitted, killedAt);
    } finally {
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  // ---- the checks ----

  /** The ids of the jobs the test submitted. */
  private record Submitted(List<String> durable, String sleeper, String waiter) {}

  private static Submitted submit(Storage store, int jobs) {
    Instant now = Instant.now();
    // first in the queue (priority), so that they wait while kills happen
    String sleeper =
        store
            .jobs()
            .submit(
                JobRequest.of("sleeper", String.valueOf(SLEEP_MILLIS))
                    .withPriority(10)
                    .withMaxAttempts(100),
                now)
            .id();
    String waiter =
        store
            .jobs()
            .submit(JobRequest.of("waiter", "{}").withPriority(10).withMaxAttempts(100), now)
            .id();
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      batch.add(JobRequest.of("durable", "{\"n\":" + i + "}").withMaxAttempts(100));
    }
    List<String> durable = new ArrayList<>();
    for (int from = 0; from < jobs; from += 1000) {
      for (Job j : store.jobs().submitAll(batch.subList(from, Math.min(jobs, from + 1000)), now)) {
        durable.add(j.id());
      }
    }
    return new Submitted(durable, sleeper, waiter);
  }

  /** One run of a step body, as its side-effect row has it. */
  private record Run(String id, String node, long atMs, String note) {}

  private static void check(
      String db,
      Storage store,
      DataSource ds,
      String prefix,
      Submitted submitted,
      Map<String, Long> killedAt)
      throws SQLException {
    List<String> all = new ArrayList<>(submitted.durable);
    all.add(submitted.sleeper);
    all.add(submitted.waiter);
    for (String id : all) {
      Job job = store.jobs().find(id).orElseThrow();
      assertThat(job.state())
          .as("job %s (%s) completed", id, job.type())
          .isEqualTo(JobState.COMPLETED);
    }
    assertThat(
            countSql(
                ds,
                "SELECT count(*) FROM (SELECT job_id FROM "
                    + prefix
                    + "done GROUP BY job_id HAVING count(*) > 1) x"))
        .as("jobs whose completion was published twice")
        .isZero();

    Map<String, Map<Integer, List<Run>>> runs = runs(ds, prefix);
    List<String> finishedStepRanAgain = new ArrayList<>();
    List<String> unjustified = new ArrayList<>();
    int steps = 0;
    int reRunSteps = 0;
    int maxRuns = 0;
    int killedBetweenSteps = 0;
    for (String id : all) {
      int stepsOfJob = submitted.durable.contains(id) ? STEPS : 2;
      Map<String, String> committed = committedRuns(store, id);
      assertThat(committed).as("checkpoints of job %s", id).hasSize(stepsOfJob);
      Map<Integer, List<Run>> byStep = runs.getOrDefault(id, Map.of());
      for (int s = 0; s < stepsOfJob; s++) {
        steps++;
        String counted = committed.get("s" + s);
        List<Run> r = byStep.getOrDefault(s, List.of());
        assertThat(r)
            .as("job %s step s%d: its checkpointed run %s recorded its side effect", id, s, counted)
            .extracting(Run::id)
            .contains(counted);
        Run last = r.get(r.size() - 1);
        if (!last.id.equals(counted)) {
          finishedStepRanAgain.add(id + " s" + s + " runs " + r + " checkpoint " + counted);
        }
        for (Run run : r) {
          if (run.id.equals(counted)) {
            continue;
          }
          Long kill = killedAt.get(run.node);
          if (kill == null || kill < run.atMs) {
            unjustified.add(id + " s" + s + " run " + run + "; kills " + killedAt);
          }
        }
        maxRuns = Math.max(maxRuns, r.size());
        if (r.size() > 1) {
          reRunSteps++;
        }
        // a kill between steps: this step counted on a node that was killed, and the next step
        // ran first elsewhere
        List<Run> next = byStep.getOrDefault(s + 1, List.of());
        Run countedRun = r.stream().filter(x -> x.id.equals(counted)).findFirst().orElseThrow();
        if (s + 1 < stepsOfJob
            && killedAt.containsKey(countedRun.node)
            && !next.isEmpty()
            && !next.get(0).node.equals(countedRun.node)) {
          killedBetweenSteps++;
        }
      }
    }
    assertThat(finishedStepRanAgain)
        .as(
            "steps whose checkpoint committed but whose body ran again afterwards (must be none:"
                + " exactly once across steps)")
        .isEmpty();
    assertThat(unjustified)
        .as(
            "extra runs of a step not cut short by the kill of their node (a step runs again only"
                + " when a kill landed inside its body: at most twice when killed once)")
        .isEmpty();
    assertThat(reRunSteps)
        .as("steps killed inside their body and run again (at least once inside a step)")
        .isPositive();
    assertThat(killedBetweenSteps).as("kills that landed between two steps of a job").isPositive();

    Map<Integer, List<Run>> sleeper = runs.get(submitted.sleeper);
    long sleptFrom = counted(store, submitted.sleeper, 0, sleeper.get(0)).atMs;
    long sleptTo = last(sleeper.get(1)).atMs;
    long slept = sleptTo - sleptFrom;
    assertThat(slept)
        .as("the sleeper's second step ran after its durable sleep")
        .isGreaterThanOrEqualTo(SLEEP_MILLIS);
    assertThat(killedAt.values())
        .as("a kill while the sleeper slept (%d..%d)", sleptFrom, sleptTo)
        .anyMatch(k -> k > sleptFrom && k < sleptTo);
    Map<Integer, List<Run>> waiter = runs.get(submitted.waiter);
    assertThat(counted(store, submitted.waiter, 1, waiter.get(1)).note)
        .as("the waiter's step after the signal got its payload")
        .isEqualTo("approved");
    assertThat(store.jobs().find(submitted.waiter).orElseThrow().result())
        .as("the waiter's result")
        .contains("\"approved\"");

    System.out.printf(
        "DURABLE CHAOS %s: jobs=%d steps=%d kills=%d steps re-run after a kill inside them=%d"
            + " (max runs of one step %d) kills between steps=%d finished steps run again=0"
            + " sleeper slept %d ms across kills, signal taken across a kill%n",
        db, all.size(), steps, killedAt.size(), reRunSteps, maxRuns, killedBetweenSteps, slept);
  }

  private static Run last(List<Run> runs) {
    return runs.get(runs.size() - 1);
  }

  /** The run of step {@code s<step>} that its checkpoint names. */
  private static Run counted(Storage store, String jobId, int step, List<Run> runs) {
    String run = committedRuns(store, jobId).get("s" + step);
    return runs.stream()
        .filter(r -> r.id.equals(run))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no checkpointed run of " + jobId + " s" + step));
  }

  /** Step name → the run id its checkpoint holds. */
  private static Map<String, String> committedRuns(Storage store, String jobId) {
    Map<String, String> committed = new HashMap<>();
    for (Checkpoint c : store.checkpoints().history(jobId, 0)) {
      if (c.kind() == Checkpoint.Kind.STEP) {
        committed.put(c.name(), c.value().replace("\"", ""));
      }
    }
    return committed;
  }

  /** Job id → step → its runs, in the order they began. */
  private static Map<String, Map<Integer, List<Run>>> runs(DataSource ds, String prefix)
      throws SQLException {
    Map<String, Map<Integer, List<Run>>> runs = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT job_id, step, run_id, node, at_ms, note FROM "
                    + prefix
                    + "effects ORDER BY job_id, step, at_ms");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        runs.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .computeIfAbsent(rs.getInt(2), k -> new ArrayList<>())
            .add(new Run(rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6)));
      }
    }
    return runs;
  }

  // ---- helpers ----

  private static int jobCount(int ciSize) {
    String v =
        System.getProperty(
            "mediaflow.durableChaos.jobs", System.getenv("MEDIAFLOW_DURABLE_CHAOS_JOBS"));
    return v == null || v.isBlank() ? ciSize : Integer.parseInt(v.trim());
  }

  private static long deadlineMillis(int jobs, int workers) {
    // a job takes 5 × 375 ms; times 4 for restarts and a shared 2-core machine, plus two minutes
    return 120_000L + jobs * (STEPS * STEP_MILLIS * 3L / 2) * 4 / workers;
  }

  static long unfinished(Storage store) {
    return store.jobs().countByState().entrySet().stream()
        .filter(
            e ->
                e.getKey() != JobState.COMPLETED
                    && e.getKey() != JobState.CANCELLED
                    && e.getKey() != JobState.DEAD)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static Process startNode(Path logs, String mode, String where, String prefix, String id)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DurableChaosNode.class.getName());
    cmd.addAll(
        List.of(mode, where, prefix, id, String.valueOf(WORKERS), String.valueOf(STEP_MILLIS)));
    File out = logs.resolve(id + ".log").toFile();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
  }

  static void awaitReady(Path logs, String id, Process node) throws Exception {
    Path log = logs.resolve(id + ".log");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains("READY " + id))) {
      assertThat(node.isAlive() || Files.readString(log).contains("READY " + id))
          .as(
              "node %s is running (log %s:%n%s)",
              id, log, Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      assertThat(System.nanoTime()).as("node %s started", id).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  static Connection open(DataSource ds) {
    try {
      return ds.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int countSql(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
