package io.mediaflow.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rules and their counters, the part of a {@link Storage} that {@link Storage#rules()} hands out. A
 * run does not read its rule from here once submitted: it carries what it runs, so updating or
 * removing a rule never changes a run under way. Only the latest revision of each rule is kept.
 *
 * <p><b>Seeing changes.</b> Engines sharing a store keep its rules in memory and reload them when
 * {@link #changeCount()} moves (every save, switch and removal moves it); they look at it every
 * poll interval, and at once when the store tells them through {@link #onChange} (PostgreSQL does,
 * with a notification).
 *
 * <p>Every implementation guarantees, and the testkit's {@code RuleStoreContract} proves:
 *
 * <ul>
 *   <li>a save is durable before it returns, and a compare-and-set on the revision: two editors
 *       updating the same revision cannot both win, the second gets {@link
 *       StorageException#RULE_CONFLICT};
 *   <li>{@link #list} is ordered by id and sees every rule saved before it was called;
 *   <li>{@link #changeCount()} after a save, switch or removal is greater than before it, on every
 *       engine sharing the store;
 *   <li>counts from many threads at once are all added, none lost.
 * </ul>
 *
 * <p><b>Arguments.</b> A rule id is 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 .
 * _ : -}, starting with a letter or digit. A null argument throws {@link NullPointerException}; any
 * other bad argument a {@link StorageException} with {@link
 * io.mediaflow.api.ErrorCode#INVALID_VALUE} or {@link io.mediaflow.api.ErrorCode#OUT_OF_RANGE}.
 */
public interface RuleStore {

  /** The longest rule id, in characters. */
  int MAX_ID_LENGTH = 128;

  /** The longest last error kept, in characters; a longer one is cut. */
  int MAX_ERROR_LENGTH = 2000;

  /** The largest page {@link #list} hands out. */
  int MAX_PAGE_SIZE = 1000;

  /**
   * Saves a rule: the first revision when {@code expectedRevision} is 0, else the revision after
   * {@code expectedRevision}, which must be the latest. Counters are kept across revisions.
   *
   * @return what was stored, with its new revision
   * @throws StorageException {@link StorageException#RULE_CONFLICT} when the rule exists and {@code
   *     expectedRevision} is 0, or does not exist or has another latest revision; the message names
   *     the rule, the revision expected and the one found
   */
  StoredRule save(String id, String definition, boolean enabled, int expectedRevision, Instant now);

  /**
   * Enables or disables a rule (a new revision when it changes anything).
   *
   * @return the rule as stored now; empty when there is no such rule
   */
  Optional<StoredRule> setEnabled(String id, boolean enabled, Instant now);

  /** The latest revision of the rule, with its counters, if it exists. */
  Optional<StoredRule> find(String id);

  /**
   * The latest revision of every rule, ordered by id, paged from 0.
   *
   * @param size 1 to {@link #MAX_PAGE_SIZE}
   */
  List<StoredRule> list(int page, int size);

  /** Removes the rule and its counters; false when there was none. */
  boolean remove(String id);

  /**
   * Adds counts to rules' counters, in one transaction where the store has them. A count for a rule
   * that does not exist (removed meanwhile) is ignored.
   */
  void count(List<RuleCount> counts);

  /** A number that grows with every save, switch and removal, as every engine sharing it sees. */
  long changeCount();

  /**
   * Asks to be told, on any thread, when another engine may have changed a rule. A store that
   * cannot tell (it is polled through {@link #changeCount()}) ignores it, the default.
   */
  default void onChange(Runnable listener) {}
}
