package io.mediaflow.api.store;

/**
 * Where jobs and automation state live: one provider that hands out its parts, each a narrow
 * interface with its own guarantees and its own contract suite in the testkit. {@code
 * InMemoryStorage} (core) is the default; {@code JdbcStorage} (jdbc-store) survives restarts and
 * serves a cluster.
 *
 * <ul>
 *   <li>{@link #jobs()}: the job store and the queue ({@link JobStore}), one part because a claim
 *       must be atomic with its state change;
 *   <li>{@link #schedules()}: the next fire time of each trigger ({@link ScheduleStore});
 *   <li>{@link #webhooks()}: webhook registrations ({@link WebhookStore});
 *   <li>{@link #checkpoints()}: the durable history of jobs: step results, saved states and signals
 *       ({@link CheckpointStore});
 *   <li>{@link #workflows()}: workflow definitions and waiting runs ({@link WorkflowStore});
 *   <li>{@link #library()}: tags and collections of media files ({@link LibraryStore}).
 * </ul>
 *
 * <p>Each call returns the same part, which lives as long as the storage: callers may keep it.
 *
 * <p><b>Adding a part</b> (checkpoints, rules, deliveries, …) always takes the same steps: a narrow
 * interface in this package whose javadoc states its guarantees; a method here that hands it out;
 * an in-memory and a JDBC implementation, with a schema migration for every dialect; and a contract
 * suite in the testkit, added to {@code StorageContract} so that every adapter runs it. A part is
 * never a new method on an existing part.
 */
public interface Storage extends AutoCloseable {

  /** The job store and the queue. */
  JobStore jobs();

  /** The schedule state: next fire time per trigger. */
  ScheduleStore schedules();

  /** The webhook registrations. */
  WebhookStore webhooks();

  /**
   * The durable history of jobs. The default, for a storage written before it existed, has none:
   * the durable primitives then fail with {@link UnsupportedOperationException}.
   */
  default CheckpointStore checkpoints() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no checkpoints");
  }

  /**
   * The workflow definitions. The default, for a storage written before it existed, has none:
   * registering a workflow then fails with {@link UnsupportedOperationException}.
   */
  default WorkflowStore workflows() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no workflows");
  }

  /**
   * The media library: tags and collections of files. The default, for a storage written before it
   * existed, has none: the tag and collection actions then fail with {@code
   * ORGANISE_LIBRARY_UNAVAILABLE}, and the file actions move files without tags to carry.
   */
  default LibraryStore library() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no media library");
  }

  /**
   * The rules and their counters. The default, for a storage written before it existed, has none:
   * registering a rule then fails with {@link UnsupportedOperationException}.
   */
  default RuleStore rules() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no rules");
  }

  /**
   * The handled files of watched folders. The default, for a storage written before it existed, has
   * none: a watched-folder rule then fails with {@link UnsupportedOperationException}.
   */
  default FileStateStore files() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no watched-file state");
  }

  /**
   * The API keys of the HTTP host. The default, for a storage written before it existed, has none:
   * creating a key then fails with {@link UnsupportedOperationException}.
   */
  default ApiKeyStore apiKeys() {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no API keys");
  }

  /** Releases connections and threads held by every part; the default does nothing. */
  @Override
  default void close() {}
}
