package io.mediaflow.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stores this process has open on each database that only this process can open (an embedded H2
 * file), by the prefix of the lease tokens each makes. A lease in such a database whose token has
 * none of these prefixes was claimed by a store since closed or by a process that is gone: no one
 * will heartbeat or finish it. Two stores of one process may share one file, so a store cannot go
 * by its own prefix alone.
 */
final class OpenStores {

  /** Token prefixes by database (its path, or {@code mem:} and its name). */
  private static final Map<String, Set<String>> PREFIXES = new HashMap<>();

  /** Work done while no store opens or closes on any such database. */
  @FunctionalInterface
  interface Work<T> {
    T run(List<String> prefixes);
  }

  private OpenStores() {}

  /** A store on {@code database} makes tokens beginning with {@code prefix} from now on. */
  static synchronized void opened(String database, String prefix) {
    PREFIXES.computeIfAbsent(database, k -> new LinkedHashSet<>()).add(prefix);
  }

  /** The store whose tokens begin with {@code prefix} was closed. */
  static synchronized void closed(String database, String prefix) {
    Set<String> open = PREFIXES.get(database);
    if (open != null && open.remove(prefix) && open.isEmpty()) {
      PREFIXES.remove(database);
    }
  }

  /**
   * Runs {@code work} with the prefixes of the stores open on {@code database}; none opens
   * meanwhile, so none can claim a lease that {@code work} then takes for a dead one's.
   */
  static synchronized <T> T whileOpen(String database, Work<T> work) {
    return work.run(new ArrayList<>(PREFIXES.getOrDefault(database, Set.of())));
  }
}
