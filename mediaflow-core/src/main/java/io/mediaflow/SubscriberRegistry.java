package io.mediaflow;

import io.mediaflow.api.event.EventPatterns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who gets which type, for {@link InProcessEventBus}: immutable, replaced as a whole on subscribe
 * and unsubscribe. An exact subscription is found by a map look-up; the wildcard subscriptions that
 * match a type are worked out once per type and cached in this instance.
 */
final class SubscriberRegistry {

  /** Distinct event types whose subscriber lists are cached; past it the cache starts over. */
  private static final int MAX_CACHED_TYPES = 4_096;

  static final SubscriberRegistry EMPTY = new SubscriberRegistry(Map.of(), new EventSubscriber[0]);
  private static final EventSubscriber[] NONE = new EventSubscriber[0];

  private final Map<String, EventSubscriber[]> exact;
  private final EventSubscriber[] wildcards;
  private final ConcurrentHashMap<String, EventSubscriber[]> byType = new ConcurrentHashMap<>();

  private SubscriberRegistry(Map<String, EventSubscriber[]> exact, EventSubscriber[] wildcards) {
    this.exact = exact;
    this.wildcards = wildcards;
  }

  EventSubscriber[] targets(String type) {
    EventSubscriber[] t = byType.get(type);
    if (t == null) {
      t = match(type);
      if (byType.size() >= MAX_CACHED_TYPES) {
        byType.clear();
      }
      byType.put(type, t);
    }
    return t;
  }

  private EventSubscriber[] match(String type) {
    EventSubscriber[] direct = exact.getOrDefault(type, NONE);
    if (wildcards.length == 0) {
      return direct;
    }
    List<EventSubscriber> all = new ArrayList<>(Arrays.asList(direct));
    for (EventSubscriber w : wildcards) {
      if (EventPatterns.matches(w.pattern, type)) {
        all.add(w);
      }
    }
    all.sort(Comparator.comparingLong(s -> s.id));
    return all.toArray(NONE);
  }

  SubscriberRegistry with(EventSubscriber s) {
    if (EventPatterns.isWildcard(s.pattern)) {
      EventSubscriber[] w = Arrays.copyOf(wildcards, wildcards.length + 1);
      w[wildcards.length] = s;
      return new SubscriberRegistry(exact, w);
    }
    Map<String, EventSubscriber[]> e = new HashMap<>(exact);
    EventSubscriber[] old = e.getOrDefault(s.pattern, NONE);
    EventSubscriber[] now = Arrays.copyOf(old, old.length + 1);
    now[old.length] = s;
    e.put(s.pattern, now);
    return new SubscriberRegistry(Map.copyOf(e), wildcards);
  }

  SubscriberRegistry without(EventSubscriber s) {
    if (EventPatterns.isWildcard(s.pattern)) {
      return new SubscriberRegistry(
          exact, Arrays.stream(wildcards).filter(w -> w != s).toArray(EventSubscriber[]::new));
    }
    Map<String, EventSubscriber[]> e = new HashMap<>(exact);
    EventSubscriber[] left =
        Arrays.stream(e.getOrDefault(s.pattern, NONE))
            .filter(x -> x != s)
            .toArray(EventSubscriber[]::new);
    if (left.length == 0) {
      e.remove(s.pattern);
    } else {
      e.put(s.pattern, left);
    }
    return new SubscriberRegistry(Map.copyOf(e), wildcards);
  }

  List<EventSubscriber> all() {
    List<EventSubscriber> all = new ArrayList<>();
    exact.values().forEach(a -> all.addAll(Arrays.asList(a)));
    all.addAll(Arrays.asList(wildcards));
    all.sort(Comparator.comparingLong(s -> s.id));
    return all;
  }
}
