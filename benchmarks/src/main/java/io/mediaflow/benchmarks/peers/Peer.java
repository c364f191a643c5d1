package io.mediaflow.benchmarks.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.jdbc.JdbcStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/** One job system under test: how to create its tables, run its workers and submit to it. */
abstract class Peer {

  /** A running set of workers in this JVM. */
  interface Workers extends AutoCloseable {
    @Override
    void close();
  }

  /** Submits jobs from the driver process (no workers in it). */
  interface Submitter extends AutoCloseable {
    /** Submits {@code n} no-op jobs with the peer's batch API; returns once all are committed. */
    void submitBatch(int from, int n) throws Exception;

    /** Submits one job that records its start latency against {@code submittedMicros}. */
    void submitLatency(long submittedMicros) throws Exception;

    @Override
    void close();
  }

  abstract String name();

  /**
   * {@code peers_<name>}, and the {@code peers.schemaSuffix} system property (default none), so two
   * benchmark runs on one database need not share (and drop) each other's schema.
   */
  String schema() {
    return "peers_" + name().replace('-', '_') + SCHEMA_SUFFIX;
  }

  static final String SCHEMA_SUFFIX = System.getProperty("peers.schemaSuffix", "");

  abstract void createTables(DataSource ds) throws Exception;

  abstract Workers startWorkers(DataSource ds, int threads) throws Exception;

  abstract Submitter submitter(DataSource ds) throws Exception;

  /** True when every one of the {@code submitted} jobs has finished. */
  abstract boolean allDone(DataSource ds, long submitted) throws Exception;

  static Peer of(String name) {
    return switch (name) {
      case "mediaflow" -> new Mediaflow();
      case "db-scheduler" -> new DbScheduler();
      case "jobrunr" -> new JobRunrPeer();
      default -> throw new IllegalArgumentException("unknown peer " + name);
    };
  }

  // ---------------------------------------------------------------------------------------------

  /** mediaflow on {@code JdbcStorage} (PostgreSQL dialect), defaults plus the worker count. */
  static final class Mediaflow extends Peer {
    @Override
    String name() {
      return "mediaflow";
    }

    @Override
    void createTables(DataSource ds) {
      JdbcStorage.postgres(ds).close();
    }

    @Override
    Workers startWorkers(DataSource ds, int threads) {
      MediaFlow flow =
          MediaFlow.builder()
              .storage(JdbcStorage.postgres(ds))
              .workers(threads)
              .retryPolicy(RetryPolicy.none())
              .handler("noop", ctx -> Optional.empty())
              .handler(
                  "latency",
                  ctx -> {
                    NoopJobs.latency(Long.parseLong(ctx.job().payload()));
                    return Optional.empty();
                  })
              .build()
              .start();
      return flow::close;
    }

    @Override
    Submitter submitter(DataSource ds) {
      // the driver has no workers: it talks to the storage, as a submit-only node would
      JdbcStorage storage = JdbcStorage.postgres(ds);
      return new Submitter() {
        @Override
        public void submitBatch(int from, int n) {
          List<JobRequest> batch = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            batch.add(JobRequest.of("noop", "").withMaxAttempts(1));
          }
          storage.jobs().submitAll(batch, Instant.now());
        }

        @Override
        public void submitLatency(long submittedMicros) {
          storage
              .jobs()
              .submit(
                  JobRequest.of("latency", Long.toString(submittedMicros)).withMaxAttempts(1),
                  Instant.now());
        }

        @Override
        public void close() {
          storage.close();
        }
      };
    }

    @Override
    boolean allDone(DataSource ds, long submitted) throws Exception {
      // reads the (state, updated_at) index: cheap however many other rows wait
      return Pg.count(
              ds,
              "SELECT count(*) FROM mediaflow_jobs WHERE state IN"
                  + " ('COMPLETED','FAILED','DEAD','CANCELLED') AND type IN ('noop','latency')")
          >= submitted;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** db-scheduler 16, lock-and-fetch polling every 100 ms. */
  static final class DbScheduler extends Peer {
    static final OneTimeTask<Integer> NOOP =
        Tasks.oneTime("noop", Integer.class).execute((inst, ctx) -> NoopJobs.noop(inst.getData()));
    static final OneTimeTask<Long> LATENCY =
        Tasks.oneTime("latency", Long.class)
            .execute((inst, ctx) -> NoopJobs.latency(inst.getData()));

    @Override
    String name() {
      return "db-scheduler";
    }

    @Override
    void createTables(DataSource ds) throws Exception {
      // db-scheduler's postgresql_tables.sql (it does not create its table itself)
      Pg.exec(
          ds,
          "create table scheduled_tasks (task_name text not null, task_instance text not null,"
              + " task_data bytea, execution_time timestamp with time zone not null,"
              + " picked BOOLEAN not null, picked_by text,"
              + " last_success timestamp with time zone, last_failure timestamp with time zone,"
              + " consecutive_failures INT, last_heartbeat timestamp with time zone,"
              + " version BIGINT not null, priority SMALLINT,"
              + " PRIMARY KEY (task_name, task_instance))");
      Pg.exec(ds, "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
      Pg.exec(ds, "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
      Pg.exec(
          ds,
          "CREATE INDEX priority_execution_time_idx on scheduled_tasks"
              + " (priority desc, execution_time asc)");
    }

    @Override
    Workers startWorkers(DataSource ds, int threads) {
      Scheduler s =
          Scheduler.create(ds, NOOP, LATENCY)
              .threads(threads)
              .pollingInterval(Duration.ofMillis(100))
              .pollUsingLockAndFetch(0.5, 1.0)
              .build();
      s.start();
      return s::stop;
    }

    @Override
    Submitter submitter(DataSource ds) {
      SchedulerClient client = SchedulerClient.Builder.create(ds, NOOP, LATENCY).build();
      return new Submitter() {
        @Override
        public void submitBatch(int from, int n) {
          List<TaskInstance<?>> batch = new ArrayList<>(n);
          for (int i = from; i < from + n; i++) {
            batch.add(NOOP.instance(Integer.toString(i), i));
          }
          client.scheduleBatch(batch, Instant.now());
        }

        @Override
        public void submitLatency(long submittedMicros) {
          client.scheduleIfNotExists(
              LATENCY.instance(Long.toString(submittedMicros), submittedMicros), Instant.now());
        }

        @Override
        public void close() {}
      };
    }

    @Override
    boolean allDone(DataSource ds, long submitted) throws Exception {
      // a finished one-time task is deleted
      return Pg.count(ds, "SELECT count(*) FROM scheduled_tasks") == 0;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** JobRunr 8 (open-source edition) on its PostgreSQL storage provider, Jackson mapper. */
  static final class JobRunrPeer extends Peer {
    /** JobRunr refuses a poll interval under 5 s (its default is 15 s). */
    static final Duration POLL = Duration.ofSeconds(5);

    @Override
    String name() {
      return "jobrunr";
    }

    @Override
    void createTables(DataSource ds) {
      new PostgresStorageProvider(ds).close();
    }

    @Override
    Workers startWorkers(DataSource ds, int threads) {
      JobRunr.configure()
          .useStorageProvider(new PostgresStorageProvider(ds))
          .useBackgroundJobServer(
              BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                  .andWorkerCount(threads)
                  .andPollInterval(POLL))
          .initialize();
      return JobRunr::destroy;
    }

    @Override
    Submitter submitter(DataSource ds) {
      JobScheduler scheduler =
          JobRunr.configure()
              .useStorageProvider(new PostgresStorageProvider(ds))
              .initialize()
              .getJobScheduler();
      return new Submitter() {
        @Override
        public void submitBatch(int from, int n) {
          scheduler.enqueue(IntStream.range(from, from + n).boxed(), i -> NoopJobs.noop(i));
        }

        @Override
        public void submitLatency(long submittedMicros) {
          scheduler.enqueue(() -> NoopJobs.latency(submittedMicros));
        }

        @Override
        public void close() {
          JobRunr.destroy();
        }
      };
    }

    @Override
    boolean allDone(DataSource ds, long submitted) throws Exception {
      return Pg.count(ds, "SELECT count(*) FROM jobrunr_jobs WHERE state IN ('SUCCEEDED','FAILED')")
          >= submitted;
    }
  }
}
