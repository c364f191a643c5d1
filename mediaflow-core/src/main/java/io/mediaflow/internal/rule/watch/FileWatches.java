package io.mediaflow.internal.rule.watch;

import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.SeenFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched folders of one engine, one {@link FolderWatch} per enabled file rule: {@link #sync}
 * starts and stops them as rules change, {@link #tick} hands the files that became due to {@link
 * Firing}, then claims them. The run is submitted first, under an idempotency key of the file
 * version, and the claim follows: two engines watching one shared folder submit the same key (the
 * second is a duplicate) and one of them claims; a crash between the submit and the claim leaves
 * the file unclaimed, so it is due again at start and its submit finds the run already there.
 * Nothing is lost; a run is doubled only if the engine stays down longer than the job retention
 * after such a crash.
 */
public final class FileWatches implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileWatches.class);

  /** Files per claim: one store transaction each. */
  static final int CLAIM_CHUNK = 1_000;

  /** What fires a rule's runs for files it claimed. */
  @FunctionalInterface
  public interface Firing {
    /**
     * Submits one run per file.
     *
     * @param triggers each run's trigger data
     * @param keys what makes each run's idempotency key unique within the rule
     */
    void fire(String ruleId, List<Map<String, Object>> triggers, List<String> keys);
  }

  private final Supplier<FileStateStore> store;
  private final Clock clock;
  private final Function<String, Path> resolve;
  private final Map<String, FolderWatch> watches = new HashMap<>();

  /**
   * @param store the handled-file state (asked for only when a file rule exists: a storage without
   *     one fails those rules only)
   * @param resolve a folder's path as written to the real folder inside the allowed roots; throws
   *     when it is not allowed
   */
  public FileWatches(Supplier<FileStateStore> store, Clock clock, Function<String, Path> resolve) {
    this.store = store;
    this.clock = clock;
    this.resolve = resolve;
  }

  /**
   * Starts the watches of the enabled file rules that have none (or whose trigger changed), and
   * stops the others.
   */
  public synchronized void sync(Map<String, Rule> rules) {
    for (var it = watches.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Rule r = rules.get(e.getKey());
      if (r == null || !r.enabled() || !e.getValue().trigger().equals(r.trigger())) {
        e.getValue().close();
        it.remove();
      }
    }
    for (Rule r : rules.values()) {
      if (r.enabled() && r.trigger() instanceof FileTrigger t && !watches.containsKey(r.id())) {
        try {
          watches.put(
              r.id(), new FolderWatch(r.id(), t, resolve.apply(t.path()), store.get(), clock));
        } catch (RuntimeException e) {
          LOG.warn("rule {} cannot watch {} and does not fire: {}", r.id(), t.path(), e.toString());
        }
      }
    }
  }

  /** Whether any folder is watched (the rule loop then ticks every second). */
  public synchronized boolean any() {
    return !watches.isEmpty();
  }

  /** The rules whose folders are watched. */
  public synchronized Set<String> watched() {
    return Set.copyOf(watches.keySet());
  }

  /**
   * Looks at every watched folder: claims the files due and fires the ones claimed here.
   *
   * @return how many files this engine claimed
   */
  public synchronized int tick(Instant now, Firing firing) {
    int fired = 0;
    for (Map.Entry<String, FolderWatch> e : watches.entrySet()) {
      try {
        fired += tick(e.getKey(), e.getValue(), now, firing);
      } catch (RuntimeException ex) {
        // one folder's trouble (a store down, a listing refused) leaves the others watched
        LOG.warn("rule {}: watching its folder failed: {}", e.getKey(), ex.toString());
      }
    }
    return fired;
  }

  private int tick(String ruleId, FolderWatch w, Instant now, Firing firing) {
    List<SeenFile> due = w.due(now);
    int fired = 0;
    for (int from = 0; from < due.size(); from += CLAIM_CHUNK) {
      List<SeenFile> chunk = due.subList(from, Math.min(due.size(), from + CLAIM_CHUNK));
      List<Map<String, Object>> triggers = new ArrayList<>(chunk.size());
      List<String> keys = new ArrayList<>(chunk.size());
      for (SeenFile f : chunk) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ruleId", ruleId);
        t.put("file", w.data(f));
        triggers.add(t);
        keys.add(key(f));
      }
      firing.fire(ruleId, triggers, keys); // idempotent per file version: a repeat is a duplicate
      Set<SeenFile> claimed = store.get().claim(ruleId, chunk, now);
      w.handled(chunk);
      fired += claimed.size();
    }
    return fired;
  }

  /** What makes the idempotency key of a file version's run unique within its rule. */
  static String key(SeenFile f) {
    return "file:"
        + Long.toHexString(KnownFiles.pathKey(f.path()))
        + ":"
        + Long.toHexString(KnownFiles.version(f.size(), f.modified()));
  }

  /** Forgets what a removed rule's watch handled. */
  public synchronized void forget(String ruleId) {
    FolderWatch w = watches.remove(ruleId);
    if (w != null) {
      w.close();
    }
    try {
      store.get().forget(ruleId);
    } catch (UnsupportedOperationException e) {
      // a storage without handled-file state never watched anything for this rule
    }
  }

  @Override
  public synchronized void close() {
    watches.values().forEach(FolderWatch::close);
    watches.clear();
  }
}
