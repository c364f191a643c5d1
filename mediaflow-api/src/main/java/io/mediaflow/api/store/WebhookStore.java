package io.mediaflow.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing webhook registrations and the history of their deliveries, the part of a {@link Storage}
 * that {@link Storage#webhooks()} hands out. The deliveries themselves are durable jobs of type
 * {@code webhook.delivery} in the {@link JobStore}; this part keeps what was attempted.
 *
 * <p>Every implementation guarantees, and the testkit's {@code WebhookStoreContract} proves: a save
 * with a known id replaces that registration in place (every field, including {@link
 * WebhookRegistration#createdAt}); {@link #list()} returns every registration in the order each id
 * was first saved; {@link #setActive} changes that one field without losing a concurrent save of
 * the others; a delete of an unknown id returns false; a delete removes the registration's attempts
 * too; {@link #attempts} lists the newest attempt first.
 */
public interface WebhookStore {

  /** Saves {@code registration}, replacing the one with the same id if there is one. */
  void save(WebhookRegistration registration);

  /** The registration {@code id}, if there is one. */
  Optional<WebhookRegistration> get(String id);

  /** Every registration, in the order each id was first saved. */
  List<WebhookRegistration> list();

  /**
   * Turns the registration {@code id} on or off, leaving every other field as it is stored; false
   * if there is none.
   */
  boolean setActive(String id, boolean active);

  /** Deletes the registration {@code id} and its attempts; false if there was none. */
  boolean delete(String id);

  /** Records one delivery attempt (its registration may since have been deleted: then nothing). */
  void recordAttempt(DeliveryAttempt attempt);

  /**
   * The attempts made to the registration {@code registrationId}, newest first, at most {@code
   * limit} (1 to 1,000). Newest is by {@link DeliveryAttempt#at}; of attempts sent at the same
   * instant, the one recorded last comes first.
   *
   * @throws IllegalArgumentException for a limit out of range: "limit must be between 1 and 1000
   *     but was 0"
   */
  List<DeliveryAttempt> attempts(String registrationId, int limit);

  /** The attempts of one delivery (a {@code webhook.delivery} job id), first attempt first. */
  List<DeliveryAttempt> attemptsOf(String deliveryId);

  /** Deletes the attempts made before {@code cutoff}; how many were deleted. */
  int purgeAttempts(Instant cutoff);
}
