package io.mediaflow;

import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.store.WorkflowArguments;
import io.mediaflow.api.store.WorkflowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workflow definitions of an {@link InMemoryStorage}: the latest revision of each, by id, under
 * one monitor (a save is a compare-and-set on the revision), and the correlation index of waiting
 * runs, which the job store owns so that a job it removes takes its waiters with it.
 */
final class InMemoryWorkflowStore implements WorkflowStore {

  private final TreeMap<String, StoredWorkflow> byId = new TreeMap<>();
  private final InMemoryWorkflowWaiters waiters;

  InMemoryWorkflowStore(InMemoryWorkflowWaiters waiters) {
    this.waiters = waiters;
  }

  @Override
  public StoredWorkflow save(
      String id, String name, String definition, int expectedRevision, Instant now) {
    WorkflowArguments.checkSave(id, name, definition, expectedRevision, now);
    synchronized (this) {
      StoredWorkflow current = byId.get(id);
      int actual = current == null ? 0 : current.revision();
      if (actual != expectedRevision) {
        throw WorkflowArguments.conflict(id, expectedRevision, actual);
      }
      StoredWorkflow saved =
          new StoredWorkflow(
              id, actual + 1, name, definition, current == null ? now : current.createdAt(), now);
      byId.put(id, saved);
      return saved;
    }
  }

  @Override
  public synchronized Optional<StoredWorkflow> find(String id) {
    WorkflowArguments.checkId(id);
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<StoredWorkflow> list(int page, int size) {
    WorkflowArguments.checkPage(page, size);
    long skip = (long) page * size;
    List<StoredWorkflow> out = new ArrayList<>(Math.min(size, 64));
    synchronized (this) {
      if (skip >= byId.size()) {
        return List.of();
      }
      Iterator<StoredWorkflow> it = byId.values().iterator();
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
    WorkflowArguments.checkId(id);
    return byId.remove(id) != null;
  }

  @Override
  public void addWaiter(String key, String name, String jobId) {
    WorkflowArguments.checkWaiter(key, name, jobId);
    waiters.add(key, name, jobId);
  }

  @Override
  public boolean removeWaiter(String key, String name, String jobId) {
    WorkflowArguments.checkWaiter(key, name, jobId);
    return waiters.remove(key, name, jobId);
  }

  @Override
  public List<String> waiters(String key, String name) {
    WorkflowArguments.checkWaiter(key, name);
    return waiters.find(key, name);
  }

  synchronized int size() {
    return byId.size();
  }
}
