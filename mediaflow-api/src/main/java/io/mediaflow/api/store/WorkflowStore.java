package io.mediaflow.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workflow definitions, the part of a {@link Storage} that {@link Storage#workflows()} hands out. A
 * run does not read its definition from here once started: it carries the revision it started with,
 * so updating or removing a workflow never changes a run under way.
 *
 * <p>Every implementation guarantees, and the testkit's {@code WorkflowStoreContract} proves:
 *
 * <ul>
 *   <li>a save is durable before it returns;
 *   <li>a save is a compare-and-set on the revision: two editors updating the same revision cannot
 *       both win, the second gets {@link StorageException#WORKFLOW_CONFLICT};
 *   <li>{@link #list} is ordered by id and sees every workflow saved before it was called.
 * </ul>
 */
public interface WorkflowStore {

  /**
   * Saves a definition: the first revision when {@code expectedRevision} is 0, else the revision
   * after {@code expectedRevision}, which must be the latest.
   *
   * @return what was stored, with its new revision
   * @throws StorageException {@link StorageException#WORKFLOW_CONFLICT} when the workflow exists
   *     and {@code expectedRevision} is 0, or does not exist or has another latest revision
   */
  StoredWorkflow save(String id, String name, String definition, int expectedRevision, Instant now);

  /** The latest revision of the workflow, if it exists. */
  Optional<StoredWorkflow> find(String id);

  /** The latest revision of every workflow, ordered by id, paged from 0. */
  List<StoredWorkflow> list(int page, int size);

  /** Removes the workflow (every revision); false when there was none. */
  boolean remove(String id);
}
