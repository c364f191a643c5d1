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

  private final RuleStore store;
  private final ScheduleStore fireTimes;
  private final Clock clock;
  private final Function<String, Rule> parse;
  private final Function<Condition, CompiledCondition> compile;
  private final Function<Rule, String> inline;
  private final RuleRuns runs;
  private final Function<List<LimitedRequest>, List<Admission>> submit;
  private final FileWatches watches;
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
      boolean countInBackground) {
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
    List<DueSlots> due = schedules.due(now, MAX_DUE_PER_TICK);
    if (due.isEmpty()) {
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
    return firings.submitted;
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
      } catch (MediaFlowException e) {
        LOG.warn("rule {} did not fire: {}", r.id(), e.getMessage());
        counts.add(
            new RuleCount(r.id(), 0, 0, 1, 0, Optional.of(now), Optional.of(e.getMessage())));
      }
    }

    void submit(Instant now) {
      for (int from = 0; from < requests.size(); from += SUBMIT_CHUNK) {
        int to = Math.min(requests.size(), from + SUBMIT_CHUNK);
        List<Admission> admitted = submit.apply(requests.subList(from, to));
        for (int i = 0; i < admitted.size(); i++) {
          String id = ruleIds.get(from + i);
          switch (admitted.get(i).outcome()) {
            case STARTED, BUFFERED -> {
              counts.add(RuleCount.started(id, now));
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
