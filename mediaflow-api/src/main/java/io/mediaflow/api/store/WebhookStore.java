package io.mediaflow.api.store;

import java.util.List;

/**
 * Webhook registrations, the part of a {@link Storage} that {@link Storage#webhooks()} hands out
 * (deliveries will join it as a part of their own).
 *
 * <p>Every implementation guarantees, and the testkit's {@code WebhookStoreContract} proves: a save
 * with a known id replaces that registration in place; {@link #list()} returns every registration
 * in the order each id was first saved; a delete of an unknown id returns false.
 */
public interface WebhookStore {

  /** Saves {@code registration}, replacing the one with the same id if there is one. */
  void save(WebhookRegistration registration);

  /** Every registration, in the order each id was first saved. */
  List<WebhookRegistration> list();

  /** Deletes the registration {@code id}; false if there was none. */
  boolean delete(String id);
}
