package io.mediaflow.internal.webhook.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookSecret;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.engine.EngineConfig;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing webhooks of one engine: the registrations (checked, stored, cached for matching), the
 * turning of published events into durable {@code webhook.delivery} jobs, and the handler that
 * delivers them. An event is matched by the engine that publishes it, and its deliveries are stored
 * (one store transaction for the unordered ones, one for the ordered, shared with the events other
 * threads publish at the same time) before {@code publish} returns, as rules are; a failure to
 * store reaches the publisher.
 */
public final class OutboundWebhooks {

  /** The job type of a delivery. */
  public static final String TYPE = "webhook.delivery";

  /** The {@code ruleId} of a delivery job: this and the registration's id. */
  public static final String RULE_PREFIX = "webhook:";

  /**
   * The specification's schedule: immediately, then 1 min, 5 min, 15 min and 1 h after the previous
   * attempt (the last at 81 min), then dead.
   */
  public static final RetryPolicy SCHEDULE =
      RetryPolicy.builder()
          .delays(
              Duration.ofMinutes(1),
              Duration.ofMinutes(5),
              Duration.ofMinutes(15),
              Duration.ofHours(1))
          .build();

  /** How often an engine re-reads the registrations (another engine may have changed them). */
  public static final Duration REFRESH = Duration.ofSeconds(10);

  /** The longest wait for a receiver's connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest silence of a receiver within one exchange. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Connections kept alive between deliveries, all receivers together: each reused only by a
   * delivery whose own SSRF check gave the same addresses (docs/outgoing-webhooks.md,
   * "Connections").
   */
  static final int KEPT_CONNECTIONS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(OutboundWebhooks.class);

  private final WebhookStore store; // null when the storage keeps no webhooks
  private final Clock clock;
  private final Supplier<Engine> engine;
  private final boolean httpsOnly;
  private final DeliveryHandler handler;
  private final GroupCommit<Batch> commits = new GroupCommit<>(this::store);
  private volatile List<WebhookRegistration> active = List.of();
  private volatile long reloadAt = Long.MIN_VALUE;

  OutboundWebhooks(
      WebhookStore store,
      Clock clock,
      Supplier<Engine> engine,
      boolean httpsOnly,
      NetworkGuard.Resolver resolver,
      SafeHttp http) {
    this.store = store;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.httpsOnly = httpsOnly;
    this.handler =
        store == null ? null : new DeliveryHandler(store, resolver, http, httpsOnly, this);
  }

  /**
   * Outgoing webhooks over the storage's {@code webhooks()} part (none when it has none: then every
   * registration call says so).
   */
  public static OutboundWebhooks create(
      Storage storage,
      Clock clock,
      Supplier<Engine> engine,
      boolean httpsOnly,
      NetworkGuard.Resolver resolver) {
    WebhookStore store;
    try {
      store = storage.webhooks();
    } catch (UnsupportedOperationException e) {
      store = null;
    }
    SafeHttp http =
        SafeHttp.keepingConnections(
            new SafeHttp.Settings(CONNECT_TIMEOUT, READ_TIMEOUT, null), KEPT_CONNECTIONS);
    return new OutboundWebhooks(store, clock, engine, httpsOnly, resolver, http);
  }

  /** The resolver of the system: a host's name to its addresses, looked up once per attempt. */
  public static InetAddress[] systemResolve(String host) throws java.net.UnknownHostException {
    return InetAddress.getAllByName(host);
  }

  /**
   * Adds the delivery handler and, unless the host set one, {@link #SCHEDULE} as the delivery
   * type's retry policy.
   */
  public EngineConfig.Builder wire(EngineConfig.Builder config, EngineConfig base) {
    if (handler != null) {
      config.handler(TYPE, handler);
      if (!base.retryPolicies().containsKey(TYPE)) {
        config.retryPolicy(TYPE, SCHEDULE);
      }
    }
    return config;
  }

  /** The bus the engine publishes on: deliveries first, then {@code delegate}. */
  public EventBus bus(EventBus delegate) {
    return new DeliveringBus(delegate, this);
  }

  /** {@code next} with the deliveries of each event stored first (inbound webhooks' events). */
  public ToIntFunction<Event> publisher(ToIntFunction<Event> next) {
    return e -> {
      onEvent(e);
      return next.applyAsInt(e);
    };
  }

  // ---------------------------------------------------------------- matching

  /** Whether an active registration wants events of this type. */
  boolean wants(String type) {
    for (WebhookRegistration r : registrations()) {
      if (matches(r, type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stores the deliveries of one event, one per active registration whose patterns match it; none
   * for the events of delivery jobs themselves (a registration for {@code job.*} would otherwise
   * feed itself).
   */
  void onEvent(Event event) {
    List<WebhookRegistration> regs = registrations();
    if (regs.isEmpty() || TYPE.equals(event.data().get("type"))) {
      return;
    }
    List<JobRequest> unordered = new ArrayList<>(0);
    List<LimitedRequest> ordered = new ArrayList<>(0);
    String eventId = null;
    JsonNode data = null;
    for (WebhookRegistration r : regs) {
      if (!matches(r, event.type())) {
        continue;
      }
      if (eventId == null) {
        eventId = Delivery.eventId(event, clock.instant());
        data = Delivery.data(event);
      }
      JobRequest request = request(Delivery.of(r.id(), eventId, event, data), eventId);
      if (r.ordered()) {
        ordered.add(limited(r.id(), request));
      } else {
        unordered.add(request);
      }
    }
    if (!unordered.isEmpty() || !ordered.isEmpty()) {
      commits.submit(new Batch(unordered, ordered));
    }
  }

  /** The deliveries of one event, stored together with those of events published meanwhile. */
  private record Batch(List<JobRequest> unordered, List<LimitedRequest> ordered) {}

  /** Stores batches, several publishers' in one go (see {@link GroupCommit}). */
  private void store(List<Batch> batches) {
    List<JobRequest> unordered = new ArrayList<>();
    List<LimitedRequest> ordered = new ArrayList<>();
    for (Batch b : batches) {
      unordered.addAll(b.unordered());
      ordered.addAll(b.ordered());
    }
    if (!unordered.isEmpty()) {
      engine.get().submitAll(unordered);
    }
    if (!ordered.isEmpty()) {
      engine.get().submitLimited(ordered);
    }
  }

  private static boolean matches(WebhookRegistration r, String type) {
    for (String p : r.patterns()) {
      if (EventPatterns.matches(p, type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One delivery job: at most once per registration and event id, however often it is published.
   */
  private JobRequest request(Delivery d, String eventId) {
    RetryPolicy policy = engine.get().config().retryPolicy(TYPE);
    return JobRequest.of(TYPE, d.toJson())
        .withMaxAttempts(policy.maxAttempts())
        .withRuleId(RULE_PREFIX + d.registrationId())
        .withIdempotencyKey(RULE_PREFIX + d.registrationId() + "#" + eventId);
  }

  /** Ordered: one delivery of the registration at a time, the others buffered in order. */
  private static LimitedRequest limited(String registrationId, JobRequest request) {
    return new LimitedRequest(request, RULE_PREFIX + registrationId, 1, OverlapPolicy.BUFFER_ALL);
  }

  private List<WebhookRegistration> registrations() {
    if (store != null && clock.millis() >= reloadAt) {
      synchronized (this) {
        // a publisher that arrives while another reloads waits for the list rather than taking
        // the old (at first: empty) one: an event must never find no registration by a race
        if (clock.millis() >= reloadAt) {
          reload();
        }
      }
    }
    return active;
  }

  /**
   * The registration {@code id} as this engine last read it when it is active (re-read at most
   * {@link #REFRESH} ago, at once after a change made here), else as the store has it now: a
   * delivery need not read the store to learn what it already knows.
   */
  Optional<WebhookRegistration> current(String id) {
    for (WebhookRegistration r : registrations()) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
    }
    return store().get(id);
  }

  /** Re-reads the active registrations from the store. */
  public synchronized void reload() {
    if (store == null) {
      return;
    }
    long next = clock.millis() + REFRESH.toMillis();
    List<WebhookRegistration> on = new ArrayList<>();
    for (WebhookRegistration r : store.list()) {
      if (r.active()) {
        on.add(r);
      }
    }
    active = List.copyOf(on);
    reloadAt = next; // only now: until the list is read, callers reload (or wait) themselves
  }

  // ---------------------------------------------------------------- registrations

  private WebhookStore store() {
    if (store == null) {
      throw new UnsupportedOperationException(
          "this storage keeps no outgoing webhook registrations");
    }
    return store;
  }

  /**
   * Registers a new webhook; its {@code createdAt} is now unless given.
   *
   * @throws ValidationException every problem at its place; {@code WEBHOOK_REGISTRATION_INVALID} at
   *     {@code id} when the id is registered already
   */
  public WebhookRegistration register(WebhookRegistration r) {
    Objects.requireNonNull(r, "registration");
    List<Violation> problems = new ArrayList<>(RegistrationCheck.problems(r, httpsOnly));
    if (store().get(r.id()).isPresent()) {
      problems.add(
          0,
          new Violation(
              "id",
              WebhookErrors.WEBHOOK_REGISTRATION_INVALID,
              "a webhook with the id \"" + r.id() + "\" is registered already",
              "change it with update(...), or remove it first"));
    }
    ValidationException.throwIfAny(problems);
    WebhookRegistration stored =
        r.createdAt().equals(Instant.EPOCH) ? r.toBuilder().createdAt(clock.instant()).build() : r;
    store().save(stored);
    reload();
    LOG.atInfo()
        .addKeyValue("webhook", r.id())
        .log(
            "outgoing webhook {} registered: {} to {}",
            r.id(),
            r.patterns(),
            NetworkGuard.shown(java.net.URI.create(r.url().trim())));
    return stored;
  }

  /**
   * Replaces a registration, keeping when it was created.
   *
   * @throws MediaFlowException {@code WEBHOOK_NOT_FOUND} for an unknown id
   * @throws ValidationException every problem at its place
   */
  public WebhookRegistration update(WebhookRegistration r) {
    Objects.requireNonNull(r, "registration");
    WebhookRegistration old = require(r.id());
    ValidationException.throwIfAny(RegistrationCheck.problems(r, httpsOnly));
    WebhookRegistration stored = r.toBuilder().createdAt(old.createdAt()).build();
    store().save(stored);
    reload();
    return stored;
  }

  /** The registration {@code id} as stored. */
  public Optional<WebhookRegistration> get(String id) {
    return store().get(Objects.requireNonNull(id, "id"));
  }

  /** Every registration as stored, in registration order. */
  public List<WebhookRegistration> list() {
    return store().list();
  }

  /** Removes a registration and its history; its pending deliveries end unsent. */
  public boolean remove(String id) {
    boolean removed = store().delete(Objects.requireNonNull(id, "id"));
    reload();
    return removed;
  }

  /** Turns a registration on or off. */
  public WebhookRegistration setActive(String id, boolean on) {
    require(id);
    store().setActive(id, on);
    reload();
    return require(id);
  }

  /** Adds a secret in front (the newest): deliveries are signed with every secret listed. */
  public WebhookRegistration addSecret(String id, String secret) {
    WebhookRegistration r = require(id);
    WebhookSecret.parse(Objects.requireNonNull(secret, "secret")); // WEBHOOK_SECRET_INVALID
    List<String> secrets = new ArrayList<>();
    secrets.add(secret);
    r.secrets().stream().filter(s -> !s.equals(secret)).forEach(secrets::add);
    return update(r.toBuilder().secrets(secrets).build());
  }

  /**
   * Drops a secret once receivers know the new one.
   *
   * @throws MediaFlowException {@code WEBHOOK_SECRET_INVALID} when it is not listed, or the last
   */
  public WebhookRegistration removeSecret(String id, String secret) {
    WebhookRegistration r = require(id);
    List<String> rest = new ArrayList<>(r.secrets());
    if (!rest.remove(Objects.requireNonNull(secret, "secret"))) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_SECRET_INVALID,
          "webhook " + id + " has no such secret (secrets are never shown; compare your copy)",
          "list the secret exactly as it was added");
    }
    if (rest.isEmpty()) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_SECRET_INVALID,
          "webhook " + id + " would be left without a secret to sign with",
          "add the new secret with addSecret(...) before removing the last old one");
    }
    return update(r.toBuilder().secrets(rest).build());
  }

  WebhookRegistration require(String id) {
    Objects.requireNonNull(id, "id");
    return store()
        .get(id)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    WebhookErrors.WEBHOOK_NOT_FOUND,
                    "no outgoing webhook has the id \"" + id + "\"",
                    "list the registered ones with flow.webhooks().list()"));
  }

  // ---------------------------------------------------------------- deliveries

  /** Deliveries of a registration in {@code states}, newest first, at most 1,000. */
  public List<Job> deliveries(String id, Set<JobState> states) {
    require(id);
    return engine
        .get()
        .config()
        .storage()
        .jobs()
        .query(
            JobQuery.all()
                .withType(TYPE)
                .withRuleId(RULE_PREFIX + id)
                .withStates(states)
                .withPage(0, JobQuery.MAX_PAGE_SIZE))
        .items();
  }

  /** The attempts to a registration, newest first. */
  public List<DeliveryAttempt> attempts(String id, int limit) {
    return store().attempts(Objects.requireNonNull(id, "id"), limit);
  }

  /** The attempts of one delivery, first first. */
  public List<DeliveryAttempt> attemptsOf(String deliveryId) {
    return store().attemptsOf(Objects.requireNonNull(deliveryId, "deliveryId"));
  }

  /**
   * Delivers again, with the same {@code webhook-id}: a dead delivery is re-queued (the same job),
   * a delivered one is sent again as a new job.
   *
   * @return the id of the job that delivers it
   * @throws MediaFlowException {@code WEBHOOK_DELIVERY_NOT_REDELIVERABLE} for a delivery still on
   *     its way, or a job that is not a delivery; {@code JOB_NOT_FOUND} for an unknown id
   */
  public String redeliver(String deliveryId) {
    Engine e = engine.get();
    Job job =
        e.config()
            .storage()
            .jobs()
            .find(Objects.requireNonNull(deliveryId, "deliveryId"))
            .orElseThrow(() -> io.mediaflow.api.store.StorageException.notFound(deliveryId));
    if (!TYPE.equals(job.type())
        || (job.state() != JobState.DEAD && job.state() != JobState.COMPLETED)) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_DELIVERY_NOT_REDELIVERABLE,
          "job "
              + deliveryId
              + " cannot be redelivered: "
              + (TYPE.equals(job.type())
                  ? "it is " + job.state().name().toLowerCase(java.util.Locale.ROOT)
                  : "it is a " + job.type() + " job, not a webhook delivery"),
          "redeliver a dead or delivered webhook delivery; a pending one is on its way");
    }
    if (job.state() == JobState.DEAD) {
      return e.requeue(deliveryId).id();
    }
    Delivery d = Delivery.fromJson(job.payload());
    JobRequest again =
        JobRequest.of(TYPE, job.payload())
            .withMaxAttempts(e.config().retryPolicy(TYPE).maxAttempts())
            .withRuleId(job.ruleId());
    Optional<WebhookRegistration> r = store().get(d.registrationId());
    if (r.isPresent() && r.get().ordered()) {
      return e.submitLimited(List.of(limited(d.registrationId(), again)))
          .get(0)
          .job()
          .orElseThrow()
          .id();
    }
    return e.submit(again).id();
  }
}
