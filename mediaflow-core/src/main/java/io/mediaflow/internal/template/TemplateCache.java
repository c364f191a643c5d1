package io.mediaflow.internal.template;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiled templates by their text, at most {@code capacity} of them: a workflow's templates are
 * compiled once per engine, not once per run. When full, an arbitrary entry makes room; a template
 * compiled again costs microseconds, so no recency is tracked on the hot path.
 */
final class TemplateCache {

  private final ConcurrentHashMap<String, CompiledTemplate> map = new ConcurrentHashMap<>();
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
    while (map.size() >= capacity) {
      Iterator<String> it = map.keySet().iterator();
      if (!it.hasNext()) {
        break;
      }
      map.remove(it.next());
    }
    map.putIfAbsent(template, t);
    return t;
  }

  int size() {
    return map.size();
  }
}
