package io.mediaflow.jdbc;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link Storage} over JDBC: H2 (a file database, the single-node default), PostgreSQL
 * (several JVMs share one database) and MariaDB/MySQL. Jobs, logs, schedule slots, webhooks and
 * workflows survive restarts; a claim is a {@code FOR UPDATE SKIP LOCKED} read, so nodes never wait
 * on each other's claims, and every other change is a compare-and-set statement. It hands out its
 * parts, {@link #jobs()}, {@link #schedules()}, {@link #webhooks()}, {@link #checkpoints()} and
 * {@link #workflows()}, each a class of its own over one transaction helper; what differs between
 * databases lives in their {@code Dialect}.
 *
 * {@snippet :
 * Storage durable = JdbcStorage.h2(Path.of("data/mediaflow"));          // one node
 * Storage shared = JdbcStorage.postgres(dataSource);                    // a cluster
 * Storage custom = JdbcStorage.builder(dataSource)
 *     .tablePrefix("media_")
 *     .schema(SchemaMode.VALIDATE)
 *     .retention(Duration.ofDays(7))
 *     .build();
 * }
 *
 * <p>It behaves exactly as {@code InMemoryStorage} does (the testkit's {@code StorageContract}
 * proves it against all three databases), and in addition:
 *
 * <ul>
 *   <li>Instants are kept as epoch microseconds: anything finer is cut off on the way in, and the
 *       jobs returned carry the stored values.
 *   <li>A failure to reach the database throws {@link StorageException#STORAGE_UNAVAILABLE}
 *       (retryable); the next call tries again on a fresh connection. Any other SQL failure throws
 *       {@link #STORAGE_FAILED} naming the operation and the job.
 *   <li>A claimed job whose row cannot be read (for example a stages column that is not the JSON
 *       this store writes) goes to {@code DEAD} with the error {@link #CORRUPT_ROW} and is not
 *       handed out; the other jobs of the claim are.
 *   <li>The host's {@link DataSource} should pool connections: every call borrows one. {@link
 *       #h2(Path)} brings its own small pool.
 *   <li>Finished jobs stay until {@link #purgeFinishedBefore}, {@link #purgeExpired} or the
 *       engine's retention removes them.
 *   <li>{@link JobStore#takeBackLeases} without a node takes back leases only on an embedded H2
 *       database (a file without {@code AUTO_SERVER}, or memory), which no other process can open
 *       meanwhile; on PostgreSQL, MariaDB or an H2 server it takes back none.
 * </ul>
 */
public final class JdbcStorage implements Storage {

  /** The database schema is missing, older than this library, or newer: it refuses to start. */
  public static final ErrorCode SCHEMA_MISMATCH =
      ErrorCode.of("SCHEMA_MISMATCH", ErrorCode.Category.CONFIGURATION, false);

  /** A job's row could not be read back; the job went to {@code DEAD} when it was claimed. */
  public static final ErrorCode CORRUPT_ROW =
      ErrorCode.of("CORRUPT_ROW", ErrorCode.Category.INTERNAL, false);

  /** The database refused a statement for a reason other than being unreachable. */
  public static final ErrorCode STORAGE_FAILED =
      ErrorCode.of("STORAGE_FAILED", ErrorCode.Category.INTERNAL, false);

  /** The table prefix when none is set: tables are {@code mediaflow_jobs} and so on. */
  public static final String DEFAULT_TABLE_PREFIX = "mediaflow_";

  /** Each job keeps its last this many log lines, as {@code InMemoryStorage} does. */
  public static final int MAX_LOG_LINES = 1000;

  /** How many finished jobs one purge statement deletes. */
  public static final int PURGE_BATCH = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

  private final Dialect dialect;
  private final Tables t;
  private final Optional<Duration> retention;
  private final AutoCloseable owned;
  private final WorkSignals signals;
  private final WorkSignals ruleSignals;
  private final JdbcJobStore jobs;
  private final JdbcScheduleStore schedules;
  private final JdbcWebhookStore webhooks;
  private final JdbcCheckpointStore checkpoints;
  private final JdbcWorkflowStore workflows;
  private final JdbcLibraryStore library;
  private final JdbcRuleStore rules;
  private final JdbcFileStateStore files;
  private final JdbcApiKeyStore apiKeys;

  private JdbcStorage(
      DataSource dataSource,
      Dialect dialect,
      Tables tables,
      Optional<Duration> retention,
      AutoCloseable owned,
      Optional<String> exclusive) {
    this.dialect = dialect;
    this.t = tables;
    this.retention = retention;
    this.owned = owned;
    Transactions db = new Transactions(dataSource, dialect);
    this.signals = new WorkSignals(dataSource, dialect, tables);
    // claims mark jobs with no saved state, so that their first loadState needs no query
    StatelessClaims stateless = new StatelessClaims();
    this.jobs = new JdbcJobStore(db, dialect, tables, retention, signals, exclusive, stateless);
    this.schedules = new JdbcScheduleStore(db, dialect, tables);
    this.webhooks = new JdbcWebhookStore(db, dialect, tables);
    this.checkpoints = new JdbcCheckpointStore(db, dialect, tables, stateless);
    this.workflows = new JdbcWorkflowStore(db, dialect, tables);
    this.library = new JdbcLibraryStore(db, dialect, tables);
    this.ruleSignals = new WorkSignals(dataSource, dialect, WorkSignals.rulesChannel(tables));
    this.rules = new JdbcRuleStore(db, dialect, tables, ruleSignals);
    this.files = new JdbcFileStateStore(db, dialect, tables);
    this.apiKeys = new JdbcApiKeyStore(db, tables);
  }

  // ---- factories ----

  /**
   * The durable single-node store: an H2 file database at {@code file} (H2 adds {@code .mv.db}),
   * created with its tables if missing. A committed change survives the process being killed
   * ({@code WRITE_DELAY=0}: each commit is written to the file before it returns; see {@code
   * docs/storage.md}). Only one process may open the file at a time: a second one gets {@link
   * StorageException#STORAGE_UNAVAILABLE} saying the file is locked by another process. So a lease
   * found in it that none of this process's open stores made is a dead process's: an engine
   * starting on it takes such leases back at once ({@link JobStore#takeBackLeases}) instead of
   * waiting for them to expire.
   */
  public static JdbcStorage h2(Path file) {
    Objects.requireNonNull(file, "file");
    DataSource pool = H2Files.pool(file);
    AutoCloseable dispose = () -> H2Files.dispose(pool);
    try {
      return builder(pool).dialect(Database.H2).closing(dispose, H2Files.url(file)).build();
    } catch (RuntimeException e) {
      closeQuietly(dispose);
      throw e;
    }
  }

  /** A store on PostgreSQL, creating or upgrading its tables ({@link SchemaMode#AUTO}). */
  public static JdbcStorage postgres(DataSource dataSource) {
    return builder(dataSource).dialect(Database.POSTGRESQL).build();
  }

  /** A store on MariaDB 10.6+ or MySQL 8.0+, creating or upgrading its tables. */
  public static JdbcStorage mariadb(DataSource dataSource) {
    return builder(dataSource).dialect(Database.MARIADB).build();
  }

  /** A store on {@code dataSource}, configured step by step; the dialect is detected. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The database this store speaks to. */
  public Database database() {
    return dialect.database();
  }

  /** The prefix of every table name. */
  public String tablePrefix() {
    return t.prefix();
  }

  // ---- parts ----

  /**
   * Jobs and the queue. On PostgreSQL, {@link JobStore#onWorkAvailable} {@code LISTEN}s on the
   * channel {@code <tablePrefix>work} (lower case) over one connection of its own, held until
   * {@link #close()}; elsewhere polling remains.
   */
  @Override
  public JobStore jobs() {
    return jobs;
  }

  @Override
  public ScheduleStore schedules() {
    return schedules;
  }

  @Override
  public WebhookStore webhooks() {
    return webhooks;
  }

  /**
   * The durable history of jobs: checkpoints, named states and signals, deleted with their job. On
   * PostgreSQL a group commit of checkpoints is one statement in auto-commit (one round trip, one
   * durable commit).
   */
  @Override
  public CheckpointStore checkpoints() {
    return checkpoints;
  }

  /**
   * The workflow definitions, the latest revision of each (schema V4), saved by compare-and-set on
   * the revision in one statement; and the correlation index of waiting runs, whose rows are
   * deleted with their job.
   */
  @Override
  public WorkflowStore workflows() {
    return workflows;
  }

  /**
   * The media library (schema V5): tags and collections of files, a row per tag and per membership,
   * keyed by the SHA-256 of the file's path.
   */
  @Override
  public LibraryStore library() {
    return library;
  }

  /**
   * The rules and their counters (schema V6), the latest revision of each, saved by compare-and-set
   * on the revision. Every change moves a change count in its transaction; on PostgreSQL it also
   * notifies the channel {@code <tablePrefix>rules} (lower case), which {@link RuleStore#onChange}
   * listens on over one connection of its own, held until {@link #close()}.
   */
  @Override
  public RuleStore rules() {
    return rules;
  }

  /**
   * The handled files of watched folders (schema V7), one row per watch and path keyed by the
   * path's SHA-256; a claim reads the known versions with {@code SELECT … FOR UPDATE} and inserts
   * or updates the others in one transaction, run again whole when a racing engine inserted one of
   * its files first.
   */
  @Override
  public FileStateStore files() {
    return files;
  }

  /**
   * The API keys of the HTTP host (schema V10), one row per key with its hash uniquely indexed: the
   * look-up on every request is one indexed {@code SELECT}, and a taken id or hash is refused by
   * the database itself, also when engines add at once.
   */
  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  // ---- retention ----

  /**
   * Deletes completed and cancelled jobs last changed before {@code cutoff}, with their logs, in
   * batches of {@value #PURGE_BATCH} (one short transaction each, so a large purge never holds
   * locks for long). Their idempotency keys are freed. Failed and dead jobs are kept.
   *
   * @return how many jobs were removed
   */
  public int purgeFinishedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    int total = 0;
    while (true) {
      int n = jobs.purgeFinishedBefore(cutoff, PURGE_BATCH);
      total += n;
      if (n < PURGE_BATCH) {
        return total;
      }
    }
  }

  /**
   * Applies the configured {@link Builder#retention}: purges finished jobs last changed more than
   * that long before {@code now}, and the outgoing webhook delivery attempts made before then. The
   * engine (or the host) calls it periodically, say hourly; with no retention configured it does
   * nothing.
   *
   * @return how many jobs were removed
   */
  public int purgeExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    if (retention.isEmpty()) {
      return 0;
    }
    Instant cutoff = now.minus(retention.get());
    int jobsPurged = purgeFinishedBefore(cutoff);
    webhooks().purgeAttempts(cutoff);
    return jobsPurged;
  }

  /** The NOTIFY channel that a submit wakes other nodes on. */
  static String workChannel(Tables t) {
    return WorkSignals.channel(t);
  }

  /** Whether the LISTEN connection is up (false when none was asked for); for tests. */
  boolean listeningForWork() {
    return signals.listening();
  }

  /** Whether the LISTEN connection for rule changes is up; for tests. */
  boolean ruleSignalsListening() {
    return ruleSignals.listening();
  }

  /**
   * Stops the LISTEN connection, if any, and closes the connection pool this store opened itself
   * ({@link #h2}); a host's is left open.
   */
  @Override
  public void close() {
    jobs.close();
    signals.close();
    ruleSignals.close();
    if (owned != null) {
      closeQuietly(owned);
    }
  }

  @Override
  public String toString() {
    return "JdbcStorage[" + dialect.database() + ", prefix=" + t.prefix() + "]";
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("mediaflow: closing {} failed", c, e);
    }
  }

  // ---- configuration ----

  /**
   * Configures a {@link JdbcStorage}. Each option may be set once; {@link #build()} connects,
   * detects the database unless {@link #dialect} was set, prepares the schema and logs the result.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Database database;
    private String tablePrefix;
    private SchemaMode schema;
    private Duration retention;
    private AutoCloseable owned;
    private String description;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The database to speak, instead of the one detected from the connection. */
    public Builder dialect(Database value) {
      Objects.requireNonNull(value, "dialect");
      once(database, "dialect");
      database = value;
      return this;
    }

    /**
     * The prefix of every table and index name (default {@value #DEFAULT_TABLE_PREFIX}): a letter,
     * then up to 29 letters, digits or underscores. Lets several stores share one database.
     */
    public Builder tablePrefix(String value) {
      Objects.requireNonNull(value, "tablePrefix");
      once(tablePrefix, "tablePrefix");
      if (!PREFIX.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must be a letter then up to 29 letters, digits or underscores but was '"
                + value
                + "'");
      }
      tablePrefix = value;
      return this;
    }

    /** What to do about the tables on start; default {@link SchemaMode#AUTO}. */
    public Builder schema(SchemaMode value) {
      Objects.requireNonNull(value, "schema");
      once(schema, "schema");
      schema = value;
      return this;
    }

    /**
     * How long completed and cancelled jobs are kept; {@link JdbcStorage#purgeExpired} deletes
     * older ones. Default: kept until purged by hand.
     */
    public Builder retention(Duration value) {
      Objects.requireNonNull(value, "retention");
      once(retention, "retention");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("retention must be positive but was " + value);
      }
      retention = value;
      return this;
    }

    Builder closing(AutoCloseable resource, String url) {
      owned = resource;
      description = Urls.redact(url);
      return this;
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /**
     * Connects, detects the dialect, prepares the schema and returns the store.
     *
     * @throws StorageException {@link StorageException#STORAGE_UNAVAILABLE} naming the URL (never
     *     the password) when the database cannot be reached; {@link #SCHEMA_MISMATCH} when the
     *     schema is missing (VALIDATE) or newer than this library
     */
    public JdbcStorage build() {
      String prefix = tablePrefix == null ? DEFAULT_TABLE_PREFIX : tablePrefix;
      SchemaMode mode = schema == null ? SchemaMode.AUTO : schema;
      Tables tables = new Tables(prefix);
      String where = description != null ? description : Urls.describe(dataSource);
      Dialect dialect;
      Optional<String> exclusive;
      try (Connection c = dataSource.getConnection()) {
        String product = c.getMetaData().getDatabaseProductName();
        String version = c.getMetaData().getDatabaseProductVersion();
        Optional<Database> detected = Dialect.detect(product);
        Database chosen;
        if (database != null) {
          chosen = database;
          LOG.info(
              "mediaflow: JDBC storage on {} {} using the {} dialect (set explicitly)",
              product,
              version,
              chosen);
        } else {
          chosen =
              detected.orElseThrow(
                  () ->
                      new StorageException(
                          STORAGE_FAILED,
                          "cannot tell which SQL dialect "
                              + product
                              + " speaks: JdbcStorage knows H2, PostgreSQL and MariaDB/MySQL",
                          "set one with JdbcStorage.builder(ds).dialect(Database.POSTGRESQL)"));
          LOG.info(
              "mediaflow: JDBC storage on {} {} using the {} dialect (detected)",
              product,
              version,
              chosen);
        }
        dialect = Dialect.of(chosen);
        Schema.prepare(c, mode, dialect, tables);
        exclusive = dialect.exclusiveDatabase(c);
      } catch (SQLException e) {
        Optional<StorageException> locked = H2Locks.locked(e);
        if (locked.isPresent()) {
          throw locked.get();
        }
        if (Transactions.isConnectionProblem(e)) {
          throw new StorageException(
              StorageException.STORAGE_UNAVAILABLE,
              "cannot connect to the database at " + where + ": " + e.getMessage(),
              "check that the database is running and that the URL, port and user are right",
              e);
        }
        throw new StorageException(
            STORAGE_FAILED,
            "cannot prepare the mediaflow schema at " + where + ": " + e.getMessage(),
            "check the user's rights to create tables, or create them by hand (docs/storage.md)",
            e);
      }
      JdbcStorage storage =
          new JdbcStorage(
              dataSource, dialect, tables, Optional.ofNullable(retention), owned, exclusive);
      LOG.info(
          "mediaflow: JdbcStorage ready: database={}, url={}, tablePrefix={}, schema={},"
              + " retention={}, exclusive={}",
          dialect.database(),
          where,
          prefix,
          mode,
          retention == null ? "none" : retention,
          exclusive.isPresent());
      return storage;
    }
  }
}
