package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;

/**
 * One job and its index keys. The keys ({@code due}, {@code leaseExpiresAt}) change only while the
 * slot is out of the index they order. Part of {@link InMemoryJobStore}; guarded by its lock.
 */
final class JobSlot {
  static final byte NOWHERE = 0;
  static final byte READY = 1;
  static final byte SCHEDULED = 2;
  static final byte LEASED = 3;

  static final Comparator<JobSlot> BY_DUE =
      (a, b) -> {
        int c = a.due.compareTo(b.due);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };
  static final Comparator<JobSlot> BY_LEASE_EXPIRY =
      (a, b) -> {
        int c = a.leaseExpiresAt.compareTo(b.leaseExpiresAt);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };
  static final Comparator<JobSlot> BY_CLAIM_ORDER =
      (a, b) -> {
        int c = Integer.compare(b.priority, a.priority);
        return c != 0 ? c : BY_DUE.compare(a, b);
      };

  final long seq;
  int priority; // written under the lock, only while out of the ready queues
  volatile Job job;
  Instant due;
  Instant leaseExpiresAt;
  byte where;
  boolean dropped; // by the finished-jobs limit; guarded by the lock
  ArrayDeque<JobLog> logs;
  volatile String plan; // the media plan it ran (JobStore#savePlan); written under the lock
  // durable waits, guarded by the lock: what a job with that wait reason waits for
  String waitSignal;
  int waitChildren;
  int childrenDone; // its children that are COMPLETED, DEAD or CANCELLED
  LinkedHashSet<JobSlot> children; // submitted while it was held, until they are removed
  ArrayList<JobSlot> heldChildren; // finished, kept from the finished-jobs limit until it is over
  // the concurrency limit it was submitted under (submitLimited), kept when it ends so that a
  // requeue takes a place again; null for an ordinary job or one that CANCEL_OTHER cancelled
  String limitKey;

  JobSlot(Job job, long seq) {
    this.job = job;
    this.seq = seq;
    this.priority = job.priority();
  }
}
