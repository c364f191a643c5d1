package io.mediaflow.internal.rule;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.rule.EventTrigger;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.ScheduleTrigger;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.StoredRule;
import io.mediaflow.internal.engine.JobPolicies;
import io.mediaflow.internal.rule.schedule.DueSlots;
import io.mediaflow.internal.rule.schedule.ScheduleIndex;
import io.mediaflow.internal.rule.watch.FileWatches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of one engine at work: it holds them in memory (reloaded when the store's change count
 * moves), fires schedule slots at each {@link #tick} and matches published events in {@link
 * #onEvent}, submitting each firing's run through the store's concurrency limit with an idempotency
 * key, so that a slot or an event fires once across restarts and a cluster. It also gives a rule's
 * runs the rule's retry policy and timeout ({@link JobPolicies}).
 */
public final class RuleEngine implements JobPolicies, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

  /** The most slots a tick takes; the rest wait for the next tick (at once). */
  static final int MAX_DUE_PER_TICK = 10_000;

  /** Requests per store call: one transaction each. */
  static final int SUBMIT_CHUNK = 1_000;

  /**
   * How far ahead of its slot a schedule's run is made, by default: the run waits as a {@code
   * SCHEDULED} job due at the slot, so that at the slot the workers only claim.
   */
  public static final Duration DEFAULT_LOOK_AHEAD = Duration.ofSeconds(5);

  /**
   * What a rule's made-ahead runs need besides the submit: its runs waiting for their slot, and a
   * cancel (see {@link #renewAhead}).
   */
  public interface AheadRuns {
    /** The {@code SCHEDULED} runs of a rule (its jobs' rule id), at most one page of them. */
    List<Job> scheduled(String jobRuleId);

    /** Cancels a job; false when it had started or finished meanwhile. */
    boolean cancel(String jobId);

    /**
     * Gives a run made ahead its new version in one store operation ({@code
     * JobStore.replaceScheduled}); empty when it started or changed meanwhile.
     */
    Optional<Job> replace(Job job, LimitedRequest replacement);
  }

  private final RuleStore store;
  private final ScheduleStore fireTimes;
  private final Clock clock;
  private final Function<String, Rule> parse;
  private final Function<Condition, CompiledCondition> compile;
  private final Function<Rule, String> inline;
  private final RuleRuns runs;
  private final Function<List<LimitedRequest>, List<Admission>> submit;
  private final FileWatches watches;
  private final Duration lookAhead;
  private final AheadRuns aheadRuns;

  /**
   * Schedules whose run could not be made ahead for the slot they map to (their limit was full, or
   * their rule has a condition): they fire at the slot as without look-ahead.
   */
  private final Map<String, Instant> held = new java.util.concurrent.ConcurrentHashMap<>();

  private final ScheduleIndex schedules = new ScheduleIndex();
  private final RunCounts runCounts;
  private final Object loadLock = new Object();
  private volatile Map<String, LoadedRule> rules = Map.of();
  private volatile EventIndex events = EventIndex.EMPTY;
  private volatile long seenChanges = Long.MIN_VALUE;

  /**
   * @param parse reads a stored rule's definition
   * @param compile compiles a rule's condition
   * @param inline writes the workflow document of a rule's inline actions
   * @param submit the engine's limited submit (events, wake-ups)
   * @param watches the watched folders of file rules
   * @param countInBackground whether the counts of runs that ended are written by a thread of their
   *     own, in batches (else at once, on the thread that reports the run's end)
   * @param lookAhead how long before its slot a schedule's run is made ({@link Duration#ZERO}: at
   *     the slot)
   * @param aheadRuns the runs made ahead, to cancel when their rule changes before their slot
   */
  public RuleEngine(
      RuleStore store,
      ScheduleStore fireTimes,
      Clock clock,
      Function<String, Rule> parse,
      Function<Condition, CompiledCondition> compile,
      Function<Rule, String> inline,
      RuleRuns runs,
      Function<List<LimitedRequest>, List<Admission>> submit,
      FileWatches watches,
      boolean countInBackground,
      Duration lookAhead,
      AheadRuns aheadRuns) {
    this.store = Objects.requireNonNull(store, "store");
    this.runCounts = new RunCounts(store, countInBackground);
    this.fireTimes = Objects.requireNonNull(fireTimes, "fireTimes");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.parse = parse;
    this.compile = compile;
    this.inline = inline;
    this.runs = runs;
    this.submit = submit;
    this.watches = Objects.requireNonNull(watches, "watches");
    this.lookAhead = Objects.requireNonNull(lookAhead, "lookAhead");
    if (lookAhead.isNegative()) {
      throw new IllegalArgumentException("lookAhead must not be negative but was " + lookAhead);
    }
    this.aheadRuns = Objects.requireNonNull(aheadRuns, "aheadRuns");
  }

  // ---------------------------------------------------------------- loading

  /** Reloads the rules when the store's change count moved; true when it did. */
  public boolean refreshIfChanged() {
    long changes = store.changeCount();
    if (changes == seenChanges) {
      return false;
    }
    reload(changes);
    return true;
  }

  /** Reloads every rule from the store now. */
  public void reload() {
    reload(store.changeCount());
  }

  private void reload(long changes) {
    synchronized (loadLock) {
      Map<String, LoadedRule> before = rules;
      Map<String, LoadedRule> after = new HashMap<>();
      for (int page = 0; ; page++) {
        List<StoredRule> stored = store.list(page, RuleStore.MAX_PAGE_SIZE);
        for (StoredRule s : stored) {
          LoadedRule old = before.get(s.id());
          if (old != null && old.revision() == s.revision()) {
            after.put(s.id(), old);
            continue;
          }
          try {
            after.put(s.id(), load(s));
          } catch (RuntimeException e) {
            LOG.warn(
                "rule {} (revision {}) cannot be loaded and does not fire: {}",
                s.id(),
                s.revision(),
                e.toString());
          }
        }
        if (stored.size() < RuleStore.MAX_PAGE_SIZE) {
          break;
        }
      }
      syncSchedules(before, after);
      rules = Map.copyOf(after);
      events = EventIndex.build(eventEntries(after));
      syncWatches(after);
      seenChanges = changes;
    }
  }

  /**
   * Takes one rule changed on this engine (saved, switched or removed: {@code stored} empty)
   * without reading every rule again. The change count is left as it was, so the next look at the
   * store still reloads everything once, catching changes made elsewhere meanwhile.
   */
  public void reloadOne(String ruleId, Optional<StoredRule> stored) {
    synchronized (loadLock) {
      Map<String, LoadedRule> before = rules;
      Map<String, LoadedRule> after = new HashMap<>(before);
      after.remove(ruleId);
      if (stored.isPresent()) {
        after.put(ruleId, load(stored.get()));
      }
      LoadedRule old = before.get(ruleId);
      LoadedRule now = after.get(ruleId);
      syncSchedules(
          old == null ? Map.of() : Map.of(ruleId, old),
          now == null ? Map.of() : Map.of(ruleId, now));
      rules = Map.copyOf(after);
      if (isEventRule(old) || isEventRule(now)) {
        events = EventIndex.build(eventEntries(after));
      }
      if (isFileRule(old) || isFileRule(now)) {
        syncWatches(after);
      }
    }
  }

  private static boolean isFileRule(LoadedRule r) {
    return r != null && r.rule().trigger() instanceof FileTrigger;
  }

  private void syncWatches(Map<String, LoadedRule> loaded) {
    Map<String, Rule> files = new HashMap<>();
    for (LoadedRule r : loaded.values()) {
      if (isFileRule(r)) {
        files.put(r.id(), r.rule());
      }
    }
    watches.sync(files);
  }

  private static boolean isEventRule(LoadedRule r) {
    return r != null && r.rule().trigger() instanceof EventTrigger;
  }

  private static List<EventIndex.Entry> eventEntries(Map<String, LoadedRule> loaded) {
    List<EventIndex.Entry> entries = new ArrayList<>();
    for (LoadedRule r : loaded.values()) {
      if (r.rule().enabled() && r.rule().trigger() instanceof EventTrigger t) {
        entries.add(new EventIndex.Entry(r.id(), t.pattern(), r.condition()));
      }
    }
    return entries;
  }

  private LoadedRule load(StoredRule s) {
    Rule rule = parse.apply(s.definition()).withEnabled(s.enabled());
    Optional<CompiledCondition> condition = rule.condition().map(compile);
    Optional<String> definition =
        rule.workflowId().isPresent() ? Optional.empty() : Optional.of(inline.apply(rule));
    return new LoadedRule(rule, s.revision(), condition, definition, s.createdAt());
  }

  /** Puts every enabled schedule rule in the index with its stored fire time; drops the others. */
  private void syncSchedules(Map<String, LoadedRule> before, Map<String, LoadedRule> after) {
    List<String> fresh = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    for (LoadedRule r : after.values()) {
      if (!r.rule().enabled() || !(r.rule().trigger() instanceof ScheduleTrigger)) {
        continue;
      }
      keep.add(r.id());
      LoadedRule old = before.get(r.id());
      if (old == null
          || !old.rule().enabled()
          || !old.rule().trigger().equals(r.rule().trigger())) {
        fresh.add(r.id());
      }
    }
    for (LoadedRule old : before.values()) {
      if (!keep.contains(old.id())) {
        schedules.remove(old.id());
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Map<String, Instant> recorded = new HashMap<>(fireTimes.nextFireTimes(fresh));
    // the schedules no engine recorded yet get their first slot, in one batch compare-and-set
    List<ScheduleStore.Advance> firsts = new ArrayList<>();
    for (String id : fresh) {
      if (!recorded.containsKey(id)) {
        ScheduleTrigger trigger = (ScheduleTrigger) after.get(id).rule().trigger();
        if (trigger instanceof OnceTrigger once && fired(id, once)) {
          continue; // its one slot fired, which removed its fire time: it has ended
        }
        schedules
            .firstFireTime(trigger, now)
            .ifPresent(t -> firsts.add(new ScheduleStore.Advance(id, Optional.empty(), t)));
      }
    }
    if (!firsts.isEmpty()) {
      Set<String> won = fireTimes.advanceAll(firsts);
      List<String> lost = new ArrayList<>();
      for (ScheduleStore.Advance a : firsts) {
        if (won.contains(a.scheduleId())) {
          recorded.put(a.scheduleId(), a.next());
        } else {
          lost.add(a.scheduleId()); // another engine recorded it first
        }
      }
      recorded.putAll(fireTimes.nextFireTimes(lost));
    }
    for (String id : fresh) {
      Instant t = recorded.get(id);
      if (t != null) {
        schedules.put(id, (ScheduleTrigger) after.get(id).rule().trigger(), t);
      }
    }
  }

  /**
   * Whether a one-time rule without a recorded fire time has fired: its counters show a run started
   * at or after its instant, or a firing its condition or overlap policy skipped. Every way of
   * registering, changing or enabling it records its fire time first, so only its firing (or a
   * crash between saving it and recording its time) leaves none.
   */
  private boolean fired(String ruleId, OnceTrigger once) {
    return store
        .find(ruleId)
        .map(StoredRule::counters)
        .filter(c -> c.skipped() > 0 || c.lastRun().filter(t -> !t.isBefore(once.at())).isPresent())
        .isPresent();
  }

  /**
   * Starts a schedule afresh (a new trigger, or enabled again): its next fire time becomes its
   * first slot after now, so slots from before are not caught up. Call before saving the rule.
   */
  public void restartSchedule(String ruleId, ScheduleTrigger trigger) {
    Optional<Instant> current = fireTimes.nextFireTime(ruleId);
    Optional<Instant> first = schedules.firstFireTime(trigger, clock.instant());
    if (first.isEmpty()) {
      fireTimes.remove(ruleId);
    } else {
      fireTimes.advanceFireTime(ruleId, current, first.get());
    }
  }

  /** Forgets a removed rule's fire time. */
  public void forgetSchedule(String ruleId) {
    fireTimes.remove(ruleId);
    schedules.remove(ruleId);
  }

  /** The rule as loaded here, if it is. */
  public Optional<LoadedRule> loaded(String ruleId) {
    return Optional.ofNullable(rules.get(ruleId));
  }

  /** The next fire time of a schedule rule as this engine holds it. */
  public Optional<Instant> nextFireTime(String ruleId) {
    return fireTimes.nextFireTime(ruleId);
  }

  /** The earliest slot of any schedule; empty when there is none. */
  public Optional<Instant> earliestSlot() {
    return schedules.earliest();
  }

  /**
   * When the next {@link #tick} has work: the earliest slot less the look-ahead (the slot itself
   * for a schedule whose run could not be made ahead); empty when there is no schedule.
   */
  public Optional<Instant> nextTick() {
    if (lookAhead.isZero()) {
      return schedules.earliest();
    }
    Optional<Instant> ahead = schedules.earliest(held).map(t -> t.minus(lookAhead));
    Optional<Instant> heldSlot = held.values().stream().min(Instant::compareTo);
    if (heldSlot.isEmpty()) {
      return ahead;
    }
    return ahead.isEmpty() || heldSlot.get().isBefore(ahead.get()) ? heldSlot : ahead;
  }

  // ---------------------------------------------------------------- firing

  /**
   * Fires every slot due now: submits each slot's run (key: rule and slot time), then advances the
   * fire times by compare-and-set. A crash between the two submits the same runs again at the next
   * tick, which the keys turn into duplicates; a race with another engine does the same.
   *
   * @return how many runs were submitted (duplicates included)
   */
  public int tick() {
    Instant now = clock.instant();
    held.values().removeIf(slot -> !slot.isAfter(now));
    List<DueSlots> due = schedules.due(now, MAX_DUE_PER_TICK);
    List<DueSlots> ahead =
        lookAhead.isZero()
            ? List.of()
            : schedules.ahead(now, now.plus(lookAhead), MAX_DUE_PER_TICK - due.size(), held);
    if (due.isEmpty() && ahead.isEmpty()) {
      return 0;
    }
    Map<String, LoadedRule> current = rules;
    RuleRuns.Batch batch = runs.batch();
    Firings firings = new Firings();
    List<ScheduleStore.Advance> advances = new ArrayList<>(due.size());
    List<String> ended = new ArrayList<>();
    for (DueSlots d : due) {
      LoadedRule r = current.get(d.scheduleId());
      if (r == null || !r.rule().enabled()) {
        schedules.remove(d.scheduleId());
        continue;
      }
      for (Instant slot : d.slots()) {
        firings.add(batch, r, RuleData.triggerOf(r.id(), slot), slotKey(r.id(), slot), now);
      }
      if (d.next().isPresent()) {
        advances.add(new ScheduleStore.Advance(r.id(), Optional.of(d.expected()), d.next().get()));
      } else {
        ended.add(r.id());
      }
    }
    firings.submit(now);
    int early = fireAhead(ahead, current, batch, advances, ended);
    Set<String> won = fireTimes.advanceAll(advances);
    List<String> lost = new ArrayList<>();
    for (ScheduleStore.Advance a : advances) {
      if (won.contains(a.scheduleId())) {
        schedules.advanced(a.scheduleId(), Optional.of(a.next()));
      } else {
        lost.add(a.scheduleId());
      }
    }
    for (String id : ended) {
      fireTimes.remove(id);
      schedules.advanced(id, Optional.empty());
    }
    if (!lost.isEmpty()) {
      Map<String, Instant> moved = fireTimes.nextFireTimes(lost);
      for (String id : lost) {
        schedules.advanced(id, Optional.ofNullable(moved.get(id)));
      }
    }
    firings.count();
    return firings.submitted + early;
  }

  /**
   * Makes the runs of the slots coming within the look-ahead window, due at their slot: each is
   * submitted as {@code SKIP} under its rule's limit (so it is made only when a place is free, and
   * holds that place until it has run, as a run started at the slot would), under the slot's key. A
   * run that is made (or that another engine made) advances its schedule; one that is not (the
   * limit is full, or the rule has a condition, which is evaluated at the slot) leaves the slot to
   * fire when it comes, with the rule's own overlap policy.
   *
   * @return how many runs were made (duplicates included; not those left to their slot)
   */
  private int fireAhead(
      List<DueSlots> ahead,
      Map<String, LoadedRule> current,
      RuleRuns.Batch batch,
      List<ScheduleStore.Advance> advances,
      List<String> ended) {
    Firings firings = new Firings();
    List<DueSlots> made = new ArrayList<>(ahead.size());
    for (DueSlots d : ahead) {
      LoadedRule r = current.get(d.scheduleId());
      if (r == null || !r.rule().enabled()) {
        schedules.remove(d.scheduleId());
        continue;
      }
      Instant slot = d.slots().get(0);
      if (r.condition().isPresent() || !firings.addAhead(batch, r, slot)) {
        held.put(r.id(), slot);
        continue;
      }
      made.add(d);
    }
    firings.submit(null);
    int submitted = 0;
    for (int i = 0; i < made.size(); i++) {
      DueSlots d = made.get(i);
      if (firings.outcomes.get(i) == Admission.Outcome.SKIPPED) {
        held.put(d.scheduleId(), d.expected()); // its limit is full now: it fires at the slot
        continue;
      }
      submitted++;
      if (d.next().isPresent()) {
        advances.add(
            new ScheduleStore.Advance(d.scheduleId(), Optional.of(d.expected()), d.next().get()));
      } else {
        ended.add(d.scheduleId());
      }
    }
    firings.count();
    return submitted;
  }

  /**
   * After a rule changed here (updated, disabled or removed): the runs made ahead for a slot that
   * has not come must not run a version or a rule that is gone. When the rule is still enabled with
   * the same slots ({@code sameSlots}), each such run takes the rule as it is now, in place and in
   * one store operation (it keeps its slot's key and its place under the limit), so that a crash
   * leaves the slot's run old or new, never lost; otherwise it is cancelled. Every engine can do
   * this: the runs are found in the store, and of two engines changing one run the first does.
   *
   * @return how many runs it replaced or cancelled
   */
  public int renewAhead(String ruleId, boolean sameSlots) {
    Instant now = clock.instant();
    String prefix = slotKey(ruleId, Instant.EPOCH);
    prefix = prefix.substring(0, prefix.lastIndexOf('@') + 1);
    LoadedRule r = rules.get(ruleId);
    boolean renew =
        sameSlots
            && r != null
            && r.rule().enabled()
            && r.rule().trigger() instanceof ScheduleTrigger;
    RuleRuns.Batch batch = runs.batch();
    int changed = 0;
    for (Job job : aheadRuns.scheduled(LoadedRule.JOB_RULE_PREFIX + ruleId)) {
      if (job.attempts() > 0
          || job.waitReason().isPresent()
          || !job.idempotencyKey().startsWith(prefix)
          || !job.scheduledAt().isAfter(now)) {
        continue; // not made ahead, or running by now: it keeps the version it has
      }
      Optional<LimitedRequest> replacement =
          renew ? renewal(batch, r, job.scheduledAt()) : Optional.empty();
      boolean done =
          replacement.isPresent()
              ? aheadRuns.replace(job, replacement.get()).isPresent()
              : aheadRuns.cancel(job.id());
      if (done) {
        changed++;
      }
    }
    return changed;
  }

  /**
   * The new version of a slot's run made ahead; empty (it is cancelled) when its workflow is gone.
   */
  private static Optional<LimitedRequest> renewal(
      RuleRuns.Batch batch, LoadedRule r, Instant slot) {
    try {
      return Optional.of(aheadRequest(batch, r, slot));
    } catch (MediaFlowException e) {
      LOG.warn("rule {}: the run of slot {} is cancelled: {}", r.id(), slot, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The run of a slot to come, due at the slot, under the slot's key, submitted as {@code SKIP} (or
   * {@code ALLOW_ALL}) whatever the rule's policy: made ahead only when a place is free.
   *
   * @throws MediaFlowException when its request cannot be made (its workflow is gone)
   */
  private static LimitedRequest aheadRequest(RuleRuns.Batch batch, LoadedRule r, Instant slot) {
    LimitedRequest request =
        batch.request(r, RuleData.triggerOf(r.id(), slot), slotKey(r.id(), slot));
    OverlapPolicy overlap =
        request.overlap() == OverlapPolicy.ALLOW_ALL ? OverlapPolicy.ALLOW_ALL : OverlapPolicy.SKIP;
    return new LimitedRequest(
        request.request().withRunAt(slot), request.limitKey(), request.maxConcurrent(), overlap);
  }

  /**
   * Matches a published event against the event rules and submits their runs, in one store
   * transaction per {@value #SUBMIT_CHUNK} runs, before the event goes on to subscribers. An event
   * whose data has an {@code eventId} fires each rule once for that id (a publisher that retries
   * after an error does not fire twice). A rule never fires on the {@code job.*} events of its own
   * runs. An event whose data has {@code informational: true} (a sender's health report, a
   * connection test) fires only the rules whose pattern is its type, not those of a wildcard.
   *
   * @return how many runs it started (not those skipped by an overlap policy or already started for
   *     the event's id)
   */
  public int onEvent(Event event) {
    EventIndex index = events;
    if (!index.matchesType(event.type())) {
      return 0;
    }
    List<String> rejected = new ArrayList<>(0);
    List<String> matched = index.match(event, rejected);
    boolean exactOnly = Boolean.TRUE.equals(event.data().get("informational"));
    Object own = event.data().get("ruleId");
    for (String id : rejected) {
      LoadedRule r = rules.get(id);
      if (r != null
          && r.rule().enabled()
          && !r.jobRuleId().equals(own)
          && fires(r, event, exactOnly)) {
        runCounts.add(RuleCount.skipped(id)); // its condition said no: counted, in a batch
      }
    }
    if (matched.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Object eventId = event.data().get("eventId");
    Map<String, Object> trigger = RuleData.triggerOf(event);
    Map<String, LoadedRule> current = rules;
    RuleRuns.Batch batch = runs.batch();
    Firings firings = new Firings();
    for (String id : matched) {
      LoadedRule r = current.get(id);
      if (r == null
          || !r.rule().enabled()
          || r.jobRuleId().equals(own)
          || !fires(r, event, exactOnly)) {
        continue;
      }
      String key = eventId == null ? "" : LoadedRule.JOB_RULE_PREFIX + id + "#" + eventId;
      firings.requests.add(batch.request(r, trigger, key));
      firings.ruleIds.add(id);
      firings.slots.add(null);
    }
    firings.submit(now);
    firings.count();
    return firings.started;
  }

  /** Whether the rule fires on the event: an informational one only when named exactly. */
  private static boolean fires(LoadedRule r, Event event, boolean exactOnly) {
    return !exactOnly || ((EventTrigger) r.rule().trigger()).pattern().equals(event.type());
  }

  /**
   * Looks at every watched folder and fires the file rules for the files that became complete and
   * that this engine claimed (one claim per file version across engines and restarts).
   *
   * @return how many files fired
   */
  public int watchTick() {
    return watches.tick(clock.instant(), this::fireFiles);
  }

  /** Whether any folder is watched: the loop then looks every {@link RuleLoop#WATCH_TICK}. */
  public boolean watching() {
    return watches.any();
  }

  /** Stops a removed rule's watch and forgets the files it handled. */
  public void forgetWatch(String ruleId) {
    watches.forget(ruleId);
  }

  private void fireFiles(String ruleId, List<Map<String, Object>> triggers, List<String> keys) {
    LoadedRule r = rules.get(ruleId);
    if (r == null || !r.rule().enabled()) {
      return;
    }
    Instant now = clock.instant();
    RuleRuns.Batch batch = runs.batch();
    Firings firings = new Firings();
    firings.dropsNone = true;
    for (int i = 0; i < triggers.size(); i++) {
      firings.add(batch, r, triggers.get(i), r.jobRuleId() + "#" + keys.get(i), now);
    }
    firings.submit(now);
    firings.count();
  }

  /** Whether an event of this type could fire a rule (so a bus must build it). */
  public boolean firesOn(String eventType) {
    return events.matchesType(eventType);
  }

  /** The key that makes a slot's run once-only. */
  static String slotKey(String ruleId, Instant slot) {
    return LoadedRule.JOB_RULE_PREFIX + ruleId + "@" + slot.toEpochMilli();
  }

  /** Firings of one tick or one event: their requests, then their counts. */
  private final class Firings {
    final List<LimitedRequest> requests = new ArrayList<>();
    final List<String> ruleIds = new ArrayList<>();
    final List<RuleCount> counts = new ArrayList<>();
    final List<Admission.Outcome> outcomes = new ArrayList<>();

    /** The slot of each request made ahead (its rule's last run), else null. */
    final List<Instant> slots = new ArrayList<>();

    int submitted;
    int started;

    /**
     * A claimed file fires once only, so its run must not be dropped: {@code skip} and {@code
     * buffer_one} wait like {@code buffer_all} (at most {@code maxConcurrent} still run at once).
     */
    boolean dropsNone;

    void add(
        RuleRuns.Batch batch, LoadedRule r, Map<String, Object> trigger, String key, Instant now) {
      if (!r.passes(trigger)) {
        counts.add(RuleCount.skipped(r.id()));
        return;
      }
      try {
        LimitedRequest request = batch.request(r, trigger, key);
        OverlapPolicy overlap = request.overlap();
        if (dropsNone && (overlap == OverlapPolicy.SKIP || overlap == OverlapPolicy.BUFFER_ONE)) {
          request =
              new LimitedRequest(
                  request.request(),
                  request.limitKey(),
                  request.maxConcurrent(),
                  OverlapPolicy.BUFFER_ALL);
        }
        requests.add(request);
        ruleIds.add(r.id());
        slots.add(null);
      } catch (MediaFlowException e) {
        LOG.warn("rule {} did not fire: {}", r.id(), e.getMessage());
        counts.add(
            new RuleCount(r.id(), 0, 0, 1, 0, Optional.of(now), Optional.of(e.getMessage())));
      }
    }

    /**
     * Adds the run of a slot to come, due at the slot, under the slot's key; false (nothing added)
     * when its request cannot be made (its workflow is gone: the slot fires when it comes).
     */
    boolean addAhead(RuleRuns.Batch batch, LoadedRule r, Instant slot) {
      LimitedRequest request;
      try {
        request = aheadRequest(batch, r, slot);
      } catch (MediaFlowException e) {
        return false;
      }
      requests.add(request);
      ruleIds.add(r.id());
      slots.add(slot);
      return true;
    }

    /**
     * Submits the requests, {@value #SUBMIT_CHUNK} per store call, and counts the runs started and
     * skipped (a run made ahead: only when started, at its slot; {@code now} null when all are).
     */
    void submit(Instant now) {
      for (int from = 0; from < requests.size(); from += SUBMIT_CHUNK) {
        int to = Math.min(requests.size(), from + SUBMIT_CHUNK);
        List<Admission> admitted = submit.apply(requests.subList(from, to));
        for (int i = 0; i < admitted.size(); i++) {
          String id = ruleIds.get(from + i);
          Instant slot = slots.get(from + i);
          Admission.Outcome outcome = admitted.get(i).outcome();
          outcomes.add(outcome);
          if (slot != null && outcome == Admission.Outcome.SKIPPED) {
            continue; // not made ahead: it fires at its slot
          }
          switch (outcome) {
            case STARTED, BUFFERED -> {
              counts.add(RuleCount.started(id, slot != null ? slot : now));
              started++;
            }
            case SKIPPED -> counts.add(RuleCount.skipped(id));
            case DUPLICATE -> {}
          }
        }
        submitted += to - from;
      }
    }

    void count() {
      if (counts.isEmpty()) {
        return;
      }
      try {
        store.count(counts);
      } catch (RuntimeException e) {
        LOG.debug("rule counters not updated: {}", e.toString()); // they are for people only
      }
    }
  }

  // ---------------------------------------------------------------- outcomes

  /** Counts a run's end on its rule, from the {@code job.completed} and {@code job.dead} events. */
  public void onRunEvent(Event event) {
    Object ruleId = event.data().get("ruleId");
    if (!(ruleId instanceof String s) || !s.startsWith(LoadedRule.JOB_RULE_PREFIX)) {
      return;
    }
    String id = s.substring(LoadedRule.JOB_RULE_PREFIX.length());
    RuleCount c =
        event.type().equals("job.completed")
            ? RuleCount.succeeded(id)
            : RuleCount.failed(
                id, event.data().getOrDefault("code", "") + ": " + event.data().get("message"));
    runCounts.add(c);
  }

  /** Stops every watch, then writes the counts still queued and stops their writer. */
  @Override
  public void close() {
    watches.close();
    runCounts.close();
  }

  // ---------------------------------------------------------------- JobPolicies

  @Override
  public Optional<RetryPolicy> retryPolicy(Job job) {
    return ruleOf(job).flatMap(r -> r.rule().settings().retry());
  }

  @Override
  public Optional<Duration> timeout(Job job) {
    return ruleOf(job).flatMap(r -> r.rule().settings().timeout());
  }

  @Override
  public Optional<String> logLevel(Job job) {
    return ruleOf(job).map(r -> r.rule().settings().logLevel().name());
  }

  private Optional<LoadedRule> ruleOf(Job job) {
    String id = job.ruleId();
    if (!id.startsWith(LoadedRule.JOB_RULE_PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(rules.get(id.substring(LoadedRule.JOB_RULE_PREFIX.length())));
  }
}
