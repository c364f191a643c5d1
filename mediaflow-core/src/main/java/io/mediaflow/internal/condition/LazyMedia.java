package io.mediaflow.internal.condition;

import io.mediaflow.api.media.MediaInfo;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code media} root of templates and references: a map that probes the subject file the first
 * time one of its keys is read, and never before (a run that never reads {@code media.*} never
 * probes).
 */
public final class LazyMedia extends AbstractMap<String, Object> {

  private final Supplier<MediaInfo> probe;
  private final Function<MediaInfo, Map<String, Object>> facts;
  private Map<String, Object> loaded;

  /**
   * @param probe the probe of the subject, asked once
   * @param facts the facts as a map ({@code duration}, {@code size}, ...)
   */
  public LazyMedia(Supplier<MediaInfo> probe, Function<MediaInfo, Map<String, Object>> facts) {
    this.probe = probe;
    this.facts = facts;
  }

  private Map<String, Object> loaded() {
    if (loaded == null) {
      loaded = facts.apply(probe.get());
    }
    return loaded;
  }

  @Override
  public Object get(Object key) {
    return loaded().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return loaded().containsKey(key);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return loaded().entrySet();
  }
}
