package io.mediaflow.internal.template;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Compiled templates by their text, at most {@code capacity} of them and at most {@link
 * #MAX_CHARACTERS} characters of template text in all (4,096 templates of 64 KiB each would
 * otherwise hold half a gigabyte): a workflow's templates are compiled once per engine, not once
 * per run. When full, arbitrary entries make room; a template compiled again costs microseconds, so
 * no recency is tracked on the hot path.
 */
final class TemplateCache {

  /** The most template text the cache holds, in characters (8 MiB of memory for the text). */
  static final long MAX_CHARACTERS = 4L * 1024 * 1024;

  private final ConcurrentHashMap<String, CompiledTemplate> map = new ConcurrentHashMap<>();
  private final AtomicLong characters = new AtomicLong();
  private final int capacity;

  TemplateCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
    }
    this.capacity = capacity;
  }

  CompiledTemplate get(String template, Function<String, CompiledTemplate> compile) {
    CompiledTemplate t = map.get(template);
    if (t != null) {
      return t;
    }
    t = compile.apply(template); // outside the map: a failing compile leaves nothing behind
    while (map.size() >= capacity || characters.get() + template.length() > MAX_CHARACTERS) {
      Iterator<String> it = map.keySet().iterator();
      if (!it.hasNext()) {
        break;
      }
      String old = it.next();
      if (map.remove(old) != null) {
        characters.addAndGet(-old.length());
      }
    }
    if (map.putIfAbsent(template, t) == null) {
      characters.addAndGet(template.length());
    }
    return t;
  }

  int size() {
    return map.size();
  }

  long characters() {
    return characters.get();
  }
}
