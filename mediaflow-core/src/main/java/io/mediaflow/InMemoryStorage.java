package io.mediaflow;

import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import java.time.Instant;

/**
 * The default {@link Storage}: every job, log line, schedule slot, webhook and workflow in this
 * JVM's memory. Fast, thread-safe, and empty again after a restart; use {@code JdbcStorage} when
 * jobs must survive one.
 *
 * {@snippet :
 * InMemoryStorage storage = new InMemoryStorage();
 * JobStore jobs = storage.jobs();
 * Job job = jobs.submit(JobRequest.of("thumbnail", "{}"), clock.instant());
 * List<Job> mine = jobs.claim(
 *     new ClaimRequest("node-1/worker-3", 10, Duration.ofSeconds(30), clock.instant(), Set.of()));
 * jobs.complete(job.id(), mine.get(0).lease().orElseThrow().token(), Optional.empty(), clock.instant());
 * storage.purgeFinishedBefore(clock.instant().minus(Duration.ofDays(1))); // optional retention
 * }
 *
 * <p>Memory stays bounded: of the jobs that finished ({@code COMPLETED} or {@code CANCELLED}) it
 * keeps the last {@value #DEFAULT_FINISHED_JOBS_KEPT} by default ({@link #InMemoryStorage(int)}
 * sets another number), dropping the earliest finished first. A host running a million quick jobs
 * an hour would otherwise hold every one of them until its retention passed, and the garbage
 * collector would copy that growing history over and over. Jobs still to run, running, failed or
 * {@code DEAD} are never dropped.
 *
 * <p>Behaviour beyond the {@link JobStore} contract, all of it shared with the testkit's {@code
 * StorageContract}:
 *
 * <ul>
 *   <li>A job's last error stays on it through later claims (and a requeue) until it completes,
 *       which clears it; progress and stage timings start afresh with each claim.
 *   <li>{@link JobStore#release} and {@link JobStore#yieldUntil} give back the attempt the claim
 *       counted: a drain or a workflow wait is not a failed attempt. A lease that expires, or is
 *       taken back, keeps its attempt counted, so a job that keeps killing its worker still runs
 *       out of attempts.
 *   <li>A lease whose time ran out still holds until {@link JobStore#expireLeases} takes the job
 *       back; a claim never takes back a job by itself. {@link JobStore#takeBackLeases} takes back
 *       a node's leases; without a node it takes none, since every lease here is this process's.
 *   <li>A scheduled job that fell due stays {@code SCHEDULED} until a claim takes it (it then goes
 *       through {@code PENDING} to {@code PROCESSING} in one change).
 *   <li>Heartbeats and progress reports bump the version but leave {@code updatedAt} alone: the
 *       store reads no clock and those calls are given no time.
 *   <li>Every method that names a job throws {@link
 *       io.mediaflow.api.store.StorageException#JOB_NOT_FOUND} for an id the store does not hold
 *       ({@link JobStore#find} returns empty instead).
 *   <li>Each job keeps its last {@value #MAX_LOG_LINES} log lines.
 *   <li>Finished jobs stay queryable until {@link #purgeFinishedBefore} removes them; a finished
 *       child is kept from the finished-jobs limit until its parent is over, so a parent waiting
 *       for its children lists them all.
 *   <li>Durable waits ({@link JobStore#yieldUntil(String, String, io.mediaflow.api.store.Wait,
 *       Instant)}, {@link JobStore#signal}), the finished-children count of each parent and the
 *       wake-ups happen under the job store's lock, in the same change as their cause; after it,
 *       {@link JobStore#onWorkAvailable} listeners are told that a job woke.
 *   <li>{@link #checkpoints()} keeps each job's history, states and signals apart from that lock,
 *       each job under its own monitor; they go when their job goes (delete, purge, or the
 *       finished-jobs limit), and one saved for a job the store no longer holds is dropped.
 *   <li>{@link #workflows()} keeps the latest revision of each workflow under a monitor of its own;
 *       its correlation index of waiting runs goes with their jobs, as the checkpoints do.
 *   <li>{@link #library()} keeps tags and collections of files under a monitor of its own.
 *   <li>{@link JobStore#submitLimited} decides each request, and every change that ends a job of a
 *       limit gives back its place (making the oldest job buffered behind it due), under the job
 *       store's lock in the same change; a buffered job is kept out of the time index, due at
 *       9999-01-01T00:00:00Z. {@code CANCEL_OTHER} leaves a {@code FAILED} job of the key alone (it
 *       cannot be cancelled) and it keeps its place.
 *   <li>{@link #rules()} keeps the latest revision of each rule under a monitor of its own; a
 *       switch to the state a rule is in already changes nothing.
 * </ul>
 *
 * <p>One lock guards the queue. A claim costs O(k log n) for k jobs claimed: ready jobs are kept
 * per type and priority, ordered by due time then id; scheduled jobs and leases each have a time
 * index. {@link JobStore#find} takes no lock. {@link JobStore#query} and {@link
 * #purgeFinishedBefore} scan every job. Each part ({@link #jobs()}, {@link #schedules()}, {@link
 * #webhooks()}, {@link #checkpoints()}, {@link #workflows()}) is a class of its own.
 */
public final class InMemoryStorage implements Storage {

  /** How many log lines each job keeps; older lines are dropped first. */
  public static final int MAX_LOG_LINES = 1000;

  /** How many finished jobs {@link #InMemoryStorage()} keeps. */
  public static final int DEFAULT_FINISHED_JOBS_KEPT = 10_000;

  private final InMemoryJobStore jobs;
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
  private final InMemoryWorkflowStore workflows;
  private final InMemoryLibraryStore library = new InMemoryLibraryStore();
  private final InMemoryRuleStore rules = new InMemoryRuleStore();
  private final InMemoryFileStateStore files = new InMemoryFileStateStore();
  private final InMemoryApiKeyStore apiKeys = new InMemoryApiKeyStore();

  /** An empty store. */
  public InMemoryStorage() {
    this(DEFAULT_FINISHED_JOBS_KEPT);
  }

  /**
   * A store that keeps at most {@code finishedJobsKept} finished jobs ({@code COMPLETED} or {@code
   * CANCELLED}), dropping the earliest finished first; {@link Integer#MAX_VALUE} keeps them all
   * until {@link #purgeFinishedBefore} removes them.
   *
   * @throws IllegalArgumentException if {@code finishedJobsKept} is below 1
   */
  public InMemoryStorage(int finishedJobsKept) {
    if (finishedJobsKept < 1) {
      throw new IllegalArgumentException(
          "finishedJobsKept must be at least 1 but was " + finishedJobsKept);
    }
    jobs = new InMemoryJobStore(finishedJobsKept);
    workflows = new InMemoryWorkflowStore(jobs.waiters);
  }

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

  /** The checkpoints, saved states and signals of durable jobs, dropped with their job. */
  @Override
  public CheckpointStore checkpoints() {
    return jobs.checkpoints;
  }

  /**
   * The workflow definitions (the latest revision of each) and the correlation index of waiting
   * runs, whose entries go with their job.
   */
  @Override
  public WorkflowStore workflows() {
    return workflows;
  }

  /** The media library: tags and collections of files, under a monitor of its own. */
  @Override
  public LibraryStore library() {
    return library;
  }

  /**
   * The rules (the latest revision of each) and their counters, under a monitor of their own;
   * engines in this JVM see a change at their next look at the change count.
   */
  @Override
  public RuleStore rules() {
    return rules;
  }

  /**
   * The handled files of watched folders, per watch a map sorted by path under a monitor of its
   * own: a claim is atomic among the engines of this JVM.
   */
  @Override
  public FileStateStore files() {
    return files;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  /**
   * Forgets completed and cancelled jobs last changed before {@code cutoff}, with their logs and
   * idempotency keys (a later submit with such a key creates a new job). Failed and dead jobs are
   * kept for inspection. Scans every job.
   *
   * @return how many jobs were removed
   */
  public int purgeFinishedBefore(Instant cutoff) {
    return jobs.purgeFinishedBefore(cutoff, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("InMemoryStorage[jobs=");
    jobs.describe(out);
    out.append(", schedules=").append(schedules.size());
    out.append(", webhooks=").append(webhooks.size());
    out.append(", checkpointed=").append(jobs.checkpoints.size());
    out.append(", workflows=").append(workflows.size());
    out.append(", waiters=").append(jobs.waiters.size());
    out.append(", library=").append(library.size());
    out.append(", rules=").append(rules.size());
    out.append(", files=").append(files.size());
    return out.append(']').toString();
  }
}
