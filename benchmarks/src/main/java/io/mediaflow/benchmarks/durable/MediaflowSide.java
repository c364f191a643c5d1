package io.mediaflow.benchmarks.durable;

import com.zaxxer.hikari.HikariDataSource;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.jdbc.JdbcStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * mediaflow on {@code JdbcStorage.postgres} in schema {@code durable_mediaflow} of its own database
 * ({@link Db#MEDIAFLOW_DB}), a pool of {@link #POOL} connections per JVM (DBOS's default pool
 * size), {@code workers} worker threads, the engine's defaults otherwise. Handlers use {@code
 * ctx.step} and {@code ctx.sleep} as a host would.
 */
final class MediaflowSide extends Side {

  static final String SCHEMA = "durable_mediaflow";
  static final int POOL = Integer.getInteger("mediaflowPool", 10);
  static final int BATCH = 1000;

  private HikariDataSource driverPool;

  @Override
  String name() {
    return "mediaflow";
  }

  private HikariDataSource driverPool() {
    if (driverPool == null) {
      driverPool = Db.pool(Db.MEDIAFLOW_URL, SCHEMA, 4);
    }
    return driverPool;
  }

  @Override
  void fresh() throws Exception {
    closeDriver();
    Db.ensureDatabase(Db.MEDIAFLOW_DB);
    try (HikariDataSource ds = Db.pool(Db.MEDIAFLOW_URL, null, 1)) {
      Db.exec(ds, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      Db.exec(ds, "CREATE SCHEMA " + SCHEMA);
    }
    JdbcStorage.postgres(driverPool()).close(); // creates the tables once, before any worker
  }

  static Optional<String> ten(JobContext ctx) throws Exception {
    for (int k = 0; k < 10; k++) {
      int v = k;
      ctx.step("s" + k, Integer.class, () -> v);
    }
    return Optional.empty();
  }

  static Optional<String> one(JobContext ctx) throws Exception {
    ctx.step("s", Integer.class, () -> 1);
    return Optional.empty();
  }

  static Optional<String> sleeper(JobContext ctx) throws Exception {
    long t0 = ctx.step("t0", Long.class, Lateness::nowMicros);
    ctx.sleep(Duration.ofMillis(Lateness.SLEEP_MILLIS));
    Lateness.woke(t0);
    return Optional.empty();
  }

  static Optional<String> slow(JobContext ctx) throws Exception {
    int stepMs = Integer.parseInt(ctx.job().payload());
    for (int k = 0; k < 10; k++) {
      int v = k;
      ctx.step(
          "s" + k,
          Integer.class,
          () -> {
            Side.pause(stepMs);
            return v;
          });
    }
    return Optional.empty();
  }

  @Override
  Worker startWorker(String id, int workers) {
    HikariDataSource ds = Db.pool(Db.MEDIAFLOW_URL, SCHEMA, POOL);
    JdbcStorage storage = JdbcStorage.postgres(ds);
    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .workers(workers)
            .nodeId(id)
            .retryPolicy(RetryPolicy.none())
            .handler("ten", MediaflowSide::ten)
            .handler("one", MediaflowSide::one)
            .handler("sleeper", MediaflowSide::sleeper)
            .handler("slow", MediaflowSide::slow)
            .build()
            .start();
    AtomicLong completed = new AtomicLong();
    flow.events().subscribe("job.completed", e -> completed.incrementAndGet());
    return new Worker() {
      @Override
      public void start(String kind, int n, int arg) {
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          batch.add(JobRequest.of(kind, Integer.toString(arg)).withMaxAttempts(1));
          if (batch.size() == BATCH || i == n - 1) {
            flow.submitAll(batch);
            batch = new ArrayList<>();
          }
        }
      }

      @Override
      public void run(String kind, int n, int arg) {
        long target = completed.get() + n;
        start(kind, n, arg);
        while (completed.get() < target) {
          LockSupport.parkNanos(100_000);
        }
      }

      @Override
      public void close() {
        flow.close();
        storage.close();
        ds.close();
      }
    };
  }

  @Override
  Submitter submitter() {
    // the driver has no workers: it talks to the storage, as a submit-only node would
    JdbcStorage storage = JdbcStorage.postgres(driverPool());
    return new Submitter() {
      @Override
      public void submit(String kind, int n, boolean fast) {
        List<JobRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          batch.add(JobRequest.of(kind, "0").withMaxAttempts(1));
          if (batch.size() == BATCH || i == n - 1) {
            if (n == 1) {
              storage.jobs().submit(batch.get(0), Instant.now());
            } else {
              storage.jobs().submitAll(batch, Instant.now());
            }
            batch = new ArrayList<>();
          }
        }
      }

      @Override
      public void close() {
        storage.close();
      }
    };
  }

  @Override
  long finished(String kind) throws Exception {
    long failed =
        Db.count(
            driverPool(),
            "SELECT count(*) FROM mediaflow_jobs WHERE type = '"
                + kind
                + "' AND state IN ('FAILED','DEAD','CANCELLED')");
    if (failed > 0) {
      throw new IllegalStateException("mediaflow: " + failed + " " + kind + " jobs failed");
    }
    return Db.count(
        driverPool(),
        "SELECT count(*) FROM mediaflow_jobs WHERE type = '" + kind + "' AND state = 'COMPLETED'");
  }

  @Override
  double[] oneStepLatencies(long sinceMicros, boolean fast) throws Exception {
    return Db.doubles(
        driverPool(),
        "SELECT (updated_at - created_at) / 1000.0 FROM mediaflow_jobs WHERE type = 'one'"
            + " AND state = 'COMPLETED' AND created_at >= "
            + sinceMicros);
  }

  @Override
  String synchronousCommit() throws Exception {
    return Db.text(driverPool(), "SHOW synchronous_commit");
  }

  @Override
  String serverInfo() throws Exception {
    return Db.text(
        driverPool(),
        "SELECT current_database() || ' (' || current_schema() || '), PostgreSQL '"
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
