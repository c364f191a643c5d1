package io.mediaflow.internal.rule.watch;

import java.time.Instant;
import java.util.BitSet;

/**
 * The file versions a watch has handled, kept compact for folders of 100,000 files: an
 * open-addressing table of two {@code long}s per file, the 64-bit hash of its path and the hash of
 * its version (size, modification time), about 32 bytes a file with the table's slack. A rescan
 * marks the paths it finds; those left unmarked were deleted or moved away.
 *
 * <p>A hash collision between two paths (odds about n²/2⁶⁵, 3 × 10⁻¹⁰ for 100,000 files) could only
 * make the watch ask the store to claim a file again, which the store answers with its own full
 * path, so it never loses nor repeats a firing.
 */
final class KnownFiles {

  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private long[] versions;
  private BitSet seen;
  private int size;
  private int seenCount;

  KnownFiles() {
    this(MIN_CAPACITY);
  }

  private KnownFiles(int capacity) {
    keys = new long[capacity];
    versions = new long[capacity];
    seen = new BitSet(capacity);
  }

  /** How many paths it holds. */
  int size() {
    return size;
  }

  /** Whether this version of the path is the one handled. */
  boolean has(String path, long bytes, Instant modified) {
    int slot = find(pathKey(path));
    return slot >= 0 && versions[slot] == version(bytes, modified);
  }

  /** Records the version of the path handled. */
  void put(String path, long bytes, Instant modified) {
    if ((size + 1) * 2 > keys.length) {
      resize(keys.length * 2);
    }
    insert(pathKey(path), version(bytes, modified));
  }

  /** Starts a rescan: no path is marked. */
  void startScan() {
    seen.clear();
    seenCount = 0;
  }

  /**
   * Marks the path as present in this rescan.
   *
   * @return whether this version of it is the one handled
   */
  boolean mark(String path, long bytes, Instant modified) {
    int slot = find(pathKey(path));
    if (slot < 0) {
      return false;
    }
    if (!seen.get(slot)) {
      seen.set(slot);
      seenCount++;
    }
    return versions[slot] == version(bytes, modified);
  }

  /** How many paths the rescan has not marked. */
  int unmarked() {
    return size - seenCount;
  }

  /** Drops the paths the rescan has not marked. */
  void retainMarked() {
    long[] oldKeys = keys;
    long[] oldVersions = versions;
    BitSet marked = seen;
    int capacity = MIN_CAPACITY;
    while (seenCount * 2 > capacity) {
      capacity *= 2;
    }
    keys = new long[capacity];
    versions = new long[capacity];
    seen = new BitSet(capacity);
    size = 0;
    for (int i = marked.nextSetBit(0); i >= 0; i = marked.nextSetBit(i + 1)) {
      insert(oldKeys[i], oldVersions[i]);
    }
    startScan();
  }

  private void insert(long key, long version) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = key;
        versions[i] = version;
        size++;
        return;
      }
      if (keys[i] == key) {
        versions[i] = version;
        return;
      }
    }
  }

  private int find(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        return -1;
      }
      if (keys[i] == key) {
        return i;
      }
    }
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    long[] oldVersions = versions;
    keys = new long[capacity];
    versions = new long[capacity];
    seen = new BitSet(capacity); // a resize happens between rescans, when nothing is marked
    seenCount = 0;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        insert(oldKeys[i], oldVersions[i]);
      }
    }
  }

  private static int slot(long key, int mask) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  /** A 64-bit hash of a path (FNV-1a, then mixed); never 0, which marks a free slot. */
  static long pathKey(String path) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < path.length(); i++) {
      h ^= path.charAt(i);
      h *= 0x100000001b3L;
    }
    h = mix(h);
    return h == 0 ? 1 : h;
  }

  /** A 64-bit hash of a version: size and modification time to the nanosecond. */
  static long version(long bytes, Instant modified) {
    return mix(mix(bytes) ^ modified.getEpochSecond()) ^ modified.getNano();
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
