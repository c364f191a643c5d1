package io.mediaflow.samples.chaos;

import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One engine process of the chaos test ({@link ChaosIT}), started with {@code java -cp}:
 *
 * <pre>
 * ChaosNode pg  &lt;jdbcUrl&gt; &lt;tablePrefix&gt; &lt;nodeId&gt; &lt;workers&gt; &lt;jobMillis&gt;
 * ChaosNode h2  &lt;file&gt;    &lt;tablePrefix&gt; &lt;nodeId&gt; &lt;workers&gt; &lt;jobMillis&gt;
 * </pre>
 *
 * <p>Job type {@code chaos}: appends "jobId nodeId pid start" to the execution log table {@code
 * <prefix>exec} in its own autocommit statement (durable before the body "finishes"), works for
 * about {@code jobMillis}, and returns. Job type {@code chaos-slow}: logs {@code started}, then
 * waits for {@code ctx.isCancelled()} (up to a minute) and logs {@code cancelled-observed}. Every
 * {@code job.completed} event this node publishes is also written to {@code <prefix>done}: a job
 * completed twice would show there twice. In h2 mode the node exits when no job is left unfinished.
 * Lease 3 s, heartbeat 500 ms (the watchdog runs every lease/2).
 */
public final class ChaosNode {

  static final Duration LEASE = Duration.ofSeconds(3);
  static final Duration HEARTBEAT = Duration.ofMillis(500);

  private ChaosNode() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String where = args[1];
    String prefix = args[2];
    String nodeId = args[3];
    int workers = Integer.parseInt(args[4]);
    int jobMillis = Integer.parseInt(args[5]);
    long pid = ProcessHandle.current().pid();

    Supplier<Connection> log;
    JdbcStorage storage;
    SimplePool pool = null;
    if (mode.equals("pg")) {
      pool = new SimplePool(new DriverDataSource(where), workers + 6);
      SimplePool p = pool;
      storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
      log = () -> connect(p::getConnection);
    } else {
      Path file = Path.of(where);
      storage = JdbcStorage.h2(file);
      String url = ChaosDatabases.h2Url(file); // same JVM: shares the embedded database
      log = () -> connect(() -> DriverManager.getConnection(url, "sa", ""));
    }
    createLogTables(log, prefix);

    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .nodeId(nodeId)
            .workers(workers)
            .maxClaimBatch(2)
            .lease(LEASE)
            .heartbeatInterval(HEARTBEAT)
            .pollInterval(Duration.ofMillis(200))
            .handler(
                "chaos",
                ctx -> {
                  exec(log, prefix, ctx, nodeId, pid, "run");
                  int ms = jobMillis / 2 + ThreadLocalRandom.current().nextInt(jobMillis + 1);
                  Thread.sleep(ms);
                  return Optional.empty();
                })
            .handler(
                "chaos-slow",
                ctx -> {
                  exec(log, prefix, ctx, nodeId, pid, "started");
                  long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                  while (!ctx.isCancelled() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(20_000_000L);
                  }
                  if (ctx.isCancelled()) {
                    // the engine interrupts a stopped handler; the pool's wait would refuse to
                    // hand out a connection to an interrupted thread, so clear it to log
                    boolean interrupted = Thread.interrupted();
                    exec(log, prefix, ctx, nodeId, pid, "cancelled-observed");
                    if (interrupted) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return Optional.empty();
                })
            .build();
    flow.events()
        .subscribe(
            "job.completed",
            e -> {
              try (Connection c = log.get();
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
      while (unfinished(log, prefix) > 0) {
        Thread.sleep(200);
      }
      flow.close();
      storage.close();
      System.out.println("DONE " + nodeId);
      System.exit(0);
    }
    Thread.currentThread().join(); // until killed
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

  static void createLogTables(Supplier<Connection> log, String prefix) throws SQLException {
    try (Connection c = log.get();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "exec (job_id VARCHAR(64) NOT NULL, node VARCHAR(64) NOT NULL, pid BIGINT NOT NULL,"
              + " start_ms BIGINT NOT NULL, note VARCHAR(32) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "done (job_id VARCHAR(64) NOT NULL, node VARCHAR(64) NOT NULL)");
    }
  }

  private static void exec(
      Supplier<Connection> log, String prefix, JobContext ctx, String node, long pid, String note)
      throws SQLException {
    try (Connection c = log.get();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + prefix
                    + "exec (job_id, node, pid, start_ms, note) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, ctx.job().id());
      ps.setString(2, node);
      ps.setLong(3, pid);
      ps.setLong(4, System.currentTimeMillis());
      ps.setString(5, note);
      ps.executeUpdate();
    }
  }

  private static int unfinished(Supplier<Connection> log, String prefix) throws SQLException {
    try (Connection c = log.get();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM "
                    + prefix
                    + "jobs WHERE state NOT IN ('COMPLETED', 'CANCELLED')")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
