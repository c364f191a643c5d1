package io.mediaflow;

import io.mediaflow.api.store.FileStateArguments;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.LibraryArguments;
import io.mediaflow.api.store.SeenFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The handled files of {@link InMemoryStorage}: per watch, the claimed version of each path in a
 * map sorted by path (code-point order, as every store lists them), under one monitor, so a claim
 * is atomic among the threads of this JVM. It holds one entry per path present (a rescan's {@link
 * #forgetMissing} drops the others): about 200 bytes each, some 20 MB for 100,000 files.
 */
final class InMemoryFileStateStore implements FileStateStore {

  private final Map<String, NavigableMap<String, SeenFile>> watches = new HashMap<>();

  @Override
  public synchronized Set<SeenFile> claim(String watchId, Collection<SeenFile> files, Instant now) {
    FileStateArguments.checkClaim(watchId, files, now);
    NavigableMap<String, SeenFile> known =
        watches.computeIfAbsent(watchId, w -> new TreeMap<>(LibraryArguments.ORDER));
    Set<SeenFile> claimed = new LinkedHashSet<>();
    for (SeenFile file : files) {
      if (!file.equals(known.put(file.path(), file))) {
        claimed.add(file);
      }
    }
    if (known.isEmpty()) {
      watches.remove(watchId); // an empty claim leaves no trace
    }
    return claimed;
  }

  @Override
  public synchronized List<SeenFile> claimed(String watchId, int page, int size) {
    FileStateArguments.checkPage(watchId, page, size);
    NavigableMap<String, SeenFile> known = watches.get(watchId);
    long from = (long) page * size;
    if (known == null || from >= known.size()) {
      return List.of();
    }
    return known.values().stream().skip(from).limit(size).toList();
  }

  @Override
  public synchronized int forgetMissing(String watchId, Collection<String> present) {
    FileStateArguments.checkForgetMissing(watchId, present);
    NavigableMap<String, SeenFile> known = watches.get(watchId);
    if (known == null) {
      return 0;
    }
    Set<String> kept = present instanceof Set<String> set ? set : new HashSet<>(present);
    List<String> gone = new ArrayList<>();
    for (String path : known.keySet()) {
      if (!kept.contains(path)) {
        gone.add(path);
      }
    }
    gone.forEach(known::remove);
    if (known.isEmpty()) {
      watches.remove(watchId);
    }
    return gone.size();
  }

  @Override
  public synchronized int forget(String watchId) {
    FileStateArguments.checkWatchId(watchId);
    NavigableMap<String, SeenFile> known = watches.remove(watchId);
    return known == null ? 0 : known.size();
  }

  /** How many file versions are kept over all watches. */
  synchronized int size() {
    return watches.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public String toString() {
    return "InMemoryFileStateStore[" + size() + " files]";
  }
}
