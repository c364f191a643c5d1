package io.mediaflow;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The webhook registrations of an {@link InMemoryStorage}, in the order each was first saved, and
 * their delivery attempts, kept per registration in the order they were sent, newest last (ties in
 * the order recorded).
 */
final class InMemoryWebhookStore implements WebhookStore {

  private final LinkedHashMap<String, WebhookRegistration> hooks = new LinkedHashMap<>();
  private final Map<String, Deque<DeliveryAttempt>> attempts = new HashMap<>();

  @Override
  public synchronized void save(WebhookRegistration registration) {
    Objects.requireNonNull(registration, "registration");
    hooks.put(registration.id(), registration);
  }

  @Override
  public synchronized Optional<WebhookRegistration> get(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(hooks.get(id));
  }

  @Override
  public synchronized List<WebhookRegistration> list() {
    return List.copyOf(hooks.values());
  }

  @Override
  public synchronized boolean setActive(String id, boolean active) {
    Objects.requireNonNull(id, "id");
    WebhookRegistration r = hooks.get(id);
    if (r == null) {
      return false;
    }
    hooks.put(id, r.withActive(active));
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    attempts.remove(id);
    return hooks.remove(id) != null;
  }

  @Override
  public synchronized void recordAttempt(DeliveryAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    if (!hooks.containsKey(attempt.registrationId())) {
      return;
    }
    Deque<DeliveryAttempt> kept =
        attempts.computeIfAbsent(attempt.registrationId(), k -> new ArrayDeque<>());
    // kept in order of sending, as the JDBC store lists them; one recorded late goes back in place
    Deque<DeliveryAttempt> newer = new ArrayDeque<>();
    while (!kept.isEmpty() && kept.peekLast().at().isAfter(attempt.at())) {
      newer.addFirst(kept.pollLast());
    }
    kept.addLast(attempt);
    kept.addAll(newer);
  }

  @Override
  public synchronized List<DeliveryAttempt> attempts(String registrationId, int limit) {
    Objects.requireNonNull(registrationId, "registrationId");
    checkLimit(limit);
    List<DeliveryAttempt> out = new ArrayList<>();
    Iterator<DeliveryAttempt> newestFirst =
        attempts.getOrDefault(registrationId, new ArrayDeque<>()).descendingIterator();
    while (newestFirst.hasNext() && out.size() < limit) {
      out.add(newestFirst.next());
    }
    return out;
  }

  @Override
  public synchronized List<DeliveryAttempt> attemptsOf(String deliveryId) {
    Objects.requireNonNull(deliveryId, "deliveryId");
    List<DeliveryAttempt> out = new ArrayList<>();
    for (Deque<DeliveryAttempt> each : attempts.values()) {
      for (DeliveryAttempt a : each) {
        if (a.deliveryId().equals(deliveryId)) {
          out.add(a);
        }
      }
    }
    out.sort((x, y) -> Integer.compare(x.attempt(), y.attempt()));
    return out;
  }

  @Override
  public synchronized int purgeAttempts(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    int purged = 0;
    for (Deque<DeliveryAttempt> each : attempts.values()) {
      int before = each.size();
      each.removeIf(a -> a.at().isBefore(cutoff));
      purged += before - each.size();
    }
    return purged;
  }

  synchronized int size() {
    return hooks.size();
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000 but was " + limit);
    }
  }
}
