package io.mediaflow.internal.durable;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a parent's children from the job store, page by page, in the order they were started. */
final class Children {

  /** The states of a finished child: what {@code awaitChildren} counts. */
  static final Set<JobState> FINISHED =
      Set.of(JobState.COMPLETED, JobState.DEAD, JobState.CANCELLED);

  private Children() {}

  /** How many children the parent has, in any state. */
  static long count(JobStore jobs, String parentId) {
    return jobs.query(JobQuery.all().withParent(parentId).withPage(0, 1)).total();
  }

  /** How many children of the parent have finished. */
  static long finishedCount(JobStore jobs, String parentId) {
    return jobs.finishedChildren(parentId);
  }

  /**
   * The parent's finished children, in start order: the order of {@code started} (the ids this
   * attempt saw started) first, then by creation time and id.
   */
  static List<Job> finished(JobStore jobs, String parentId, List<String> started) {
    List<Job> all = all(jobs, JobQuery.all().withParent(parentId).withStates(FINISHED));
    Map<String, Integer> order = new HashMap<>(started.size() * 2);
    for (int i = 0; i < started.size(); i++) {
      order.put(started.get(i), i);
    }
    all.sort(
        Comparator.<Job>comparingInt(j -> order.getOrDefault(j.id(), Integer.MAX_VALUE))
            .thenComparing(Job::createdAt)
            .thenComparing(Job::id));
    return all;
  }

  /** The children with these ids, in this order; a child that is gone (purged) is left out. */
  static List<Job> byIds(JobStore jobs, String parentId, List<String> ids) {
    Map<String, Job> byId = new HashMap<>(ids.size() * 2);
    for (Job j : all(jobs, JobQuery.all().withParent(parentId))) {
      byId.put(j.id(), j);
    }
    List<Job> result = new ArrayList<>(ids.size());
    for (String id : ids) {
      Job j = byId.get(id);
      if (j != null) {
        result.add(j);
      }
    }
    return result;
  }

  private static List<Job> all(JobStore jobs, JobQuery query) {
    // by id: a child that finishes while the pages are read may shift it onto the next page
    Map<String, Job> result = new LinkedHashMap<>();
    for (int p = 0; ; p++) {
      Page<Job> page = jobs.query(query.withPage(p, JobQuery.MAX_PAGE_SIZE));
      for (Job j : page.items()) {
        result.put(j.id(), j);
      }
      if (!page.hasNext() || page.items().isEmpty()) {
        return new ArrayList<>(result.values());
      }
    }
  }
}
