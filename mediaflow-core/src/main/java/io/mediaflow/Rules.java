package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.ScheduleTrigger;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StoredRule;
import io.mediaflow.internal.rule.LoadedRule;
import io.mediaflow.internal.rule.RuleEngine;
import io.mediaflow.internal.rule.RuleJson;
import io.mediaflow.internal.rule.RuleLoop;
import io.mediaflow.internal.rule.schedule.FireTimes;
import io.mediaflow.internal.rule.schedule.Schedules;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules: a trigger (a schedule, an event or a watched folder), an optional condition and what to
 * run, registered once and fired by the engine on its own — each schedule slot, each event and each
 * version of a file once, across restarts and engines sharing a store, with the overlap policy the
 * rule asks for ({@code docs/rules.md}, {@code docs/watched-folders.md}).
 *
 * {@snippet :
 * flow.rules().register(Rule.builder("nightly")
 *     .cron("0 3 * * *")
 *     .action("http.request", Map.of("url", "https://example.org/ping", "method", "POST"))
 *     .build());
 * }
 *
 * <p>A rule's run is a {@code workflow} job listed by {@link #runs}; it keeps what it started with
 * when the rule is updated or removed.
 */
public final class Rules {

  private final Storage storage;
  private final Optional<RuleEngine> engine;
  private final RuleJson json;
  private final Clock clock;
  private final RuleLoop loop;

  Rules(Storage storage, Optional<RuleEngine> engine, RuleJson json, Clock clock, RuleLoop loop) {
    this.storage = storage;
    this.engine = engine;
    this.json = json;
    this.clock = clock;
    this.loop = loop;
  }

  // ---------------------------------------------------------------- definitions

  /**
   * Registers a rule built in Java: validated as its JSON form is ({@link #validate}).
   *
   * @throws ValidationException listing every problem; nothing is stored then
   * @throws MediaFlowException {@code RULE_CONFLICT} when a rule with its id exists
   */
  public RegisteredRule register(Rule rule) {
    return register(RuleJson.write(Objects.requireNonNull(rule, "rule")));
  }

  /** Registers a rule written as JSON ({@code docs/rules.md}); see {@link #register(Rule)}. */
  public RegisteredRule register(String ruleJson) {
    Rule rule = json.parse(Objects.requireNonNull(ruleJson, "json"));
    RuleEngine e = engine();
    StoredRule saved = save(rule, 0);
    if (rule.enabled() && rule.trigger() instanceof ScheduleTrigger t) {
      e.restartSchedule(rule.id(), t);
    }
    return changed(saved);
  }

  /**
   * Replaces a rule, whose latest revision must be {@code expectedRevision}. Runs under way keep
   * what they started with; a new trigger starts its schedule afresh (no catching up on slots of
   * the old one).
   *
   * @throws MediaFlowException {@code RULE_NOT_FOUND} for an unknown rule, {@code RULE_CONFLICT}
   *     when another update came first
   */
  public RegisteredRule update(Rule rule, int expectedRevision) {
    return update(RuleJson.write(Objects.requireNonNull(rule, "rule")), expectedRevision);
  }

  /** Replaces a rule with one written as JSON; see {@link #update(Rule, int)}. */
  public RegisteredRule update(String ruleJson, int expectedRevision) {
    Rule rule = json.parse(Objects.requireNonNull(ruleJson, "json"));
    RuleEngine e = engine();
    StoredRule before = stored(rule.id());
    Rule old = json.parse(before.definition()).withEnabled(before.enabled());
    StoredRule saved = save(rule, expectedRevision);
    if (rule.enabled()
        && rule.trigger() instanceof ScheduleTrigger t
        && (!old.enabled() || !old.trigger().equals(t))) {
      e.restartSchedule(rule.id(), t);
    }
    RegisteredRule view = changed(saved);
    // runs made ahead of their slot by the old version: cancelled, made again from this one
    e.renewAhead(
        rule.id(), old.enabled() && rule.enabled() && old.trigger().equals(rule.trigger()));
    return view;
  }

  /**
   * Enables a rule; a schedule starts from its next slot after now (slots missed while it was
   * disabled are not caught up).
   *
   * @throws MediaFlowException {@code RULE_NOT_FOUND} for an unknown rule
   */
  public RegisteredRule enable(String id) {
    return setEnabled(id, true);
  }

  /**
   * Disables a rule: it fires no more; runs under way go on.
   *
   * @throws MediaFlowException {@code RULE_NOT_FOUND} for an unknown rule
   */
  public RegisteredRule disable(String id) {
    return setEnabled(id, false);
  }

  /** Removes a rule and its counters; runs under way go on. False when there was none. */
  public boolean remove(String id) {
    Objects.requireNonNull(id, "id");
    RuleEngine e = engine();
    boolean removed = store().remove(id);
    if (removed) {
      e.forgetSchedule(id);
      e.forgetWatch(id);
      e.reloadOne(id, Optional.empty());
      e.renewAhead(id, false);
      loop.wake();
    }
    return removed;
  }

  /** A registered rule, with its counters and next fire time. */
  public Optional<RegisteredRule> get(String id) {
    Objects.requireNonNull(id, "id");
    return store().find(id).map(this::view);
  }

  /**
   * Registered rules ordered by id, paged from 0.
   *
   * @param size 1 to {@value RuleStore#MAX_PAGE_SIZE}
   */
  public List<RegisteredRule> list(int page, int size) {
    List<RegisteredRule> out = new ArrayList<>();
    for (StoredRule s : store().list(page, size)) {
      out.add(view(s));
    }
    return out;
  }

  /**
   * The rule a JSON document describes ({@code docs/rules.md}), checked as {@link
   * #register(String)} checks it; nothing is stored. Equal to {@link RegisteredRule#rule()} of a
   * rule saved from the same document, so a caller can tell whether an update would change it.
   *
   * @throws ValidationException listing every problem
   */
  public Rule parse(String ruleJson) {
    return json.parse(Objects.requireNonNull(ruleJson, "json"));
  }

  /** Every problem of a rule's JSON, each with its JSON path; empty when it may be registered. */
  public List<Violation> validate(String ruleJson) {
    return json.validate(Objects.requireNonNull(ruleJson, "json"));
  }

  // ---------------------------------------------------------------- schedules

  /**
   * A schedule for people: cron-utils' description of a cron expression ("at 09:00, Monday through
   * Friday"), or "every 5 minutes".
   *
   * @throws MediaFlowException {@code INVALID_CRON} for an expression its syntax does not read
   */
  public String describe(ScheduleTrigger trigger) {
    return Schedules.compile(Objects.requireNonNull(trigger, "trigger"), clock.instant())
        .describe();
  }

  /**
   * The next {@code n} slots of a schedule after now (after its registration for an interval
   * without anchor: now).
   *
   * @throws MediaFlowException {@code INVALID_CRON} for an expression its syntax does not read
   */
  public List<Instant> nextFireTimes(ScheduleTrigger trigger, int n) {
    if (n < 1 || n > 1000) {
      throw new IllegalArgumentException("n must be 1 to 1000 but was " + n);
    }
    Instant now = clock.instant();
    FireTimes times = Schedules.compile(Objects.requireNonNull(trigger, "trigger"), now);
    return times.next(now.minusNanos(1), n);
  }

  // ---------------------------------------------------------------- runs

  /**
   * The runs of a rule, newest first: {@code workflow} jobs, whose per-node status {@code
   * flow.workflows().run(id)} shows.
   *
   * @param size 1 to {@value JobQuery#MAX_PAGE_SIZE}
   */
  public Page<Job> runs(String ruleId, int page, int size) {
    Objects.requireNonNull(ruleId, "ruleId");
    return storage
        .jobs()
        .query(
            JobQuery.all()
                .withType(WorkflowRunner.TYPE)
                .withRuleId(LoadedRule.JOB_RULE_PREFIX + ruleId)
                .withPage(page, size));
  }

  /**
   * Fires every schedule slot that is due now and looks at every watched folder once, on the
   * calling thread; returns how many runs it submitted (slots, and files this engine claimed). The
   * engine's scheduler thread does it by itself; an engine that {@linkplain
   * MediaFlow.Builder#runOnCallingThread() runs on the calling thread} (tests, a manual clock) has
   * none and calls this.
   */
  public int tick() {
    RuleEngine e = engine();
    e.refreshIfChanged();
    int fired = 0;
    for (int n = e.tick(); n > 0; n = e.tick()) {
      fired += n;
    }
    return fired + e.watchTick();
  }

  /** Reloads the rules from the store now (an engine does it every poll interval by itself). */
  public void refresh() {
    engine().reload();
  }

  // ---------------------------------------------------------------- inside

  private RegisteredRule setEnabled(String id, boolean enabled) {
    Objects.requireNonNull(id, "id");
    RuleEngine e = engine();
    StoredRule before = stored(id);
    if (enabled && !before.enabled()) {
      Rule rule = json.parse(before.definition());
      if (rule.trigger() instanceof ScheduleTrigger t) {
        e.restartSchedule(id, t);
      }
    }
    StoredRule saved =
        store().setEnabled(id, enabled, clock.instant()).orElseThrow(() -> notFound(id));
    RegisteredRule view = changed(saved);
    if (!enabled && before.enabled()) {
      e.renewAhead(id, false); // its runs made ahead of their slot do not run
    }
    return view;
  }

  private StoredRule save(Rule rule, int expectedRevision) {
    return store()
        .save(rule.id(), RuleJson.write(rule), rule.enabled(), expectedRevision, clock.instant());
  }

  private RegisteredRule changed(StoredRule saved) {
    // this engine takes the one rule at once; the others (and this one, for changes made
    // elsewhere meanwhile) reload when they see the store's change count move
    engine().reloadOne(saved.id(), Optional.of(saved));
    loop.wake();
    return view(saved);
  }

  private RegisteredRule view(StoredRule s) {
    Rule rule = json.parse(s.definition()).withEnabled(s.enabled());
    Optional<Instant> next =
        s.enabled() && rule.trigger() instanceof ScheduleTrigger
            ? engine().nextFireTime(s.id())
            : Optional.empty();
    return new RegisteredRule(rule, s.revision(), s.counters(), next, s.createdAt(), s.updatedAt());
  }

  private StoredRule stored(String id) {
    return store().find(id).orElseThrow(() -> notFound(id));
  }

  private static MediaFlowException notFound(String id) {
    return new MediaFlowException(
        RuleErrors.RULE_NOT_FOUND,
        "no rule '" + id + "' is registered",
        "register it first with flow.rules().register(rule), or check the id"
            + " (flow.rules().list(0, 100) lists them)");
  }

  private RuleStore store() {
    engine();
    return storage.rules();
  }

  private RuleEngine engine() {
    return engine.orElseThrow(
        () ->
            new UnsupportedOperationException(
                storage.getClass().getName()
                    + " keeps no rules: use InMemoryStorage or JdbcStorage, or implement"
                    + " Storage.rules()"));
  }
}
