package io.mediaflow;

import io.mediaflow.api.store.LibraryArguments;
import io.mediaflow.api.store.LibraryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The media library of an {@link InMemoryStorage}: the tags of each file and the members of each
 * collection, under one monitor (a library is small next to the job store, and every change is a
 * handful of map operations).
 */
final class InMemoryLibraryStore implements LibraryStore {

  /** Members in the order added, then by path. */
  private static final Comparator<Map.Entry<String, Instant>> MEMBER_ORDER =
      Map.Entry.<String, Instant>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(LibraryArguments.ORDER));

  private final Map<String, TreeSet<String>> tagsByFile = new HashMap<>();
  private final Map<String, Map<String, Instant>> members = new HashMap<>();

  @Override
  public synchronized List<String> tag(
      String file, Collection<String> add, Collection<String> remove) {
    LibraryArguments.checkTagChange(file, add, remove);
    TreeSet<String> tags =
        tagsByFile.computeIfAbsent(file, f -> new TreeSet<>(LibraryArguments.ORDER));
    tags.removeAll(remove);
    tags.addAll(add);
    if (tags.isEmpty()) {
      tagsByFile.remove(file);
    }
    return List.copyOf(tags);
  }

  @Override
  public synchronized List<String> tags(String file) {
    LibraryArguments.checkFile(file);
    TreeSet<String> tags = tagsByFile.get(file);
    return tags == null ? List.of() : List.copyOf(tags);
  }

  @Override
  public synchronized List<String> filesTagged(String tag, int page, int size) {
    LibraryArguments.checkTag(tag);
    LibraryArguments.checkPage(page, size);
    TreeSet<String> files = new TreeSet<>(LibraryArguments.ORDER);
    tagsByFile.forEach(
        (file, tags) -> {
          if (tags.contains(tag)) {
            files.add(file);
          }
        });
    return page(new ArrayList<>(files), page, size);
  }

  @Override
  public synchronized List<String> tagNames() {
    TreeSet<String> all = new TreeSet<>(LibraryArguments.ORDER);
    tagsByFile.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  @Override
  public synchronized boolean addToCollection(String collection, String file, Instant now) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkFile(file);
    Objects.requireNonNull(now, "now");
    return members.computeIfAbsent(collection, c -> new HashMap<>()).putIfAbsent(file, now) == null;
  }

  @Override
  public synchronized boolean removeFromCollection(String collection, String file) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkFile(file);
    Map<String, Instant> in = members.get(collection);
    if (in == null || in.remove(file) == null) {
      return false;
    }
    if (in.isEmpty()) {
      members.remove(collection);
    }
    return true;
  }

  @Override
  public synchronized List<String> collection(String collection, int page, int size) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkPage(page, size);
    Map<String, Instant> in = members.getOrDefault(collection, Map.of());
    List<String> ordered =
        in.entrySet().stream().sorted(MEMBER_ORDER).map(Map.Entry::getKey).toList();
    return page(ordered, page, size);
  }

  @Override
  public synchronized List<String> collectionNames() {
    TreeSet<String> names = new TreeSet<>(LibraryArguments.ORDER);
    names.addAll(members.keySet());
    return List.copyOf(names);
  }

  @Override
  public synchronized List<String> collectionsOf(String file) {
    LibraryArguments.checkFile(file);
    TreeSet<String> names = new TreeSet<>(LibraryArguments.ORDER);
    members.forEach(
        (name, in) -> {
          if (in.containsKey(file)) {
            names.add(name);
          }
        });
    return List.copyOf(names);
  }

  @Override
  public synchronized void moveFile(String from, String to) {
    LibraryArguments.checkFile(from);
    LibraryArguments.checkFile(to);
    if (from.equals(to)) {
      return;
    }
    tagsByFile.remove(to);
    TreeSet<String> tags = tagsByFile.remove(from);
    if (tags != null) {
      tagsByFile.put(to, tags);
    }
    for (Map<String, Instant> in : members.values()) {
      in.remove(to);
      Instant added = in.remove(from);
      if (added != null) {
        in.put(to, added);
      }
    }
    members.values().removeIf(Map::isEmpty);
  }

  @Override
  public synchronized void copyTags(String from, String to) {
    LibraryArguments.checkFile(from);
    LibraryArguments.checkFile(to);
    TreeSet<String> tags = tagsByFile.get(from);
    if (tags != null && !from.equals(to)) {
      tagsByFile.computeIfAbsent(to, f -> new TreeSet<>(LibraryArguments.ORDER)).addAll(tags);
    }
  }

  @Override
  public synchronized void forgetFile(String file) {
    LibraryArguments.checkFile(file);
    tagsByFile.remove(file);
    members.values().forEach(in -> in.remove(file));
    members.values().removeIf(Map::isEmpty);
  }

  synchronized int size() {
    return tagsByFile.size() + members.size();
  }

  private static List<String> page(List<String> all, int page, int size) {
    long from = (long) page * size;
    if (from >= all.size()) {
      return List.of();
    }
    return List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + size)));
  }
}
