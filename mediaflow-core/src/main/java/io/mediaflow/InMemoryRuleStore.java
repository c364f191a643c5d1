package io.mediaflow;

import io.mediaflow.api.rule.RuleCounters;
import io.mediaflow.api.store.RuleArguments;
import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.StoredRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules of an {@link InMemoryStorage}: the latest revision of each with its counters, by id,
 * under one monitor. A save is a compare-and-set on the revision; counts are added under the same
 * monitor, so none is lost; the change count moves with every save, switch and removal. Engines
 * sharing it live in this JVM and poll {@link #changeCount()}: there is nothing to listen to.
 */
final class InMemoryRuleStore implements RuleStore {

  private final TreeMap<String, StoredRule> byId = new TreeMap<>();
  private long changes;

  @Override
  public StoredRule save(
      String id, String definition, boolean enabled, int expectedRevision, Instant now) {
    RuleArguments.checkSave(id, definition, expectedRevision, now);
    synchronized (this) {
      StoredRule current = byId.get(id);
      int actual = current == null ? 0 : current.revision();
      if (actual != expectedRevision) {
        throw RuleArguments.conflict(id, expectedRevision, actual);
      }
      StoredRule saved =
          current == null
              ? new StoredRule(id, 1, enabled, definition, RuleCounters.NONE, now, now)
              : new StoredRule(
                  id,
                  actual + 1,
                  enabled,
                  definition,
                  current.counters(),
                  current.createdAt(),
                  now);
      byId.put(id, saved);
      changes++;
      return saved;
    }
  }

  /** A switch to the state the rule is in already changes nothing, not even the revision. */
  @Override
  public Optional<StoredRule> setEnabled(String id, boolean enabled, Instant now) {
    RuleArguments.checkId(id);
    Objects.requireNonNull(now, "now");
    synchronized (this) {
      StoredRule current = byId.get(id);
      if (current == null || current.enabled() == enabled) {
        return Optional.ofNullable(current);
      }
      StoredRule switched =
          new StoredRule(
              id,
              current.revision() + 1,
              enabled,
              current.definition(),
              current.counters(),
              current.createdAt(),
              now);
      byId.put(id, switched);
      changes++;
      return Optional.of(switched);
    }
  }

  @Override
  public synchronized Optional<StoredRule> find(String id) {
    RuleArguments.checkId(id);
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<StoredRule> list(int page, int size) {
    RuleArguments.checkPage(page, size);
    long skip = (long) page * size;
    List<StoredRule> out = new ArrayList<>(Math.min(size, 64));
    synchronized (this) {
      if (skip >= byId.size()) {
        return List.of();
      }
      Iterator<StoredRule> it = byId.values().iterator();
      for (long i = 0; i < skip; i++) {
        it.next();
      }
      while (it.hasNext() && out.size() < size) {
        out.add(it.next());
      }
    }
    return out;
  }

  @Override
  public synchronized boolean remove(String id) {
    RuleArguments.checkId(id);
    if (byId.remove(id) == null) {
      return false;
    }
    changes++;
    return true;
  }

  /** Adds every count under the monitor; a count for a rule removed meanwhile is dropped. */
  @Override
  public void count(List<RuleCount> counts) {
    List<RuleCount> copy = List.copyOf(counts);
    synchronized (this) {
      for (RuleCount c : copy) {
        StoredRule rule = byId.get(c.ruleId());
        if (rule != null) {
          byId.put(c.ruleId(), withCounters(rule, added(rule.counters(), c)));
        }
      }
    }
  }

  private static RuleCounters added(RuleCounters was, RuleCount c) {
    Optional<Instant> lastRun = was.lastRun();
    if (c.lastRun().isPresent()
        && (lastRun.isEmpty() || c.lastRun().get().isAfter(lastRun.get()))) {
      lastRun = c.lastRun();
    }
    return new RuleCounters(
        was.executions() + c.executions(),
        was.successes() + c.successes(),
        was.failures() + c.failures(),
        was.skipped() + c.skipped(),
        lastRun,
        c.lastError().isPresent() ? c.lastError().map(RuleArguments::cutError) : was.lastError());
  }

  private static StoredRule withCounters(StoredRule rule, RuleCounters counters) {
    return new StoredRule(
        rule.id(),
        rule.revision(),
        rule.enabled(),
        rule.definition(),
        counters,
        rule.createdAt(),
        rule.updatedAt());
  }

  @Override
  public synchronized long changeCount() {
    return changes;
  }

  synchronized int size() {
    return byId.size();
  }
}
