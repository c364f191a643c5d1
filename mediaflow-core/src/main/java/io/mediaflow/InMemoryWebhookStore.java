package io.mediaflow;

import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/** The webhook registrations of an {@link InMemoryStorage}, in the order each was first saved. */
final class InMemoryWebhookStore implements WebhookStore {

  private final LinkedHashMap<String, WebhookRegistration> hooks = new LinkedHashMap<>();

  @Override
  public synchronized void save(WebhookRegistration registration) {
    Objects.requireNonNull(registration, "registration");
    hooks.put(registration.id(), registration);
  }

  @Override
  public synchronized List<WebhookRegistration> list() {
    return List.copyOf(hooks.values());
  }

  @Override
  public synchronized boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return hooks.remove(id) != null;
  }

  synchronized int size() {
    return hooks.size();
  }
}
