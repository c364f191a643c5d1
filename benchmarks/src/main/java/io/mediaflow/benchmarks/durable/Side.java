package io.mediaflow.benchmarks.durable;

/**
 * One durable-execution library under test: its fresh tables, its workers (in a worker JVM), how
 * the driver submits to it and sees what finished. Workflow kinds: {@code ten}, {@code one}, {@code
 * sleeper}, {@code slow} (see {@link DbosFlows}).
 */
abstract class Side {

  /** The workers of one JVM: an engine or a launched DBOS. */
  interface Worker extends AutoCloseable {
    /** Starts {@code n} workflows of {@code kind} in this JVM (DBOS: direct start), no wait. */
    void start(String kind, int n, int arg) throws Exception;

    /** Starts {@code n} and returns when all have finished. */
    void run(String kind, int n, int arg) throws Exception;

    @Override
    void close();
  }

  /** Submits from the driver (no workers in it): a queue on both sides. */
  interface Submitter extends AutoCloseable {
    /** Submits {@code n} workflows of {@code kind}; {@code fast}: DBOS's short-poll queue. */
    void submit(String kind, int n, boolean fast) throws Exception;

    @Override
    void close();
  }

  abstract String name();

  /** Drops and re-creates this side's tables (driver). */
  abstract void fresh() throws Exception;

  /** Starts this JVM's workers under a stable id (mediaflow node id, DBOS executor id). */
  abstract Worker startWorker(String id, int workers) throws Exception;

  abstract Submitter submitter() throws Exception;

  /** How many workflows of {@code kind} finished (driver); throws if any failed. */
  abstract long finished(String kind) throws Exception;

  /**
   * Submit → finish of the {@code one} workflows submitted since {@code sinceMicros}, in ms,
   * sorted: the row's completion timestamp minus its creation timestamp, both written by the
   * library itself.
   */
  abstract double[] oneStepLatencies(long sinceMicros, boolean fast) throws Exception;

  /** {@code SHOW synchronous_commit} on this side's database. */
  abstract String synchronousCommit() throws Exception;

  /** The database, its server version and its commit settings, for the record. */
  String serverInfo() throws Exception {
    return synchronousCommit();
  }

  /** Transactions committed in this side's database so far (all of its JVMs and the driver). */
  abstract long commits() throws Exception;

  /** Closes the driver's pool. */
  abstract void closeDriver();

  static Side of(String name) {
    return switch (name) {
      case "dbos" -> new DbosSide();
      case "mediaflow" -> new MediaflowSide();
      default -> throw new IllegalArgumentException("unknown side " + name);
    };
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
