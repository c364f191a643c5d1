package io.mediaflow.internal.rule.schedule;

import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.ScheduleTrigger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The schedule triggers an engine fires, in memory, ordered by next fire time: a tick takes the due
 * ones in time proportional to how many are due (not to how many there are), and next fire times
 * are computed once per distinct (expression, syntax, zone), not once per trigger. Thread-safe.
 *
 * <p>Each schedule is one entry in a hash map by id and one in a tree ordered by (fire time, id);
 * every cron trigger with the same (expression, syntax, zone) shares one compiled {@link
 * MemoFireTimes}, counted so that the last trigger to leave drops it. The misfire decision is
 * {@link Misfires}'.
 */
public final class ScheduleIndex {

  /** What makes two cron triggers' slots the same. */
  private record CronKey(String expression, CronSyntax syntax, ZoneId zone) {}

  /** A compiled cron schedule and how many entries use it. */
  private static final class Shared {
    final MemoFireTimes times;
    int users;

    Shared(MemoFireTimes times) {
      this.times = times;
    }
  }

  /** One schedule. {@code fireTime} changes only while the entry is out of {@code byTime}. */
  private static final class Entry {
    final String id;
    final ScheduleTrigger trigger;
    final FireTimes times;
    final CronKey key;
    Instant fireTime;

    Entry(String id, ScheduleTrigger trigger, FireTimes times, CronKey key, Instant fireTime) {
      this.id = id;
      this.trigger = trigger;
      this.times = times;
      this.key = key;
      this.fireTime = fireTime;
    }
  }

  private static final Comparator<Entry> BY_TIME =
      Comparator.<Entry, Instant>comparing(e -> e.fireTime).thenComparing(e -> e.id);

  private final Map<String, Entry> byId = new HashMap<>();
  private final TreeSet<Entry> byTime = new TreeSet<>(BY_TIME);
  private final Map<CronKey, Shared> shared = new HashMap<>();
  private final LongAdder computations = new LongAdder();

  /**
   * The schedule {@link #firstFireTime} compiled last for a key no entry had: registering is {@code
   * firstFireTime} then {@code put}, and this spares the second parse.
   */
  private CronKey pendingKey;

  private MemoFireTimes pending;

  /** An empty index. */
  public ScheduleIndex() {}

  /**
   * Adds or replaces a schedule.
   *
   * @param nextFire its fire time as the store records it (a new schedule's engine records {@link
   *     #firstFireTime} first)
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} for an expression its syntax
   *     does not read; the index is then unchanged
   */
  public synchronized void put(String scheduleId, ScheduleTrigger trigger, Instant nextFire) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(nextFire, "nextFire");
    CronKey key = key(trigger);
    // an interval without anchor keeps the grid its recorded fire time is on
    FireTimes times = key == null ? Schedules.compile(trigger, nextFire) : acquire(key);
    Entry old = byId.get(scheduleId);
    if (old != null) {
      forget(old);
    }
    Entry entry = new Entry(scheduleId, trigger, times, key, nextFire);
    byId.put(scheduleId, entry);
    byTime.add(entry);
  }

  /**
   * The first fire time of a new schedule registered at {@code now}: its first slot at or after
   * {@code now} ({@code now} itself for an interval without anchor, whose grid starts there), or a
   * one-time trigger's instant even when past (its misfire policy decides at the first tick); empty
   * when it has none.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} for an expression its syntax
   *     does not read
   */
  public Optional<Instant> firstFireTime(ScheduleTrigger trigger, Instant now) {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(now, "now");
    if (trigger instanceof OnceTrigger once) {
      return Optional.of(once.at());
    }
    if (trigger instanceof IntervalTrigger interval && interval.anchor().isEmpty()) {
      return Optional.of(now);
    }
    CronKey key = key(trigger);
    FireTimes times = key == null ? Schedules.compile(trigger, now) : sharedOrCompiled(key);
    return times.nextAfter(now.minusNanos(1));
  }

  /** Forgets a schedule; false when it was not there. */
  public synchronized boolean remove(String scheduleId) {
    Entry entry = byId.remove(scheduleId);
    if (entry == null) {
      return false;
    }
    forget(entry);
    return true;
  }

  /**
   * The schedules due at {@code now} (fire time not after it), at most {@code max}, earliest first,
   * each with the slots its misfire policy fires and its next fire time. They stay in the index
   * with their old fire time until {@link #advanced} (or {@link #put}) moves them.
   */
  public synchronized List<DueSlots> due(Instant now, int max) {
    Objects.requireNonNull(now, "now");
    List<DueSlots> due = new ArrayList<>(Math.min(Math.max(max, 0), 1024));
    TickCache tick = new TickCache();
    Iterator<Entry> it = byTime.iterator();
    while (due.size() < max && it.hasNext()) {
      Entry e = it.next();
      if (e.fireTime.isAfter(now)) {
        break;
      }
      Misfires.Firing firing =
          Misfires.decide(
              tick.view(e.times), e.fireTime, now, e.trigger.misfire(), e.trigger.catchUpWindow());
      due.add(new DueSlots(e.id, e.fireTime, firing.slots(), firing.next()));
    }
    return due;
  }

  /**
   * The schedules whose fire time is after {@code now} and not after {@code until} (the look-ahead
   * window), at most {@code max}, earliest first, each with its one next slot (no misfire: it has
   * not come) and the fire time after it. A schedule whose fire time {@code held} maps it to is
   * left out (its run could not be made ahead; it fires at its slot).
   */
  public synchronized List<DueSlots> ahead(
      Instant now, Instant until, int max, Map<String, Instant> held) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(until, "until");
    List<DueSlots> out = new ArrayList<>();
    if (!until.isAfter(now) || max <= 0) {
      return out;
    }
    TickCache tick = new TickCache();
    for (Entry e : byTime.tailSet(probe(now), false)) {
      if (out.size() >= max || e.fireTime.isAfter(until)) {
        break;
      }
      if (!e.fireTime.isAfter(now) || e.fireTime.equals(held.get(e.id))) {
        continue;
      }
      out.add(
          new DueSlots(
              e.id, e.fireTime, List.of(e.fireTime), tick.view(e.times).nextAfter(e.fireTime)));
    }
    return out;
  }

  /**
   * The earliest fire time of any schedule whose fire time {@code held} does not map it to; empty
   * when there is none.
   */
  public synchronized Optional<Instant> earliest(Map<String, Instant> held) {
    for (Entry e : byTime) {
      if (!e.fireTime.equals(held.get(e.id))) {
        return Optional.of(e.fireTime);
      }
    }
    return Optional.empty();
  }

  /** An entry that sorts after every real entry of {@code t}'s fire time (ids are never this). */
  private static Entry probe(Instant t) {
    return new Entry("\uffff", null, null, null, t);
  }

  /**
   * Records a schedule's new fire time after the store's compare-and-set (by any engine); empty
   * forgets it (it has no more slots). Does nothing for a schedule it does not hold.
   */
  public synchronized void advanced(String scheduleId, Optional<Instant> next) {
    Objects.requireNonNull(next, "next");
    Entry entry = byId.get(scheduleId);
    if (entry == null) {
      return;
    }
    if (next.isEmpty()) {
      remove(scheduleId);
      return;
    }
    byTime.remove(entry);
    entry.fireTime = next.get();
    byTime.add(entry);
  }

  /** The earliest fire time of any schedule; empty when there is none. */
  public synchronized Optional<Instant> earliest() {
    return byTime.isEmpty() ? Optional.empty() : Optional.of(byTime.first().fireTime);
  }

  /** How many schedules it holds. */
  public synchronized int size() {
    return byId.size();
  }

  /** How many distinct cron schedules it has compiled and holds. */
  synchronized int distinctCronSchedules() {
    return shared.size();
  }

  /** How many next fire times its cron schedules have computed (not answered from memory). */
  long computations() {
    return computations.sum();
  }

  private static CronKey key(ScheduleTrigger trigger) {
    return trigger instanceof CronTrigger cron
        ? new CronKey(cron.expression(), cron.syntax(), cron.zone())
        : null;
  }

  private MemoFireTimes acquire(CronKey key) {
    Shared s = shared.get(key);
    if (s == null) {
      s = new Shared(key.equals(pendingKey) ? pending : memo(key));
      shared.put(key, s);
      pendingKey = null;
      pending = null;
    }
    s.users++;
    return s.times;
  }

  private synchronized FireTimes sharedOrCompiled(CronKey key) {
    Shared s = shared.get(key);
    if (s != null) {
      return s.times;
    }
    if (!key.equals(pendingKey)) {
      pending = memo(key);
      pendingKey = key;
    }
    return pending;
  }

  private MemoFireTimes memo(CronKey key) {
    return new MemoFireTimes(
        Schedules.cron(key.expression(), key.syntax(), key.zone()), computations);
  }

  private void forget(Entry entry) {
    byTime.remove(entry);
    if (entry.key != null) {
      Shared s = shared.get(entry.key);
      if (s != null && --s.users == 0) {
        shared.remove(entry.key);
      }
    }
  }
}
