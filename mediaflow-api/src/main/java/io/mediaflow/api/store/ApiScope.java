package io.mediaflow.api.store;

/**
 * What an API key of the HTTP host may do. Each scope includes the ones before it: {@link #ADMIN}
 * may do everything, {@link #WRITE} may read too.
 */
public enum ApiScope {
  /** Read jobs, logs, plans, workflows, rules, webhooks, events, metrics. */
  READ,
  /** Also submit, cancel, requeue and delete jobs; start, signal and edit workflows and rules. */
  WRITE,
  /** Also manage API keys and webhook registrations' secrets. */
  ADMIN;

  /** Whether a key with this scope may do what {@code needed} guards. */
  public boolean includes(ApiScope needed) {
    return compareTo(needed) >= 0;
  }
}
