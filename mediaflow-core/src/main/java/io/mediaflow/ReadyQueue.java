package io.mediaflow;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Ready jobs of one type: highest priority first, then earliest due, then oldest. */
final class ReadyQueue {
  final TreeMap<Integer, TreeSet<JobSlot>> byPriority = new TreeMap<>(Comparator.reverseOrder());

  void add(JobSlot slot) {
    byPriority.computeIfAbsent(slot.priority, p -> new TreeSet<>(JobSlot.BY_DUE)).add(slot);
  }

  void remove(JobSlot slot) {
    TreeSet<JobSlot> set = byPriority.get(slot.priority);
    if (set != null && set.remove(slot) && set.isEmpty()) {
      byPriority.remove(slot.priority);
    }
  }

  JobSlot peek() {
    Map.Entry<Integer, TreeSet<JobSlot>> first = byPriority.firstEntry();
    return first == null ? null : first.getValue().first();
  }

  JobSlot poll() {
    Map.Entry<Integer, TreeSet<JobSlot>> first = byPriority.firstEntry();
    if (first == null) {
      return null;
    }
    TreeSet<JobSlot> set = first.getValue();
    JobSlot slot = set.pollFirst();
    if (set.isEmpty()) {
      byPriority.remove(first.getKey());
    }
    slot.where = JobSlot.NOWHERE;
    return slot;
  }
}
