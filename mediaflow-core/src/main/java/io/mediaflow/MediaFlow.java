package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.condition.ConditionType;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.engine.CircuitBreakers;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.engine.EngineConfig;
import io.mediaflow.internal.engine.MediaJobHandler;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.observe.HealthChecker;
import io.mediaflow.internal.webhook.outbound.OutboundWebhooks;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine a host embeds: a durable job queue, workers, retries, media jobs, events, metrics and
 * health.
 *
 * {@snippet :
 * try (MediaFlow flow = MediaFlow.builder().workers(4).build().start()) {
 *   JobHandle job = flow.submit(JobSpecJson.read(Path.of("clip.json")));
 *   job.onProgress(p -> System.out.printf("%.0f%% %s%n", p.percent(), p.step()));
 *   JobResult result = job.await(Duration.ofMinutes(10));
 *   System.out.println(result.state() + " " + result.outputs());
 * }
 * }
 *
 * <p>Besides the built-in {@code media} type a host registers its own job types with {@link
 * Builder#handler}. The names {@code workflow}, {@code webhook.delivery} and {@code action} are
 * reserved for mediaflow.
 */
public final class MediaFlow implements AutoCloseable {

  /** How long a claim holds without a heartbeat. */
  public static final Duration DEFAULT_LEASE = EngineConfig.DEFAULT_LEASE;

  /** How long an idle worker waits before it looks again (a submit wakes it at once). */
  public static final Duration DEFAULT_POLL_INTERVAL = EngineConfig.DEFAULT_POLL_INTERVAL;

  /** How long {@link #close()} waits for running jobs before returning them to the queue. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = EngineConfig.DEFAULT_DRAIN_TIMEOUT;

  /** How long a media job may run by default. */
  public static final Duration DEFAULT_MEDIA_TIMEOUT = Duration.ofHours(4);

  /** How long a handler may ignore its timeout before its worker is replaced; see the builder. */
  public static final Duration DEFAULT_TIMEOUT_GRACE = EngineConfig.DEFAULT_TIMEOUT_GRACE;

  /** Most jobs one worker claims at once. */
  public static final int DEFAULT_MAX_CLAIM_BATCH = EngineConfig.DEFAULT_MAX_CLAIM_BATCH;

  public static final int MAX_WORKERS = EngineConfig.MAX_WORKERS;

  /** The largest step result (a saved state, a signal payload) kept by default: 1 MiB of JSON. */
  public static final long DEFAULT_MAX_STEP_RESULT_BYTES =
      EngineConfig.DEFAULT_MAX_STEP_RESULT_BYTES;

  /**
   * How long completed and cancelled jobs are kept before the engine purges them, unless the
   * builder or the store ({@code JdbcStorage.builder().retention(d)}) says otherwise.
   */
  public static final Duration DEFAULT_RETENTION = EngineConfig.DEFAULT_RETENTION;

  /** How long a worker above the minimum may idle before it ends. */
  public static final Duration DEFAULT_WORKER_KEEP_ALIVE = EngineConfig.DEFAULT_WORKER_KEEP_ALIVE;

  /** Job types mediaflow keeps for itself. */
  public static final Set<String> RESERVED_TYPES =
      Set.of(MediaJobHandler.TYPE, "workflow", "webhook.delivery", "action");

  private static final Logger LOG = LoggerFactory.getLogger(MediaFlow.class);

  private final Engine engine;
  private final Planner planner;
  private final boolean ownsBus;
  private final HealthChecker health;
  private final MediaJobHandler mediaJobs;
  private final ActionRegistry actions;
  private final Workspace workspace;
  private final PathResolver paths;
  private final AtomicBoolean swept = new AtomicBoolean();
  private final Workflows workflows;
  private final MediaLibrary library;
  private final ConditionTypes conditionTypes;
  private final Conditions conditions;
  private final RuleWiring ruleWiring;
  private final Rules rules;
  private final Webhooks webhooks;
  private final ShippedTemplates templates;
  private final ApiKeys apiKeys;

  private MediaFlow(
      Engine engine,
      Planner planner,
      Supplier<Optional<MediaBackend>> backend,
      boolean ownsBus,
      MediaOptions.Wired wired,
      ConditionTypes conditionTypes,
      Conditions conditions,
      RuleWiring rules,
      Collection<InboundSource> inbound,
      OutboundWebhooks outbound) {
    this.engine = engine;
    this.conditionTypes = conditionTypes;
    this.conditions = conditions;
    this.ruleWiring = rules;
    this.rules =
        new Rules(
            engine.config().storage(),
            rules.engine,
            rules.json,
            engine.config().clock(),
            rules.loop);
    this.mediaJobs = wired.handler();
    this.actions = wired.actions();
    this.workspace = wired.workspace();
    this.paths = wired.paths();
    this.planner = planner;
    this.ownsBus = ownsBus;
    this.workflows = new Workflows(engine, this::validateWorkflow, this.rules);
    this.webhooks =
        new Webhooks(
            engine.config().clock(),
            rules::publish,
            inbound,
            outbound,
            id -> new JobHandle(id, engine, JobHandle.POLL_INTERVAL));
    this.templates = new ShippedTemplates(workflows, this.rules, this::validateWorkflow);
    EngineConfig c = engine.config();
    this.apiKeys = new ApiKeys(() -> c.storage().apiKeys(), c.clock());
    this.library = MediaLibrary.of(wired.actionServices(), c.storage(), workspace, c.clock());
    this.health =
        HealthChecker.builder(c.clock())
            .storage(c.storage().jobs()::countByState)
            .mediaBackend(() -> backend.get().isPresent())
            .backlog(engine::queueDepth)
            .oldestDueJob(() -> c.storage().jobs().oldestDue(c.clock().instant()))
            .workers(engine::workerCount, c.callingThread() ? 0 : c.minWorkers())
            .stuckWorkers(engine::stuckWorkers)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the workers (no-op in calling-thread mode); returns this. First, once, it cleans up
   * after a mediaflow process that is gone on this host ({@code kill -9}, a crash): the FFmpeg
   * processes it left running are stopped (SIGTERM, then SIGKILL after 5 s), and its temp files and
   * download folders removed; see {@link LocalRun#stopAbandonedProcesses()}.
   */
  public MediaFlow start() {
    if (swept.compareAndSet(false, true)) {
      mediaJobs.sweepLeftovers();
    }
    engine.start();
    EngineConfig c = engine.config();
    ruleWiring.start(c.storage(), c.nodeId(), c.callingThread());
    return this;
  }

  // ---------------------------------------------------------------- submit

  /**
   * Validates a media job, destinations it may not replace included, and queues it.
   *
   * @throws ValidationException listing every problem; nothing is queued then. A spec larger than
   *     the {@linkplain Builder#jobLimits job limits} is refused with {@code JOB_TOO_LARGE} alone.
   */
  public JobHandle submit(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    ValidationException.throwIfAny(planner.validateForSubmit(spec));
    RetryPolicy policy = engine.config().retryPolicy(MediaJobHandler.TYPE);
    return handle(
        engine.submit(
            JobRequest.of(MediaJobHandler.TYPE, JobSpecJson.write(spec))
                .withMaxAttempts(policy.maxAttempts())));
  }

  /**
   * The dry run of a media job: everything a run does before running (the spec checked, URL inputs
   * fetched and removed again, inputs probed, the plan made and verified against the media
   * backend), then the plan as {@link PlanRenderer#json(io.mediaflow.api.plan.ProcessingPlan,
   * MediaBackend) JSON}. Nothing is queued, encoded or written; {@code mediaflow plan} and {@code
   * POST /v1/plan} show the same.
   *
   * @throws ValidationException listing every problem of the spec or its plan
   * @throws MediaFlowException for an input that cannot be fetched or probed
   */
  public String plan(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    try {
      return mediaJobs.dryRun(spec, PlanRenderer::json);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "the dry run failed: " + e, "see the cause", false, e);
    }
  }

  /** Queues a job of a host type, with the attempts of the type's retry policy. */
  public JobHandle submit(String type, String payload) {
    RetryPolicy policy = engine.config().retryPolicy(type);
    return submit(JobRequest.of(type, payload).withMaxAttempts(policy.maxAttempts()));
  }

  /** Queues a job as asked: priority, delay, attempts and idempotency key are the request's. */
  public JobHandle submit(JobRequest request) {
    Objects.requireNonNull(request, "request");
    return handle(engine.submit(request));
  }

  /** Queues many jobs in one store operation. */
  public List<JobHandle> submitAll(List<JobRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    List<Job> jobs = engine.submitAll(requests);
    List<JobHandle> handles = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      handles.add(handle(j));
    }
    return handles;
  }

  private JobHandle handle(Job job) {
    return new JobHandle(job.id(), engine, JobHandle.POLL_INTERVAL);
  }

  /** A handle on a job whose {@link JobHandle#await} re-reads the store this often (tests). */
  JobHandle handle(String id, Duration pollInterval) {
    return new JobHandle(id, engine, pollInterval);
  }

  // ---------------------------------------------------------------- look up and control

  public Optional<JobHandle> job(String id) {
    Objects.requireNonNull(id, "id");
    return engine.config().storage().jobs().find(id).map(this::handle);
  }

  /** Job history with filters, newest first. */
  public Page<Job> jobs(JobQuery query) {
    return engine.config().storage().jobs().query(Objects.requireNonNull(query, "query"));
  }

  /** Dead jobs (out of attempts, or not retryable), newest first, up to one page of 1000. */
  public List<Job> dead() {
    return jobs(JobQuery.all()
            .withStates(Set.of(JobState.DEAD))
            .withPage(0, JobQuery.MAX_PAGE_SIZE))
        .items();
  }

  /** Puts a dead job back in the queue with its attempts reset. */
  public JobHandle requeue(String id) {
    return handle(engine.requeue(id));
  }

  /**
   * Sends the signal {@code name} with {@code payload} to a job, durably: the job's {@code
   * ctx.awaitSignal(name, timeout)} takes it, and a job waiting for it is woken at once (in the
   * same store transaction). A signal sent before the job waits is kept until a wait takes it; each
   * is taken once, oldest first.
   *
   * {@snippet :
   * flow.signal(jobId, "approval", "{\"approvedBy\":\"ana\"}");
   * }
   *
   * @param payload the text the wait returns (JSON by convention; may be empty), at most the
   *     {@linkplain Builder#maxStepResultBytes step result limit}
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the job id or the name is blank
   * @throws io.mediaflow.api.store.StorageException {@code JOB_NOT_FOUND} for an unknown job;
   *     {@code JOB_FINISHED} for a completed, cancelled or dead one (nothing is stored)
   * @throws io.mediaflow.api.MediaFlowException {@code STEP_RESULT_TOO_LARGE} for a payload over
   *     the limit
   */
  public void signal(String jobId, String name, String payload) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException(
          "a signal needs the id of the job it goes to, not a blank");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "a signal to job " + jobId + " needs a name, as its ctx.awaitSignal(name, …) asks for");
    }
    engine.signal(jobId, name, payload);
  }

  /**
   * Cancels a job; false when it had already finished. Its unfinished children (jobs it started
   * with {@code ctx.startChild}, and theirs) are cancelled with it.
   */
  public boolean cancel(String id) {
    return engine.cancel(id);
  }

  /**
   * Deletes a job that is over, completed, cancelled or dead, with its logs and history; its
   * idempotency key is free again. Use it for a dead job nobody will re-queue, or a finished one
   * before its {@linkplain Builder#retention retention} is up.
   *
   * @return true when the job was deleted; false when no job has this id (never submitted, or
   *     deleted or purged already), so deleting twice is harmless
   * @throws io.mediaflow.api.store.StorageException with code {@code JOB_ACTIVE} for a job that is
   *     pending, scheduled, running or failed, suggesting to cancel it first
   */
  public boolean delete(String id) {
    return engine.delete(id);
  }

  // ---------------------------------------------------------------- deterministic mode

  /**
   * Claims and runs every due job on the calling thread until none is due; returns how many ran.
   * Meant for {@link Builder#runOnCallingThread()}, where no worker threads exist.
   */
  public int runDueJobs() {
    return engine.runDueJobs();
  }

  /**
   * Returns jobs with expired leases to the queue and stops timed-out ones, recording as timed out
   * those that ignored the stop for the {@linkplain Builder#timeoutGrace timeout grace} (their
   * workers are replaced); purges finished jobs past the {@linkplain Builder#retention retention}
   * and dead ones past the {@linkplain Builder#deadJobRetention dead-job retention} when a purge is
   * due (at most every 10 minutes on the engine's clock); fits the worker pool to the ready queue.
   * The engine runs it every half lease by itself unless it runs on the calling thread.
   *
   * @return how many jobs were returned to the queue
   */
  public int runWatchdog() {
    return engine.runWatchdog();
  }

  Engine engine() {
    return engine;
  }

  /**
   * Workflows: register, update, list and remove definitions; start a run or a test run (of a
   * registered id or of a definition); a run's or a workflow's runs' per-node status; cancel a run.
   */
  public Workflows workflows() {
    return workflows;
  }

  /**
   * Rules: a schedule, an event or a watched folder, an optional condition and what to run, fired
   * by the engine on its own, once per slot, event or file across restarts and a cluster; see
   * {@link Rules}.
   *
   * @throws UnsupportedOperationException on use, when the storage keeps no rules
   */
  public Rules rules() {
    return rules;
  }

  /**
   * Webhooks: received from senders such as Radarr and Sonarr, and outgoing registrations with
   * their durable, signed deliveries; see {@link Webhooks}.
   */
  public Webhooks webhooks() {
    return webhooks;
  }

  /**
   * The API keys of the HTTP host: make one (shown once), list, revoke; see {@link ApiKeys}.
   *
   * @throws UnsupportedOperationException on use, when the storage keeps no API keys
   */
  public ApiKeys apiKeys() {
    return apiKeys;
  }

  /** The shipped templates: ready-made rules with their workflows; see {@link ShippedTemplates}. */
  public ShippedTemplates templates() {
    return templates;
  }

  /**
   * The media library: tags and collections of files, which the organise actions keep ({@code
   * docs/actions.md}, "Organise"), to query and edit.
   */
  public MediaLibrary library() {
    return library;
  }

  // ---------------------------------------------------------------- observe

  /**
   * Storage reachable, media backend found, backlog and the age of the oldest due job within
   * bounds, workers alive: healthy, degraded or unhealthy, with the reason of each check.
   */
  public Health health() {
    return health.check();
  }

  /** Status and history as JSON documents, the form {@code docs/status.md} describes. */
  public Status status() {
    return new Status(engine.config().storage().jobs(), engine.config().clock(), workflows);
  }

  public Metrics metrics() {
    return engine.config().metrics();
  }

  /** The event bus: subscribe to {@code job.*} for lifecycle events. */
  public EventBus events() {
    return engine.config().events();
  }

  /** The store this engine uses. */
  public Storage storage() {
    return engine.config().storage();
  }

  /** The operators media jobs may use: found through ServiceLoader, or given to the builder. */
  public OperatorRegistry operators() {
    return planner.operators();
  }

  /** The actions workflow nodes may call: found through ServiceLoader, or registered. */
  public ActionRegistry actions() {
    return actions;
  }

  /**
   * Every problem of a workflow document, as {@link WorkflowJson#validate(String, ActionRegistry,
   * Workspace)} with this engine's actions and workspace: empty when it may be registered.
   */
  public List<Violation> validateWorkflow(String json) {
    return WorkflowJson.validate(json, actions, paths, conditionTypes);
  }

  /**
   * The condition language outside workflows (the filters of rules): compile a condition once, test
   * it on many data maps; see {@code docs/conditions.md}.
   */
  public Conditions conditions() {
    return conditions;
  }

  /**
   * Graceful drain: no more claims, running jobs get up to the drain timeout to finish, the rest go
   * back to the queue (none is lost) and their download folders are removed; then the event bus
   * closes if the engine created it.
   */
  @Override
  public void close() {
    ruleWiring.stop();
    engine.close();
    mediaJobs.close();
    if (ownsBus) {
      engine.config().events().close();
    }
  }

  // ---------------------------------------------------------------- builder

  /** Configures a {@link MediaFlow}; each option may be set once and is checked at once. */
  public static final class Builder {
    /** The engine's options; it checks each at once and allows each once. */
    private final EngineConfig.Builder engine = EngineConfig.custom();

    /** The host's custom condition types. */
    private final List<ConditionType> conditionTypes = new ArrayList<>();

    /** The media options; it checks each at once and allows each once. */
    private final MediaOptions media = new MediaOptions();

    /** The inbound webhook sources, by name. */
    private final Map<String, InboundSource> inbound = new LinkedHashMap<>();

    private boolean webhooksHttpsOnly;
    private NetworkGuard.Resolver webhookResolver = OutboundWebhooks::systemResolve;

    private Builder() {}

    /** Where jobs live; default a new {@link InMemoryStorage}. */
    public Builder storage(Storage value) {
      engine.storage(value);
      return this;
    }

    /** Where lifecycle events go; default an {@link InProcessEventBus} the engine closes. */
    public Builder eventBus(EventBus value) {
      engine.events(value);
      return this;
    }

    /** The clock of every decision; default UTC system time. */
    public Builder clock(Clock value) {
      engine.clock(value);
      return this;
    }

    /** A fixed number of workers. Default: the number of processors. */
    public Builder workers(int count) {
      return workers(count, count);
    }

    /** Between {@code min} and {@code max} workers, growing while the queue is deep. */
    public Builder workers(int min, int max) {
      engine.workers(min, max);
      return this;
    }

    /**
     * How long a worker above the minimum of {@link #workers(int, int)} may find nothing to do
     * before it ends, measured on the engine's clock; default {@link #DEFAULT_WORKER_KEEP_ALIVE}.
     * The pool grows again as soon as more jobs are ready than workers are idle.
     */
    public Builder workerKeepAlive(Duration value) {
      engine.workerKeepAlive(value);
      return this;
    }

    /**
     * How long completed and cancelled jobs stay queryable: the watchdog deletes older ones (by
     * their last change) with their logs, at most every 10 minutes of the engine's clock, freeing
     * their idempotency keys. {@link Duration#ZERO} keeps them for ever. Dead jobs have a retention
     * of their own, {@link #deadJobRetention}, off by default; failed jobs are never purged.
     * Default: the store's own retention ({@code JdbcStorage.builder().retention(d)}) if it has
     * one, else {@link #DEFAULT_RETENTION}.
     */
    public Builder retention(Duration value) {
      engine.retention(value);
      return this;
    }

    /**
     * How long dead jobs stay after they were buried: the watchdog deletes older ones with their
     * logs, at most every 10 minutes of the engine's clock, as it does finished jobs past the
     * {@linkplain #retention retention}. Off by default ({@link Duration#ZERO}): a dead job waits
     * for someone to inspect it and {@linkplain MediaFlow#requeue re-queue} or {@linkplain
     * MediaFlow#delete delete} it.
     */
    public Builder deadJobRetention(Duration value) {
      engine.deadJobRetention(value);
      return this;
    }

    /** Cores media jobs may use at once, by their estimates. Default: the number of processors. */
    public Builder cpuBudget(double cores) {
      media.cpuBudget(cores);
      return this;
    }

    /** How long a claim holds without a heartbeat; default {@link #DEFAULT_LEASE}. */
    public Builder lease(Duration value) {
      engine.lease(value);
      return this;
    }

    /**
     * How often running jobs' leases are extended, in one pass; default a third of the lease.
     * {@link Duration#ZERO} turns heartbeats off (a job must then finish within its lease).
     */
    public Builder heartbeatInterval(Duration value) {
      engine.heartbeatInterval(value);
      return this;
    }

    /**
     * How long an idle worker waits before looking again; default {@link #DEFAULT_POLL_INTERVAL}.
     */
    public Builder pollInterval(Duration value) {
      engine.pollInterval(value);
      return this;
    }

    /** How long {@link #close()} waits for running jobs; default {@link #DEFAULT_DRAIN_TIMEOUT}. */
    public Builder drainTimeout(Duration value) {
      engine.drainTimeout(value);
      return this;
    }

    /** The timeout of every job type without its own; zero for none (the default). */
    public Builder jobTimeout(Duration value) {
      engine.jobTimeout(value);
      return this;
    }

    /** The timeout of one job type; zero for none. Media: {@link #DEFAULT_MEDIA_TIMEOUT}. */
    public Builder jobTimeout(String type, Duration value) {
      engine.jobTimeout(type, value);
      return this;
    }

    /**
     * How long a handler may go on after its job's timeout before the engine gives up on it;
     * default {@link #DEFAULT_TIMEOUT_GRACE}, on the engine's clock. At the timeout the handler is
     * interrupted and its cancel flag set; one that ignores both and is still running a grace later
     * has its attempt recorded as failed with {@code TIMEOUT} (retried per policy), and its worker
     * thread (Java cannot stop it) is left to finish alone while a new worker takes its place; its
     * late result is dropped. {@link MediaFlow#health()} counts such threads as stuck.
     */
    public Builder timeoutGrace(Duration value) {
      engine.timeoutGrace(value);
      return this;
    }

    /** The retry policy of every type without its own; default {@link RetryPolicy#ofDefaults()}. */
    public Builder retryPolicy(RetryPolicy value) {
      engine.retryPolicy(value);
      return this;
    }

    /** The retry policy of one job type. */
    public Builder retryPolicy(String type, RetryPolicy value) {
      engine.retryPolicy(type, value);
      return this;
    }

    /** Registers the handler of a host job type. */
    public Builder handler(String type, JobHandler handler) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
      if (RESERVED_TYPES.contains(type)) {
        throw new IllegalArgumentException(
            "job type '" + type + "' is reserved for mediaflow; reserved are " + RESERVED_TYPES);
      }
      engine.handler(type, handler);
      return this;
    }

    /** The media backend; default the first found through ServiceLoader (mediaflow-ffmpeg). */
    public Builder mediaBackend(MediaBackend value) {
      media.mediaBackend(value);
      return this;
    }

    /** The operators; default those found through ServiceLoader. */
    public Builder operators(OperatorRegistry value) {
      media.operators(value);
      return this;
    }

    /**
     * Where media jobs may read and write, files their parameters name (such as a font) included;
     * default the working directory.
     */
    public Builder workspace(Workspace value) {
      media.workspace(value);
      return this;
    }

    /**
     * Lets media jobs download {@code http(s)} inputs from loopback, private (10/8, 172.16/12,
     * 192.168/16), shared (100.64/10) and unique local (fc00::/7) addresses, such as a media server
     * on the same network. Off by default: a job spec often comes from outside, and a URL that
     * reaches the host's own network is the classic server-side request forgery. Link-local
     * addresses (169.254/16) stay refused either way, and cloud metadata addresses ({@code
     * 169.254.169.254}, {@code fd00:ec2::254}, {@code fd20:ce::254}, {@code 168.63.129.16}, {@code
     * 100.100.100.200}, …) always are.
     *
     * <p>Without it such an input fails the job at once with {@code ADDRESS_NOT_ALLOWED}, not
     * retried, before anything is downloaded. The check is made on the address the host name
     * resolves to, and again after every redirect.
     */
    public Builder allowPrivateNetwork() {
      media.allowPrivateNetwork();
      return this;
    }

    /**
     * The folder in which each media job with {@code http(s)} inputs gets a folder of its own for
     * its downloads, deleted with everything in it when the job ends, whether it completed, failed
     * or was cancelled. Created when missing. Default: the system's temp folder ({@code
     * java.io.tmpdir}). Put it on a disk with room for the largest inputs (2 GiB each at most).
     */
    public Builder downloadDirectory(Path value) {
      media.downloadDirectory(value);
      return this;
    }

    /**
     * How {@code s3://bucket/key} sources and destinations are reached: the endpoint of an
     * S3-compatible store, the region, path-style access, credentials (default: the AWS SDK's
     * default chains). Needs {@code software.amazon.awssdk:s3} on the class path; see
     * docs/object-storage.md.
     */
    public Builder s3(S3Options value) {
      media.s3(value);
      return this;
    }

    /**
     * Adds a storage for the URI schemes it names ({@code gs:}, {@code sftp:}, a content store), or
     * one that replaces a built-in one ({@code s3:} through another client). Asked before those
     * found through ServiceLoader and the built-in {@code file:}, {@code http(s):} and {@code s3:};
     * may be called several times.
     */
    public Builder mediaStorage(MediaStorage value) {
      media.mediaStorage(value);
      return this;
    }

    /**
     * The most inputs, operations and outputs one media job may have; default {@link
     * JobLimits#ofDefaults()}. {@link #submit(JobSpec)} refuses a larger spec with {@code
     * JOB_TOO_LARGE}, and so does a worker that takes such a job from storage.
     */
    public Builder jobLimits(JobLimits value) {
      media.jobLimits(value);
      return this;
    }

    /**
     * The largest step result kept, in bytes of its JSON; saved states and signal payloads too.
     * Default {@link #DEFAULT_MAX_STEP_RESULT_BYTES} (1 MiB). A larger result fails its job with
     * {@code STEP_RESULT_TOO_LARGE} (not retried): keep large data in files and return a reference.
     */
    public Builder maxStepResultBytes(long value) {
      engine.maxStepResultBytes(value);
      return this;
    }

    /**
     * Durable sleeps with at most this much left are slept in the worker's thread, holding its
     * lease as a step that takes as long would, and end on time; longer ones end the attempt and
     * free the worker until the job is due. Default {@link EngineConfig#DEFAULT_INLINE_SLEEP} (1
     * s); zero makes every sleep yield. At most 1 minute. A crash during an inline sleep resumes it
     * with the time that is left, as for any durable sleep.
     */
    public Builder inlineSleep(Duration value) {
      engine.inlineSleep(value);
      return this;
    }

    /** Where measurements go; default an in-library snapshot. */
    public Builder metrics(Metrics value) {
      engine.metrics(value);
      return this;
    }

    /**
     * Deterministic mode: no threads at all. The host (or a test) calls {@link #runDueJobs()} and
     * {@link #runWatchdog()} itself.
     */
    public Builder runOnCallingThread() {
      engine.runOnCallingThread();
      return this;
    }

    /**
     * This engine's name in leases and logs; default {@code host-pid-random}, new in every process.
     * A node restarted under the id it had takes back its earlier leases at start, without waiting
     * for them to expire: give each node its own id that stays the same across restarts (never two
     * running nodes the same one). On an embedded H2 file this happens whatever the id.
     */
    public Builder nodeId(String value) {
      engine.nodeId(value);
      return this;
    }

    /** Most jobs one worker claims at once; default {@link #DEFAULT_MAX_CLAIM_BATCH}. */
    public Builder maxClaimBatch(int value) {
      engine.maxClaimBatch(value);
      return this;
    }

    /**
     * Adds an action workflow nodes may call, beside those found through ServiceLoader. Two actions
     * with one name fail {@link #build()} with {@code DUPLICATE_ACTION}.
     */
    public Builder action(Action value) {
      media.action(value);
      return this;
    }

    /**
     * Hands actions a service they find with {@code ActionContext.service(type)}: the settings of a
     * built-in action (see {@code docs/actions.md}) or whatever a host's own actions need. One
     * instance a type; setting a type twice fails at once.
     *
     * {@snippet :
     * MediaFlow flow = MediaFlow.builder()
     *     .actionService(CustomerDirectory.class, directory) // for the host's own actions
     *     .build();
     * }
     */
    public <T> Builder actionService(Class<T> type, T instance) {
      media.actionService(type, instance);
      return this;
    }

    /**
     * Adds a custom condition type conditions may name ({@code {"type": "custom", "name": ...}}),
     * beside those found through ServiceLoader. Two types with one name fail {@link #build()}.
     */
    public Builder condition(ConditionType type) {
      conditionTypes.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Adds a sender of inbound webhooks, received by {@code flow.webhooks().receive(...)}; two
     * sources with one name fail at once.
     */
    public Builder inboundWebhook(InboundSource source) {
      if (inbound.putIfAbsent(source.name(), source) != null) {
        throw new IllegalArgumentException(
            "inbound webhook source " + source.name() + " is set twice");
      }
      return this;
    }

    /**
     * Outgoing webhooks over HTTPS only: an http url is refused at registration ({@code
     * WEBHOOK_URL_INVALID}) and a stored one is not sent to.
     */
    public Builder webhooksHttpsOnly() {
      webhooksHttpsOnly = true;
      return this;
    }

    /** Resolves the hosts of outgoing webhooks (tests); default the system's DNS. */
    Builder webhookResolver(NetworkGuard.Resolver value) {
      webhookResolver = Objects.requireNonNull(value, "resolver");
      return this;
    }

    /** How many cores a media plan needs (tests); default {@link MediaJobHandler#cores}. */
    Builder cpuWeigher(ToDoubleFunction<ProcessingPlan> value) {
      media.cpuWeigher(value);
      return this;
    }

    /** Builds the engine (not started) and logs its effective configuration once. */
    public MediaFlow build() {
      EngineConfig host = engine.build(); // checks the options against each other
      MediaOptions.Wired wired = media.wire(host);
      // the engine is made after its handlers: a merge cancels the losing branches through it
      AtomicReference<Engine> made = new AtomicReference<>();
      ConditionTypes types = ConditionTypes.load(conditionTypes, MediaFlow.class.getClassLoader());
      Function<Path, MediaInfo> probe = WorkflowWiring.probe(wired);
      Conditions conditions =
          new Conditions(
              types,
              host.clock(),
              file -> probe.apply(wired.workspace().resolveFile(file, "media")));
      RuleWiring rules =
          RuleWiring.create(wired.config(), wired.actions(), conditions, wired.workspace(), made);
      OutboundWebhooks hooks =
          OutboundWebhooks.create(
              host.storage(), host.clock(), made::get, webhooksHttpsOnly, webhookResolver);
      // the bus every event of the engine goes through: rules and webhooks first, then the host's
      EventBus bus = hooks.bus(rules.bus);
      // a run's workflow events too, so that rules and webhooks on workflow.* receive them
      WorkflowRunner runner = WorkflowWiring.runner(wired, id -> made.get().cancel(id), types, bus);
      EngineConfig config =
          hooks
              .wire(EngineConfig.from(wired.config()), wired.config())
              .handler(WorkflowRunner.TYPE, runner)
              .events(bus)
              .jobPolicies(rules.policies())
              .build();
      Engine e = new Engine(config, new CircuitBreakers(config.clock()));
      made.set(e);
      LOG.atInfo().addKeyValue("nodeId", config.nodeId()).log("{}", config);
      boolean ownsBus = !engine.isSet("eventBus");
      MediaFlow flow =
          new MediaFlow(
              e,
              wired.planner(),
              wired.backend(),
              ownsBus,
              wired,
              types,
              conditions,
              rules,
              inbound.values(),
              hooks);
      WorkflowWiring.publishCancels(config.events(), runner);
      rules.countRuns(config.events());
      return flow;
    }
  }
}
