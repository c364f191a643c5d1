package io.mediaflow.samples.chaos;

import static io.mediaflow.samples.chaos.DurableChaosIT.awaitReady;
import static io.mediaflow.samples.chaos.DurableChaosIT.countSql;
import static io.mediaflow.samples.chaos.DurableChaosIT.startNode;
import static io.mediaflow.samples.chaos.DurableChaosIT.unfinished;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.WorkflowRun;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.Storage;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Workflow runs under real {@code kill -9}: engine JVMs ({@link DurableChaosNode}, which registers
 * the action {@value DurableChaosNode#ACTION}) walk a JSON graph of action nodes with a condition
 * and a durable delay, and the test kills them at random — inside an action's body, after its
 * effect and before the run's cursor moved on, and during the delay — and restarts them. On H2 (one
 * file, one JVM at a time) and on PostgreSQL (three JVMs at once).
 *
 * <pre>
 * start → a1 → a2 → check (trigger.branch == "left") ─true→ a3 → wait (2 s) → a4 → a5
 *                                                   └false→ a9
 * </pre>
 *
 * <p>What it proves, per run, from the side-effect rows ({@code <prefix>effects}), the calls of the
 * action ({@code <prefix>wfcalls}) and the checkpoints:
 *
 * <ul>
 *   <li>every run completes, on the branch its input chose, and its per-node status says so;
 *   <li>each finished action's side effect counted once: its checkpointed body run is its last; any
 *       other run of the body was cut short by the kill of the JVM that ran it (an action killed
 *       inside its body runs it at most twice per kill that hit it);
 *   <li>the run resumes at the right node: the action calls of a run, in time order, never go back
 *       to an earlier node (no replay of the graph from the top); the node after the delay starts
 *       at least the delay after the node before it.
 * </ul>
 *
 * <p>CI size: 16 runs on H2, 24 on PostgreSQL (well under a minute each); {@code
 * -Dmediaflow.workflowChaos.runs=N} for more. With {@code CI} set an unreachable PostgreSQL is a
 * failure, not a skip ({@link ChaosDatabases#postgres()}).
 */
class WorkflowChaosIT {

  private static final long DELAY_MILLIS = 2_000;
  private static final List<String> LEFT = List.of("a1", "a2", "a3", "a4", "a5");
  private static final List<String> RIGHT = List.of("a1", "a2", "a9");

  /** The graph, as a host writes it. */
  static final String DEFINITION =
      "{\"version\":1,\"id\":\"chaos\",\"name\":\"Chaos\",\"nodes\":["
          + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"},"
          + action(1)
          + ","
          + action(2)
          + ",{\"id\":\"check\",\"type\":\"condition\",\"if\":{\"left\":\"${trigger.branch}\","
          + "\"op\":\"eq\",\"right\":\"left\"}},"
          + action(3)
          + ",{\"id\":\"wait\",\"type\":\"delay\",\"duration\":\"2s\"},"
          + action(4)
          + ","
          + action(5)
          + ","
          + action(9)
          + "],\"edges\":["
          + edge("start", "a1", null)
          + ","
          + edge("a1", "a2", null)
          + ","
          + edge("a2", "check", null)
          + ","
          + edge("check", "a3", "true")
          + ","
          + edge("check", "a9", "false")
          + ","
          + edge("a3", "wait", null)
          + ","
          + edge("wait", "a4", null)
          + ","
          + edge("a4", "a5", null)
          + "]}";

  private static String action(int index) {
    return "{\"id\":\"a"
        + index
        + "\",\"type\":\"action\",\"action\":\""
        + DurableChaosNode.ACTION
        + "\",\"params\":{\"index\":"
        + index
        + "}}";
  }

  private static String edge(String from, String to, String port) {
    return "{\"from\":\""
        + from
        + "\",\"to\":\""
        + to
        + "\""
        + (port == null ? "" : ",\"port\":\"" + port + "\"")
        + "}";
  }

  @Test
  void one_h2_node_killed_inside_and_between_nodes_resumes_each_run_at_the_right_node(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    int runs = runCount(16);
    Path file = dir.resolve("workflows");
    String prefix = JdbcStorage.DEFAULT_TABLE_PREFIX;
    Map<String, List<String>> submitted;
    try (JdbcStorage store = JdbcStorage.h2(file)) {
      submitted = submit(store, runs);
    }
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Random random = new Random(11);
    Map<String, Long> killedAt = new HashMap<>();
    long deadline = System.currentTimeMillis() + 120_000L + runs * 8_000L / 4;
    int maxKills = Math.max(4, runs / 4);
    int generation = 0;
    while (true) {
      assertThat(System.currentTimeMillis())
          .as("all runs done before the deadline")
          .isLessThan(deadline);
      String id = "h2g" + generation++;
      Process node = startNode(logs, "h2", file.toString(), prefix, id);
      awaitReady(logs, id, node);
      long runFor =
          killedAt.size() < maxKills
              ? 1_500 + random.nextInt(2_000)
              : Math.max(1, deadline - System.currentTimeMillis());
      if (node.waitFor(runFor, TimeUnit.MILLISECONDS)) {
        assertThat(node.exitValue()).as("the node's exit code (log %s)", id).isZero();
        break;
      }
      node.toHandle().destroyForcibly(); // SIGKILL
      assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
      killedAt.put(id, System.currentTimeMillis());
    }
    try (JdbcStorage store = JdbcStorage.h2(file)) {
      check("h2", store, ChaosDatabases.h2(file), prefix, submitted, killedAt);
    }
  }

  @Test
  void three_postgres_nodes_killed_at_random_resume_each_run_at_the_right_node() throws Exception {
    int runs = runCount(24);
    SimplePool pool = ChaosDatabases.postgres();
    String prefix = ChaosDatabases.uniquePrefix();
    Path logs = Files.createDirectories(Path.of("target", "workflow-chaos", prefix));
    Map<String, Long> killedAt = new HashMap<>();
    int nodesCount = DurableChaosIT.PG_NODES;
    try (JdbcStorage store = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      DurableChaosNode.createTables(() -> DurableChaosIT.open(pool), prefix);
      Map<String, List<String>> submitted = submit(store, runs);
      Process[] nodes = new Process[nodesCount];
      String[] ids = new String[nodesCount];
      int[] generation = new int[nodesCount];
      for (int n = 0; n < nodesCount; n++) {
        ids[n] = "n" + n + "g0";
        nodes[n] = startNode(logs, "pg", ChaosDatabases.PG_URL, prefix, ids[n]);
      }
      awaitReady(logs, ids[0], nodes[0]);
      Random random = new Random(43);
      long deadline = System.currentTimeMillis() + 120_000L + runs * 8_000L / 12;
      long nextKill = System.currentTimeMillis() + 2_000;
      try {
        while (unfinished(store) > 0) {
          assertThat(System.currentTimeMillis())
              .as("all runs done before the deadline (%d left)", unfinished(store))
              .isLessThan(deadline);
          long now = System.currentTimeMillis();
          if (now >= nextKill) {
            int victim = random.nextInt(nodesCount);
            nodes[victim].toHandle().destroyForcibly(); // SIGKILL
            assertThat(nodes[victim].waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
            killedAt.put(ids[victim], System.currentTimeMillis());
            ids[victim] = "n" + victim + "g" + (++generation[victim]);
            nodes[victim] = startNode(logs, "pg", ChaosDatabases.PG_URL, prefix, ids[victim]);
            nextKill = now + 2_000;
          }
          Thread.sleep(100);
        }
      } finally {
        for (Process p : nodes) {
          p.toHandle().destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
      check("postgres", store, pool, prefix, submitted, killedAt);
    } finally {
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  // ---- the checks ----

  /**
   * Submits the runs as {@code flow.workflows().start} does (a {@code workflow} job whose payload
   * is the definition and the input), two in three on the {@code left} branch; run id → the action
   * nodes it must run, in order.
   */
  private static Map<String, List<String>> submit(Storage store, int runs) {
    List<JobRequest> batch = new ArrayList<>();
    List<List<String>> paths = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String branch = i % 3 == 2 ? "right" : "left";
      String payload =
          "{\"workflow\":"
              + DEFINITION
              + ",\"input\":{\"branch\":\""
              + branch
              + "\",\"n\":"
              + i
              + "},\"dryRun\":false}";
      batch.add(JobRequest.of("workflow", payload).withMaxAttempts(100));
      paths.add(branch.equals("left") ? LEFT : RIGHT);
    }
    Map<String, List<String>> submitted = new LinkedHashMap<>();
    List<Job> jobs = store.jobs().submitAll(batch, Instant.now());
    for (int i = 0; i < jobs.size(); i++) {
      submitted.put(jobs.get(i).id(), paths.get(i));
    }
    return submitted;
  }

  /** One run of an action body (an effect row) or one call of the action (a call row). */
  private record Row(String id, String nodeId, String node, long atMs) {}

  private static void check(
      String db,
      Storage store,
      DataSource ds,
      String prefix,
      Map<String, List<String>> submitted,
      Map<String, Long> killedAt)
      throws SQLException {
    Map<String, Map<String, List<Row>>> effects =
        rows(ds, "SELECT job_id, note, run_id, node, at_ms FROM " + prefix + "effects");
    Map<String, Map<String, List<Row>>> callsByNode =
        rows(ds, "SELECT job_id, node_id, '', node, at_ms FROM " + prefix + "wfcalls");
    List<String> finishedRanAgain = new ArrayList<>();
    List<String> unjustified = new ArrayList<>();
    List<String> wentBack = new ArrayList<>();
    List<String> wrongNodes = new ArrayList<>();
    int actions = 0;
    int reRun = 0;
    int maxRuns = 0;
    int killedBetween = 0;
    int recalledAfterEffect = 0;
    try (MediaFlow view = MediaFlow.builder().storage(store).build()) {
      for (Map.Entry<String, List<String>> e : submitted.entrySet()) {
        String id = e.getKey();
        List<String> path = e.getValue();
        Job job = store.jobs().find(id).orElseThrow();
        assertThat(job.state())
            .as("run %s completed (error %s)", id, job.error())
            .isEqualTo(JobState.COMPLETED);
        WorkflowRun status = view.workflows().run(id).orElseThrow();
        Map<String, String> states = new TreeMap<>();
        status.nodes().forEach(n -> states.put(n.nodeId(), n.state()));
        Set<String> expected = new HashSet<>(path);
        expected.add("check");
        if (path == LEFT) {
          expected.add("wait");
        }
        for (String n : expected) {
          assertThat(states.get(n))
              .as("run %s node %s status (all: %s)", id, n, states)
              .isEqualTo("COMPLETED");
        }

        Map<String, String> committed = committedRuns(store, id);
        Map<String, List<Row>> byNode = effects.getOrDefault(id, Map.of());
        if (!byNode.keySet().equals(new HashSet<>(path))) {
          wrongNodes.add(id + " ran " + byNode.keySet() + ", its branch is " + path);
        }
        for (int k = 0; k < path.size(); k++) {
          String n = path.get(k);
          actions++;
          String counted = committed.get(n + ":effect");
          List<Row> r = byNode.getOrDefault(n, List.of());
          assertThat(r)
              .as(
                  "run %s node %s: its checkpointed body run %s recorded its effect",
                  id, n, counted)
              .extracting(Row::id)
              .contains(counted);
          if (!r.get(r.size() - 1).id.equals(counted)) {
            finishedRanAgain.add(id + " " + n + " runs " + r + " checkpoint " + counted);
          }
          Set<String> cutShortOn = new HashSet<>();
          for (Row run : r) {
            if (run.id.equals(counted)) {
              continue;
            }
            Long kill = killedAt.get(run.node);
            if (kill == null || kill < run.atMs || !cutShortOn.add(run.node)) {
              unjustified.add(id + " " + n + " run " + run + "; kills " + killedAt);
            }
          }
          maxRuns = Math.max(maxRuns, r.size());
          if (r.size() > 1) {
            reRun++;
          }
          Row countedRun = r.stream().filter(x -> x.id.equals(counted)).findFirst().orElseThrow();
          List<Row> calls = callsByNode.getOrDefault(id, Map.of()).getOrDefault(n, List.of());
          recalledAfterEffect +=
              (int)
                  calls.stream()
                      .filter(c -> c.atMs > countedRun.atMs && !c.node.equals(countedRun.node))
                      .count();
          if (k + 1 < path.size()) {
            List<Row> next = byNode.getOrDefault(path.get(k + 1), List.of());
            if (killedAt.containsKey(countedRun.node)
                && !next.isEmpty()
                && !next.get(0).node.equals(countedRun.node)) {
              killedBetween++;
            }
          }
        }
        // the calls of the action, in time order, never go back to an earlier node
        List<Row> calls = new ArrayList<>();
        callsByNode.getOrDefault(id, Map.of()).values().forEach(calls::addAll);
        calls.sort((x, y) -> Long.compare(x.atMs, y.atMs));
        int at = 0;
        for (Row c : calls) {
          int pos = path.indexOf(c.nodeId);
          if (pos < at) {
            wentBack.add(id + " called " + c.nodeId + " after " + path.get(at) + ": " + calls);
            break;
          }
          at = pos;
        }
        if (path == LEFT) {
          long a3 = countedRow(byNode.get("a3"), committed.get("a3:effect")).atMs;
          long a4 = byNode.get("a4").get(0).atMs;
          assertThat(a4 - a3)
              .as("run %s: a4 started after the delay (a3's effect at %d, a4's at %d)", id, a3, a4)
              .isGreaterThanOrEqualTo(DELAY_MILLIS);
        }
      }
    }
    assertThat(
            countSql(
                ds,
                "SELECT count(*) FROM (SELECT job_id FROM "
                    + prefix
                    + "done GROUP BY job_id HAVING count(*) > 1) x"))
        .as("runs whose completion was published twice")
        .isZero();
    assertThat(wrongNodes).as("runs that ran an action off the branch their input chose").isEmpty();
    assertThat(finishedRanAgain)
        .as(
            "actions whose effect's checkpoint committed but whose body ran again afterwards (must"
                + " be none: each finished action's side effect counted once)")
        .isEmpty();
    assertThat(unjustified)
        .as(
            "extra runs of an action's body not cut short by the kill of their JVM (a body runs"
                + " again only when a kill landed inside it: at most twice when killed once)")
        .isEmpty();
    assertThat(wentBack)
        .as("runs that called an earlier node again after a later one (must resume at its node)")
        .isEmpty();
    // Where the kills land is left to chance: on a loaded CI machine a run of this size has seen
    // no kill inside an action body (issue 13 note). What every kill must leave intact is checked
    // above; that some kill hit a run under way (inside a body, or between nodes) is checked here.
    assertThat(reRun + killedBetween + recalledAfterEffect)
        .as("kills that hit a run under way (inside an action's body, or between nodes)")
        .isPositive();
    System.out.printf(
        "WORKFLOW CHAOS %s: runs=%d actions=%d kills=%d actions re-run after a kill inside them=%d"
            + " (max body runs of one action %d) kills between nodes=%d actions called again after"
            + " their effect committed=%d finished actions run again=0 calls going back=0%n",
        db,
        submitted.size(),
        actions,
        killedAt.size(),
        reRun,
        maxRuns,
        killedBetween,
        recalledAfterEffect);
  }

  private static Row countedRow(List<Row> rows, String runId) {
    return rows.stream()
        .filter(r -> r.id.equals(runId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no checkpointed run " + runId + " in " + rows));
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

  /** Job id → node id → rows, in time order. */
  private static Map<String, Map<String, List<Row>>> rows(DataSource ds, String sql)
      throws SQLException {
    Map<String, Map<String, List<Row>>> rows = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql + " ORDER BY at_ms");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
            .add(new Row(rs.getString(3), rs.getString(2), rs.getString(4), rs.getLong(5)));
      }
    }
    return rows;
  }

  private static int runCount(int ciSize) {
    String v =
        System.getProperty(
            "mediaflow.workflowChaos.runs", System.getenv("MEDIAFLOW_WORKFLOW_CHAOS_RUNS"));
    return v == null || v.isBlank() ? ciSize : Integer.parseInt(v.trim());
  }
}
