package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The files each watched folder has handled, the part of a {@link Storage} that {@link
 * Storage#files()} hands out: a watched folder fires a rule once per version of a file (path, size,
 * modification time), across restarts and across engines watching one shared folder, because firing
 * starts with a claim here that only one caller can win.
 *
 * <p>Every implementation guarantees, and the testkit's {@code FileStateStoreContract} proves:
 *
 * <ul>
 *   <li>of several callers claiming one version of a file under one watch at once (threads, or
 *       engines sharing the store), exactly one gets it; a claim is durable before it returns;
 *   <li>a version claimed once is never claimed again, after any restart; a new version of the same
 *       path (another size or modification time) can be claimed, once;
 *   <li>watches are independent: the same file under two watch ids is two claims;
 *   <li>{@link #forgetMissing} removes the state of paths no longer present, so the store holds at
 *       most one row per file present (bounded by the folder, not by its history).
 * </ul>
 *
 * <p><b>Arguments.</b> A watch id is 1 to {@value #MAX_WATCH_ID_LENGTH} characters of {@code A-Z
 * a-z 0-9 . _ : -} (a rule's id); a path 1 to {@value #MAX_PATH_LENGTH} characters without U+0000.
 * A null argument throws {@link NullPointerException}; any other bad argument a {@link
 * StorageException} with {@link io.mediaflow.api.ErrorCode#INVALID_VALUE} naming it.
 */
public interface FileStateStore {

  /** The longest watch id, in characters. */
  int MAX_WATCH_ID_LENGTH = 128;

  /** The longest path, in characters. */
  int MAX_PATH_LENGTH = 4096;

  /**
   * Claims file versions for a watch, in one transaction where the store has them.
   *
   * @return the files this call claimed (fire for these); the others were claimed before, by this
   *     engine or another
   */
  Set<SeenFile> claim(String watchId, Collection<SeenFile> files, Instant now);

  /**
   * The versions claimed under a watch, for its rescan to tell new files from known ones without a
   * claim each; paged by path from 0.
   *
   * @param size 1 to 10,000
   */
  List<SeenFile> claimed(String watchId, int page, int size);

  /**
   * Forgets the claimed paths of a watch that are not in {@code present} (files deleted or moved
   * away): a file that comes back later is a new file.
   *
   * @return how many were forgotten
   */
  int forgetMissing(String watchId, Collection<String> present);

  /** Forgets everything of a watch (its rule was removed); returns how many rows went. */
  int forget(String watchId);
}
