package io.mediaflow.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Ask for up to {@code max} due jobs, highest priority first, then oldest.
 *
 * @param owner the worker asking: its node's id, optionally followed by {@code /} and the worker's
 *     name ({@link JobStore#takeBackLeases} finds a node's leases by it)
 * @param max how many jobs at most
 * @param lease how long the claim holds without a heartbeat
 * @param now the current time, from the engine's clock
 * @param types only jobs of these types; empty for any
 */
public record ClaimRequest(String owner, int max, Duration lease, Instant now, Set<String> types) {

  public ClaimRequest {
    Objects.requireNonNull(owner, "owner");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive but was " + lease);
    }
    Objects.requireNonNull(now, "now");
    types = Set.copyOf(types);
  }
}
