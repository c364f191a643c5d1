package io.mediaflow.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workflow definitions, the part of a {@link Storage} that {@link Storage#workflows()} hands out. A
 * run does not read its definition from here once started: it carries the revision it started with,
 * so updating or removing a workflow never changes a run under way. Only the latest revision of
 * each workflow is kept.
 *
 * <p>It also keeps the <b>correlation index</b> of runs waiting for a signal under a key ({@link
 * #addWaiter}, {@link #waiters}, {@link #removeWaiter}): a run waiting on a {@code delay} node with
 * a correlation {@code key} records itself before it waits, and {@code flow.workflows().signal(key,
 * name, payload)} signals every run that {@link #waiters} names.
 *
 * <p>Every implementation guarantees, and the testkit's {@code WorkflowStoreContract} proves:
 *
 * <ul>
 *   <li>a save is durable before it returns;
 *   <li>a save is a compare-and-set on the revision: two editors updating the same revision cannot
 *       both win, the second gets {@link StorageException#WORKFLOW_CONFLICT};
 *   <li>{@link #list} is ordered by id and sees every workflow saved before it was called;
 *   <li>a waiter is found by {@link #waiters} from the moment {@link #addWaiter} returns until it
 *       is removed, its job is over (completed, cancelled or dead) or its job is deleted; deleting
 *       or purging a job removes its waiters.
 * </ul>
 *
 * <p><b>Arguments.</b> A workflow id is 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z
 * 0-9 . _ : -}, starting with a letter or digit (so it orders alike on every database and fits in a
 * URL); a correlation key is 1 to {@value #MAX_KEY_LENGTH} characters without U+0000 (a file path,
 * an external id); a signal name 1 to {@value #MAX_NAME_LENGTH} characters. A null argument throws
 * {@link NullPointerException}; any other bad argument a {@link StorageException} with {@link
 * io.mediaflow.api.ErrorCode#INVALID_VALUE} or {@link io.mediaflow.api.ErrorCode#OUT_OF_RANGE} that
 * names the argument and what was given.
 */
public interface WorkflowStore {

  /** The longest workflow id, in characters. */
  int MAX_ID_LENGTH = 128;

  /** The longest correlation key, in characters. */
  int MAX_KEY_LENGTH = 4096;

  /** The longest signal name, in characters. */
  int MAX_NAME_LENGTH = 255;

  /** The largest page {@link #list} hands out. */
  int MAX_PAGE_SIZE = 1000;

  /**
   * Saves a definition: the first revision when {@code expectedRevision} is 0, else the revision
   * after {@code expectedRevision}, which must be the latest.
   *
   * @param name for people; null is stored as empty
   * @return what was stored, with its new revision
   * @throws StorageException {@link StorageException#WORKFLOW_CONFLICT} when the workflow exists
   *     and {@code expectedRevision} is 0, or does not exist or has another latest revision; the
   *     message names the workflow, the revision expected and the one found
   */
  StoredWorkflow save(String id, String name, String definition, int expectedRevision, Instant now);

  /** The latest revision of the workflow, if it exists. */
  Optional<StoredWorkflow> find(String id);

  /**
   * The latest revision of every workflow, ordered by id, paged from 0.
   *
   * @param size 1 to {@link #MAX_PAGE_SIZE}
   */
  List<StoredWorkflow> list(int page, int size);

  /** Removes the workflow (every revision); false when there was none. Waiters are not touched. */
  boolean remove(String id);

  /**
   * Records that job {@code jobId} (a workflow run) waits for the signal {@code name} under the
   * correlation {@code key}. Recording the same waiter again changes nothing, so a run that replays
   * its wait may call it again. Record it before the job yields: a signal sent between this call
   * and the yield is stored on the job and wakes it as soon as it yields.
   *
   * @throws StorageException {@link StorageException#JOB_NOT_FOUND} when the job store holds no
   *     such job
   */
  void addWaiter(String key, String name, String jobId);

  /** Forgets that {@code jobId} waits on {@code key} for {@code name}; false when it was not. */
  boolean removeWaiter(String key, String name, String jobId);

  /**
   * The ids of the jobs waiting on {@code key} for the signal {@code name}, ordered by id: every
   * waiter recorded and not removed whose job is not over (a job that is completed, cancelled or
   * dead is left out; one that is re-queued from dead is found again). Empty when there is none.
   */
  List<String> waiters(String key, String name);
}
