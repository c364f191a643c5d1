package io.mediaflow.benchmarks.durable;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.DBOSClient;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.migrations.MigrationManager;
import dev.dbos.transact.workflow.Queue;
import dev.dbos.transact.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DBOS Transact for Java on its own database ({@link Db#DBOS_DB}, schema {@code dbos}), its
 * defaults otherwise: its own HikariCP pool (10 connections), LISTEN/NOTIFY on, no concurrency
 * limit on the queues, a fixed application version so that the driver's client and the workers
 * agree. Two queues: {@code bench} with DBOS's default polling interval (1 s) and {@code
 * bench_fast} polling every {@code dbosFastPollMs} (default 50 ms).
 */
final class DbosSide extends Side {

  static final String APP_VERSION = "bench";
  static final String QUEUE = "bench";
  static final String FAST_QUEUE = "bench_fast";
  static final long FAST_POLL_MS = Long.getLong("dbosFastPollMs", 50);

  /** Driver threads enqueueing through {@link DBOSClient} (it has no batch enqueue). */
  static final int SUBMIT_THREADS = Integer.getInteger("dbosSubmitThreads", 8);

  private HikariDataSource driverPool;

  @Override
  String name() {
    return "dbos";
  }

  private HikariDataSource driverPool() {
    if (driverPool == null) {
      driverPool = Db.pool(Db.DBOS_URL, null, 2);
    }
    return driverPool;
  }

  @Override
  void fresh() throws Exception {
    Db.ensureDatabase(Db.DBOS_DB);
    Db.exec(driverPool(), "DROP SCHEMA IF EXISTS dbos CASCADE");
    // migrate once here, not in two worker JVMs at once
    MigrationManager.runMigrations(Db.DBOS_URL, Db.USER, Db.PASSWORD, "dbos", true);
  }

  static DBOSConfig config(String executorId) {
    return DBOSConfig.defaults("mediaflow-bench")
        .withDatabaseUrl(Db.DBOS_URL)
        .withDbUser(Db.USER)
        .withDbPassword(Db.PASSWORD)
        .withExecutorId(executorId)
        .withAppVersion(APP_VERSION);
  }

  @Override
  Worker startWorker(String id, int workers) {
    DBOS dbos = new DBOS(config(id));
    dbos.registerQueues(
        new Queue(QUEUE),
        new Queue(FAST_QUEUE).withPollingInterval(Duration.ofMillis(FAST_POLL_MS)));
    DbosFlows flows = dbos.registerProxy(DbosFlows.class, new DbosFlowsImpl(dbos));
    dbos.launch();
    return new Worker() {
      @Override
      public void start(String kind, int n, int arg) {
        startAll(kind, n, arg);
      }

      private List<WorkflowHandle<Integer, RuntimeException>> startAll(
          String kind, int n, int arg) {
        List<WorkflowHandle<Integer, RuntimeException>> handles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          int v = i;
          handles.add(dbos.startWorkflow(() -> call(flows, kind, v, arg)));
        }
        return handles;
      }

      @Override
      public void run(String kind, int n, int arg) {
        for (WorkflowHandle<Integer, RuntimeException> h : startAll(kind, n, arg)) {
          h.getResult();
        }
      }

      @Override
      public void close() {
        dbos.close();
      }
    };
  }

  static int call(DbosFlows flows, String kind, int i, int arg) {
    return switch (kind) {
      case "ten" -> flows.ten(i);
      case "one" -> flows.one(i);
      case "sleeper" -> flows.sleeper(i);
      case "slow" -> flows.slow(arg);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @Override
  Submitter submitter() {
    DBOSClient client = new DBOSClient(Db.DBOS_URL, Db.USER, Db.PASSWORD);
    ExecutorService pool = Executors.newFixedThreadPool(SUBMIT_THREADS);
    return new Submitter() {
      @Override
      public void submit(String kind, int n, boolean fast) throws Exception {
        DBOSClient.EnqueueOptions opts =
            new DBOSClient.EnqueueOptions(
                    kind, DbosFlowsImpl.class.getName(), fast ? FAST_QUEUE : QUEUE)
                .withAppVersion(APP_VERSION);
        if (n == 1) {
          client.enqueueWorkflow(opts, new Object[] {0});
          return;
        }
        List<Future<?>> fs = new ArrayList<>();
        int per = (n + SUBMIT_THREADS - 1) / SUBMIT_THREADS;
        for (int t = 0; t < SUBMIT_THREADS; t++) {
          int from = t * per;
          int to = Math.min(n, from + per);
          fs.add(
              pool.submit(
                  () -> {
                    for (int i = from; i < to; i++) {
                      client.enqueueWorkflow(opts, new Object[] {i});
                    }
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      }

      @Override
      public void close() {
        pool.shutdownNow();
        client.close();
      }
    };
  }

  @Override
  long finished(String kind) throws Exception {
    long failed =
        Db.count(
            driverPool(),
            "SELECT count(*) FROM dbos.workflow_status WHERE name = '"
                + kind
                + "' AND status IN ('ERROR','MAX_RECOVERY_ATTEMPTS_EXCEEDED','CANCELLED')");
    if (failed > 0) {
      throw new IllegalStateException("dbos: " + failed + " " + kind + " workflows failed");
    }
    return Db.count(
        driverPool(),
        "SELECT count(*) FROM dbos.workflow_status WHERE name = '"
            + kind
            + "' AND status = 'SUCCESS'");
  }

  @Override
  double[] oneStepLatencies(long sinceMicros, boolean fast) throws Exception {
    return Db.doubles(
        driverPool(),
        "SELECT (updated_at - created_at)::float8 FROM dbos.workflow_status WHERE name = 'one'"
            + " AND status = 'SUCCESS' AND queue_name = '"
            + (fast ? FAST_QUEUE : QUEUE)
            + "' AND created_at >= "
            + sinceMicros / 1000);
  }

  @Override
  String synchronousCommit() throws Exception {
    return Db.text(driverPool(), "SHOW synchronous_commit");
  }

  @Override
  String serverInfo() throws Exception {
    return Db.text(
        driverPool(),
        "SELECT current_database() || ' (schema dbos), PostgreSQL '"
            + " || current_setting('server_version') || ', synchronous_commit='"
            + " || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')"
            + " || ', wal_sync_method=' || current_setting('wal_sync_method')"
            + " || ', commit_delay=' || current_setting('commit_delay')");
  }

  @Override
  long commits() throws Exception {
    return Db.commits(driverPool());
  }

  @Override
  void closeDriver() {
    if (driverPool != null) {
      driverPool.close();
      driverPool = null;
    }
  }
}
