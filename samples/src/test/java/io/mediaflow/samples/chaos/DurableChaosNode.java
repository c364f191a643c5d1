package io.mediaflow.samples.chaos;

import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One engine process of the durable chaos test ({@link DurableChaosIT}), started with {@code java
 * -cp}:
 *
 * <pre>
 * DurableChaosNode pg &lt;jdbcUrl&gt; &lt;tablePrefix&gt; &lt;nodeId&gt; &lt;workers&gt; &lt;stepMillis&gt;
 * DurableChaosNode h2 &lt;file&gt;    &lt;tablePrefix&gt; &lt;nodeId&gt; &lt;workers&gt; &lt;stepMillis&gt;
 * </pre>
 *
 * <p>Every step body below first records its side effect in the table {@code <prefix>effects} of
 * the same database, in its own autocommitted statement, apart from mediaflow's tables: one row per
 * run of the body, with a fresh run id, the node and the time. The body then works for about {@code
 * stepMillis} (so that a {@code kill -9} lands inside it often) and returns its run id, which
 * becomes the step's checkpoint. After the test, a step's checkpoint names the one run that
 * counted; every other row of that step is a run that a kill cut short before its checkpoint
 * committed.
 *
 * <ul>
 *   <li>{@code durable}: {@value #STEPS} steps {@code s0 … s4}, with {@code stepMillis / 2} of
 *       plain (deterministic, side-effect free) work between them, where kills land between steps.
 *   <li>{@code sleeper}: step {@code s0}, a durable {@code sleep} of the payload's milliseconds,
 *       step {@code s1}.
 *   <li>{@code waiter}: step {@code s0}, {@code awaitSignal("go", 10 min)}, step {@code s1}, which
 *       records the payload it got in the {@code note} column; the job returns it.
 *   <li>{@code workflow} runs (the workflow chaos test, {@link WorkflowChaosIT}) call the action
 *       {@value #ACTION}, registered here.
 * </ul>
 *
 * <p>Every {@code job.completed} event is written to {@code <prefix>done}: a job completed twice
 * would show twice. In h2 mode the node exits when no job is left unfinished (waiting jobs are
 * unfinished). Lease 3 s, heartbeat 500 ms. Prints {@code READY nodeId pid} once started.
 */
public final class DurableChaosNode {

  static final Duration LEASE = Duration.ofSeconds(3);
  static final Duration HEARTBEAT = Duration.ofMillis(500);
  static final int STEPS = 5;
  static final String SIGNAL = "go";
  static final String ACTION = "chaos.effect";

  private static final Set<JobState> UNFINISHED =
      Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING, JobState.FAILED);

  private DurableChaosNode() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String where = args[1];
    String prefix = args[2];
    String nodeId = args[3];
    int workers = Integer.parseInt(args[4]);
    int stepMillis = Integer.parseInt(args[5]);
    long pid = ProcessHandle.current().pid();

    Supplier<Connection> db;
    JdbcStorage storage;
    if (mode.equals("pg")) {
      SimplePool pool = new SimplePool(new DriverDataSource(where), workers + 6);
      storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
      db = () -> connect(pool::getConnection);
    } else {
      Path file = Path.of(where);
      storage = JdbcStorage.h2(file);
      String url = ChaosDatabases.h2Url(file); // same JVM: shares the embedded database
      db = () -> connect(() -> DriverManager.getConnection(url, "sa", ""));
    }
    createTables(db, prefix);
    Effects effects = new Effects(db, prefix, nodeId, pid, stepMillis);

    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .nodeId(nodeId)
            .workers(workers)
            .maxClaimBatch(2)
            .lease(LEASE)
            .heartbeatInterval(HEARTBEAT)
            .pollInterval(Duration.ofMillis(200))
            .action(effects.action())
            .handler(
                "durable",
                ctx -> {
                  for (int s = 0; s < STEPS; s++) {
                    effects.step(ctx, s, "");
                    Thread.sleep(stepMillis / 2); // between steps: no side effect, replayed as is
                  }
                  return Optional.empty();
                })
            .handler(
                "sleeper",
                ctx -> {
                  effects.step(ctx, 0, "");
                  ctx.sleep(Duration.ofMillis(Long.parseLong(ctx.job().payload().trim())));
                  effects.step(ctx, 1, "");
                  return Optional.empty();
                })
            .handler(
                "waiter",
                ctx -> {
                  effects.step(ctx, 0, "");
                  Optional<String> got = ctx.awaitSignal(SIGNAL, Duration.ofMinutes(10));
                  String note = got.orElse("timed-out");
                  effects.step(ctx, 1, note);
                  return Optional.of("\"" + note + "\"");
                })
            .build();
    flow.events()
        .subscribe(
            "job.completed",
            e -> {
              try (Connection c = db.get();
                  PreparedStatement ps =
                      c.prepareStatement(
                          "INSERT INTO " + prefix + "done (job_id, node) VALUES (?, ?)")) {
                ps.setString(1, String.valueOf(e.data().get("jobId")));
                ps.setString(2, nodeId);
                ps.executeUpdate();
              }
            });
    flow.start();
    System.out.println("READY " + nodeId + " " + pid);
    System.out.flush();

    if (mode.equals("h2")) {
      while (unfinished(storage.jobs().countByState()) > 0) {
        Thread.sleep(200);
      }
      flow.close();
      storage.close();
      System.out.println("DONE " + nodeId);
      System.exit(0);
    }
    Thread.currentThread().join(); // until killed
  }

  /** The counted side effects of step bodies. */
  private record Effects(
      Supplier<Connection> db, String prefix, String node, long pid, int stepMillis) {

    /**
     * The action {@value #ACTION} of the workflow runs ({@link WorkflowChaosIT}): records the call
     * in {@code <prefix>wfcalls} (every call, replays included), then its side effect in a durable
     * step {@code <node>:effect} (a row of {@code <prefix>effects} with step = the {@code index}
     * param and note = the node id), then {@code stepMillis / 2} of plain work after the step's
     * checkpoint and before the node ends: a kill there lands between the node's effect and the
     * run's next cursor.
     */
    Action action() {
      return new Action() {
        @Override
        public ActionDescriptor descriptor() {
          return ActionDescriptor.builder(ACTION)
              .param(ParamSpec.builder("index", ParamType.INT).required().build())
              .output(ActionOutput.of("run", "the id of the counted run of the body", ""))
              .build();
        }

        @Override
        public ActionResult execute(ActionContext ctx, Params params) throws Exception {
          int index = params.getInt("index");
          String nodeId = "a" + index;
          try (Connection c = db.get();
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO "
                          + prefix
                          + "wfcalls (job_id, node_id, node, at_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, ctx.job().id());
            ps.setString(2, nodeId);
            ps.setString(3, node);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
          }
          String run = step(ctx, "effect", index, nodeId);
          Thread.sleep(stepMillis / 2); // after the checkpoint, before the cursor moves on
          return ActionResult.of(Map.of("run", run)).withSummary(nodeId + " " + run);
        }
      };
    }

    /** Step {@code s<index>}: records a run, works, returns the run id as the checkpoint. */
    void step(JobContext ctx, int index, String note) throws Exception {
      step(ctx, "s" + index, index, note);
    }

    String step(JobContext ctx, String name, int index, String note) throws Exception {
      String jobId = ctx.job().id();
      return ctx.step(
          name,
          String.class,
          () -> {
            String run = UUID.randomUUID().toString();
            try (Connection c = db.get();
                PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO "
                            + prefix
                            + "effects (run_id, job_id, step, node, pid, at_ms, note)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, run);
              ps.setString(2, jobId);
              ps.setInt(3, index);
              ps.setString(4, node);
              ps.setLong(5, pid);
              ps.setLong(6, System.currentTimeMillis());
              ps.setString(7, note);
              ps.executeUpdate();
            }
            Thread.sleep(stepMillis); // the body's work: a kill lands here often
            return run;
          });
    }
  }

  private interface Opener {
    Connection open() throws SQLException;
  }

  private static Connection connect(Opener o) {
    try {
      Connection c = o.open();
      c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void createTables(Supplier<Connection> db, String prefix) throws SQLException {
    try (Connection c = db.get();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "effects (run_id VARCHAR(64) NOT NULL PRIMARY KEY, job_id VARCHAR(64) NOT NULL,"
              + " step INT NOT NULL, node VARCHAR(64) NOT NULL, pid BIGINT NOT NULL,"
              + " at_ms BIGINT NOT NULL, note VARCHAR(64) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "done (job_id VARCHAR(64) NOT NULL, node VARCHAR(64) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "wfcalls (job_id VARCHAR(64) NOT NULL, node_id VARCHAR(64) NOT NULL,"
              + " node VARCHAR(64) NOT NULL, at_ms BIGINT NOT NULL)");
    }
  }

  private static long unfinished(Map<JobState, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> UNFINISHED.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
