package io.mediaflow.benchmarks.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.PersistentCronSchedule;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.rule.RuleJson;
import io.mediaflow.jdbc.JdbcStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One scheduler under test in the cron benchmark ({@link CronMain}): it runs in the driver JVM, as
 * a host embeds it, on its own schema, and every schedule's run records its start in {@link
 * CronRuns}.
 */
abstract class CronSide {

  final CronRuns runs = new CronRuns();

  abstract String name();

  String schema() {
    return "cron_" + name().replace('-', '_');
  }

  /** Creates the tables and starts the scheduler with {@code threads} worker threads. */
  abstract void start(DataSource ds, int threads) throws Exception;

  /** Registers one schedule, cron {@code minute hour * * *} in UTC: fires once a day. */
  abstract void register(String id, int minute, int hour) throws Exception;

  /**
   * Registers one schedule for the warm-up: every 10 seconds (cron with a seconds field), in UTC.
   */
  abstract void registerEvery10Seconds(String id) throws Exception;

  /** Every schedule is registered: from now on they must be live. */
  void registered() {}

  /**
   * Brings the planner's statistics up to date (autovacuum is off on the benchmark's server; a
   * production server's autovacuum would have done it): called after registering, before the slot.
   */
  abstract void analyze(DataSource ds) throws Exception;

  /**
   * Once per slot, from the store: a line that says how many runs the store holds per schedule
   * (mediaflow) or how many schedules moved past the slot (db-scheduler).
   */
  abstract String storeCheck(DataSource ds, int schedules, Instant slot) throws Exception;

  abstract void stop();

  static CronSide of(String name) {
    return switch (name) {
      case "mediaflow" -> new Mediaflow();
      case "db-scheduler" -> new DbScheduler();
      default -> throw new IllegalArgumentException("unknown side " + name);
    };
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * mediaflow on {@code JdbcStorage.postgres}: one rule per schedule, default settings (overlap
   * SKIP, maxConcurrent 1, misfire FIRE_ONCE), whose inline action {@code bench.noop} records its
   * start against {@code ${trigger.scheduledTime}}. A rule's run is a {@code workflow} job.
   */
  static final class Mediaflow extends CronSide {
    private Storage storage;
    private MediaFlow flow;

    @Override
    String name() {
      return "mediaflow";
    }

    /** {@code -Dstore=memory}: a check of the harness without the database, not a result. */
    private static final boolean IN_MEMORY = "memory".equals(System.getProperty("store"));

    /**
     * {@code -Dregister=store}: the rules are written to the storage's rule store before the engine
     * starts (as a host restarting with rules registered earlier), and the engine loads them all at
     * start; {@code api} (default): {@code flow.rules().register} one by one on the running engine.
     */
    private static final boolean THROUGH_STORE = "store".equals(System.getProperty("register"));

    private int threads;

    @Override
    void start(DataSource ds, int threads) throws Exception {
      this.threads = threads;
      storage = IN_MEMORY ? new InMemoryStorage() : JdbcStorage.postgres(ds);
      writeHistory(ds);
      if (!THROUGH_STORE) {
        startEngine();
      }
    }

    private void startEngine() {
      flow =
          MediaFlow.builder()
              .storage(storage)
              .workers(threads)
              .retryPolicy(RetryPolicy.none())
              .action(new NoopAction(runs))
              .build()
              .start();
    }

    @Override
    void register(String id, int minute, int hour) {
      register(id, CronTrigger.unix(minute + " " + hour + " * * *"));
    }

    @Override
    void registerEvery10Seconds(String id) {
      register(id, CronTrigger.of("*/10 * * * * ?", CronSyntax.QUARTZ, ZoneOffset.UTC));
    }

    private void register(String id, CronTrigger cron) {
      Rule rule =
          Rule.builder(id)
              .trigger(cron)
              .action(NoopAction.TYPE, Map.of("schedule", id, "slot", "${trigger.scheduledTime}"))
              .build();
      if (THROUGH_STORE) {
        storage.rules().save(id, RuleJson.write(rule), true, 0, Instant.now());
      } else {
        flow.rules().register(rule);
      }
    }

    @Override
    void registered() {
      if (THROUGH_STORE) {
        startEngine();
      }
    }

    /**
     * A host's jobs table has a history: {@code history} (default 10,000) COMPLETED rows of another
     * type, written before the schedules, so that the statistics taken after registering describe a
     * table in use rather than an empty one.
     */
    static void writeHistory(DataSource ds) throws Exception {
      int rows = Integer.getInteger("history", 10_000);
      if (rows <= 0 || IN_MEMORY) {
        return;
      }
      Pg.exec(
          ds,
          "INSERT INTO mediaflow_jobs (id, type, payload, priority, state, attempts,"
              + " max_attempts, created_at, scheduled_at, updated_at, progress_percent,"
              + " progress_step, correlation_id, rule_id, version)"
              + " SELECT 'history-' || g, 'history', '', 0, 'COMPLETED', 1, 1, n, n, n, 100, '',"
              + " 'history-' || g, '', 1"
              + " FROM generate_series(1, "
              + rows
              + ") g, (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS n) t");
    }

    @Override
    void analyze(DataSource ds) throws Exception {
      if (IN_MEMORY) {
        return;
      }
      for (String t :
          new String[] {"jobs", "rules", "schedules", "job_limits", "checkpoints", "job_states"}) {
        Pg.exec(ds, "ANALYZE mediaflow_" + t);
      }
    }

    @Override
    String storeCheck(DataSource ds, int schedules, Instant slot) throws Exception {
      if (IN_MEMORY) {
        return "in memory: no store check";
      }
      long jobs = Pg.count(ds, "SELECT count(*) FROM mediaflow_jobs WHERE rule_id <> ''");
      // every rule run of this benchmark has the slot's idempotency key: one row per (rule, slot)
      long rules =
          Pg.count(ds, "SELECT count(DISTINCT rule_id) FROM mediaflow_jobs WHERE rule_id <> ''");
      long done =
          Pg.count(
              ds,
              "SELECT count(*) FROM mediaflow_jobs WHERE rule_id <> '' AND state = 'COMPLETED'");
      return String.format(
          "jobs table: %d rule runs for %d of %d rules, %d COMPLETED",
          jobs, rules, schedules, done);
    }

    @Override
    void stop() {
      if (flow != null) {
        flow.close();
        flow = null;
      }
      if (storage != null) {
        // the host's storage is the host's to close (its PostgreSQL listener thread with it)
        storage.close();
        storage = null;
      }
    }
  }

  /** {@code bench.noop}: records when it started, against the slot it was given. */
  static final class NoopAction implements Action {
    static final String TYPE = "bench.noop";
    private final CronRuns runs;

    NoopAction(CronRuns runs) {
      this.runs = runs;
    }

    @Override
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder(TYPE)
          .param(ParamSpec.builder("schedule", ParamType.STRING).required().build())
          .param(ParamSpec.builder("slot", ParamType.STRING).required().build())
          .dryRun(DryRun.PLACEHOLDERS)
          .build();
    }

    @Override
    public ActionResult execute(ActionContext ctx, Params params) {
      runs.started(params.getString("schedule"), Instant.parse(params.getString("slot")));
      return ActionResult.empty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * db-scheduler 16 as in the peer benchmark (lock-and-fetch, polling every 100 ms): one recurring
   * task with a persistent schedule, one instance per schedule (its cron in the instance's data),
   * which is how db-scheduler models many schedules added at run time. The handler gets the
   * execution time it was scheduled for: that is the slot.
   */
  static final class DbScheduler extends CronSide {
    private RecurringTaskWithPersistentSchedule<PersistentCronSchedule> task;
    private Scheduler scheduler;

    @Override
    String name() {
      return "db-scheduler";
    }

    @Override
    void start(DataSource ds, int threads) throws Exception {
      new Peer.DbScheduler().createTables(ds);
      task =
          Tasks.recurringWithPersistentSchedule("cron", PersistentCronSchedule.class)
              .execute(
                  (inst, ctx) -> runs.started(inst.getId(), ctx.getExecution().getExecutionTime()));
      scheduler =
          Scheduler.create(ds, task)
              .threads(threads)
              .pollingInterval(Duration.ofMillis(100))
              .pollUsingLockAndFetch(0.5, 1.0)
              .build();
      scheduler.start();
    }

    @Override
    void analyze(DataSource ds) throws Exception {
      Pg.exec(ds, "ANALYZE scheduled_tasks");
    }

    @Override
    void register(String id, int minute, int hour) {
      // db-scheduler's cron has seconds first (Spring style)
      register(id, "0 " + minute + " " + hour + " * * *");
    }

    @Override
    void registerEvery10Seconds(String id) {
      register(id, "*/10 * * * * *");
    }

    private void register(String id, String cron) {
      scheduler.scheduleIfNotExists(
          task.schedulableInstance(id, new PersistentCronSchedule(cron, ZoneOffset.UTC)));
    }

    @Override
    String storeCheck(DataSource ds, int schedules, Instant slot) throws Exception {
      long moved =
          Pg.count(
              ds,
              "SELECT count(*) FROM scheduled_tasks WHERE execution_time > TIMESTAMPTZ '"
                  + slot
                  + "'");
      long rows = Pg.count(ds, "SELECT count(*) FROM scheduled_tasks");
      return String.format(
          "scheduled_tasks: %d of %d instances moved past the slot (%d schedules)",
          moved, rows, schedules);
    }

    @Override
    void stop() {
      if (scheduler != null) {
        scheduler.stop();
        scheduler = null;
      }
    }
  }
}
