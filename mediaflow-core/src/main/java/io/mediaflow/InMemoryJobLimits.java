package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Admission.Outcome;
import io.mediaflow.api.store.LimitedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The concurrency limits of the in-memory job store ({@link #submitLimited}): per limit key, the
 * unfinished jobs that hold a place and the jobs buffered behind them, oldest first. Every decision
 * and every place given back happens under the store's one lock, in the same change as its cause (a
 * submit, or the change that ends a job), so no two threads ever see a free place at once and no
 * buffered job is forgotten. {@link InMemoryJobStore} adds the rest.
 */
abstract class InMemoryJobLimits extends InMemoryJobWaits {

  /**
   * The due time of a buffered job: one no claim reaches, so only the job that gives back a place
   * makes it due. The JDBC stores use the same instant.
   */
  static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");

  /** One limit key: its jobs that hold a place, and those waiting for one in submit order. */
  private static final class Limit {
    int max;
    final LinkedHashSet<JobSlot> holding = new LinkedHashSet<>();
    final LinkedHashSet<JobSlot> waiting = new LinkedHashSet<>();
  }

  // one entry per key ever used (a rule's id): a few bytes each, so they are kept
  private final HashMap<String, Limit> limits = new HashMap<>();

  InMemoryJobLimits(int finishedJobsKept) {
    super(finishedJobsKept);
  }

  /** Decides every request under one lock, in order: another thread sees all or none. */
  @Override
  public List<Admission> submitLimited(List<LimitedRequest> requests, Instant now) {
    List<LimitedRequest> copy = List.copyOf(requests);
    Objects.requireNonNull(now, "now");
    List<Admission> out = new ArrayList<>(copy.size());
    synchronized (lock) {
      for (LimitedRequest r : copy) {
        out.add(admit(r, now));
      }
    }
    tellIfWoken(); // a CANCEL_OTHER may have woken parents waiting for the jobs it cancelled
    return out;
  }

  private Admission admit(LimitedRequest r, Instant now) {
    JobRequest request = r.request();
    if (!request.idempotencyKey().isEmpty()) {
      JobSlot existing = byIdempotencyKey.get(request.idempotencyKey());
      if (existing != null) {
        return new Admission(Outcome.DUPLICATE, Optional.of(existing.job), List.of());
      }
    }
    Limit limit = limits.computeIfAbsent(r.limitKey(), k -> new Limit());
    limit.max = r.maxConcurrent(); // the latest request's limit is the one held to
    if (r.overlap() == OverlapPolicy.ALLOW_ALL || limit.holding.size() < limit.max) {
      return started(start(request, r.limitKey(), limit, now), List.of());
    }
    return switch (r.overlap()) {
      case BUFFER_ALL -> buffer(request, r.limitKey(), limit, now);
      case BUFFER_ONE ->
          limit.waiting.isEmpty() ? buffer(request, r.limitKey(), limit, now) : skipped();
      case CANCEL_OTHER -> {
        List<String> cancelled = cancelOthers(limit, now);
        yield started(start(request, r.limitKey(), limit, now), cancelled);
      }
      case SKIP, ALLOW_ALL -> skipped();
    };
  }

  private static Admission started(Job job, List<String> cancelled) {
    return new Admission(Outcome.STARTED, Optional.of(job), cancelled);
  }

  private static Admission skipped() {
    return new Admission(Outcome.SKIPPED, Optional.empty(), List.of());
  }

  /** Stores the job as a submit would, holding a place. */
  private Job start(JobRequest request, String key, Limit limit, Instant now) {
    Job job = insert(request, now);
    JobSlot slot = byId.get(job.id());
    slot.limitKey = key;
    limit.holding.add(slot);
    return job;
  }

  /**
   * Stores the job SCHEDULED until {@link #NEVER}, waiting with {@link WaitReason#OVERLAP}; it is
   * kept out of the time index, since only a place given back makes it due.
   */
  private Admission buffer(JobRequest request, String key, Limit limit, Instant now) {
    Job inserted = insert(request.withRunAt(NEVER), now);
    JobSlot slot = byId.get(inserted.id());
    unindex(slot);
    // not a change but part of the insert, which no other thread has seen: same version
    Job job = inserted.toBuilder().waitReason(Optional.of(WaitReason.OVERLAP)).build();
    slot.job = job;
    slot.limitKey = key;
    limit.waiting.add(slot);
    return new Admission(Outcome.BUFFERED, Optional.of(job), List.of());
  }

  /**
   * Cancels every unfinished job of the key, with its descendants, as {@link #cancel} does. Their
   * key is cleared first, so their cancels give back nothing: the new job then holds the only
   * place. A failed job cannot be cancelled (its engine retries or buries it at once); it keeps its
   * place.
   *
   * @return the ids of the jobs of the key cancelled, oldest first
   */
  private List<String> cancelOthers(Limit limit, Instant now) {
    List<JobSlot> others = new ArrayList<>(limit.holding.size() + limit.waiting.size());
    others.addAll(limit.holding);
    others.addAll(limit.waiting);
    others.removeIf(slot -> slot.job.state() == JobState.FAILED);
    others.sort((a, b) -> Long.compare(a.seq, b.seq));
    limit.waiting.clear();
    limit.holding.removeAll(others);
    List<String> cancelled = new ArrayList<>(others.size());
    for (JobSlot slot : others) {
      slot.limitKey = null;
      cancelled.add(slot.job.id());
    }
    for (JobSlot slot : others) {
      JobState state = slot.job.state();
      if (state == JobState.PENDING
          || state == JobState.SCHEDULED
          || state == JobState.PROCESSING) {
        cancelTree(slot, now); // else cancelled already, as a descendant of an earlier one
      }
    }
    return cancelled;
  }

  @Override
  void givePlaceBack(JobSlot slot, Instant now) {
    Limit limit = slot.limitKey == null ? null : limits.get(slot.limitKey);
    if (limit == null || limit.waiting.remove(slot) || !limit.holding.remove(slot)) {
      return; // an ordinary job, or a buffered one that simply stops waiting
    }
    if (!limit.waiting.isEmpty() && limit.holding.size() < limit.max) {
      Iterator<JobSlot> oldest = limit.waiting.iterator();
      JobSlot next = oldest.next();
      oldest.remove();
      limit.holding.add(next);
      wake(next, now);
    }
  }

  /** A requeue takes its place even when that goes over the limit: the host asked for it. */
  @Override
  void takePlaceAgain(JobSlot slot) {
    if (slot.limitKey != null) {
      limits.computeIfAbsent(slot.limitKey, k -> new Limit()).holding.add(slot);
    }
  }
}
