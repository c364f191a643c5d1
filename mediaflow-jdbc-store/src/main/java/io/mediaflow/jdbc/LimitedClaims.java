package io.mediaflow.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs this store claimed that count under a concurrency limit (the claim returns the job's key),
 * so that their completion goes straight to the statement that gives places back ({@link
 * Dialect#completeLimitedInOneStatement}) instead of first trying the one for free jobs, which
 * skips them: one round trip saved per batch of a rule's runs.
 *
 * <p>Only a routing hint, never a decision: the statements check each job's key themselves, so a
 * job missing here (marks dropped, another store's claim) is still completed right, one statement
 * later. Marks are taken by the completion; those of jobs that end otherwise (failed, cancelled)
 * are dropped all at once beyond {@value #MAX}.
 */
final class LimitedClaims {

  /** The most marks kept; beyond, they are all dropped. */
  static final int MAX = 50_000;

  private final Set<String> ids = ConcurrentHashMap.newKeySet();

  /** A job claimed with a limit key. */
  void claimed(String jobId) {
    if (ids.size() >= MAX) {
      ids.clear();
    }
    ids.add(jobId);
  }

  /** Whether the job was claimed here with a limit key; the mark goes either way. */
  boolean take(String jobId) {
    return ids.remove(jobId);
  }
}
