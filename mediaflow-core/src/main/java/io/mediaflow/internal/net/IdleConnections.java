package io.mediaflow.internal.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Kept-alive connections of a pooling {@link ApacheSafeHttp}, each idle in a client of its own, by
 * {@link Key}: the checked addresses themselves, the host TLS verifies, the port and the scheme.
 *
 * <p>A connection is only taken <em>after</em> the request's own {@link NetworkGuard} check passed,
 * and only when that check gave exactly the addresses the connection's client is pinned to (its DNS
 * answers with nothing else), so a reused connection goes to an address the guard has just allowed,
 * as a new one would: a changed DNS answer (rebinding) or an address allow-list that changed makes
 * a refusal before any connection is looked for, or a different key. A client is used by one
 * exchange at a time; one whose exchange did not end cleanly is closed, never kept.
 */
final class IdleConnections<C> {

  /**
   * What a pooled connection is pinned to; two requests share one only when their keys are equal.
   */
  record Key(boolean tls, String host, int port, List<InetAddress> addresses) {
    static Key of(CheckedTarget target) {
      return new Key(target.tls(), target.host(), target.port(), target.addresses());
    }
  }

  private record Idle<C>(C client, long since) {}

  private final Duration limit;
  private final int maxTotal;
  private final Consumer<C> closer;
  private final Map<Key, Deque<Idle<C>>> idle = new HashMap<>();
  private int count;
  private boolean sweepPlanned;

  /**
   * @param limit how long a connection may stay idle before it is closed (below the usual servers'
   *     keep-alive, so a kept connection is rarely one the server is closing)
   * @param maxTotal the most idle connections kept, all keys together
   * @param closer closes a client and its connection; never throws
   */
  IdleConnections(Duration limit, int maxTotal, Consumer<C> closer) {
    this.limit = limit;
    this.maxTotal = maxTotal;
    this.closer = closer;
  }

  /** An idle client for exactly this key (the newest), or null. */
  C take(Key key) {
    List<C> expired = new ArrayList<>();
    C found = null;
    synchronized (this) {
      Deque<Idle<C>> q = idle.get(key);
      long now = System.nanoTime();
      while (q != null && !q.isEmpty()) {
        Idle<C> i = q.pollLast();
        count--;
        if (now - i.since() < limit.toNanos()) {
          found = i.client();
          break;
        }
        expired.add(i.client());
      }
      if (q != null && q.isEmpty()) {
        idle.remove(key);
      }
    }
    expired.forEach(closer);
    return found;
  }

  /** Keeps {@code client}, whose exchange ended cleanly, for the next request with {@code key}. */
  void put(Key key, C client) {
    boolean keep;
    boolean plan = false;
    synchronized (this) {
      keep = count < maxTotal;
      if (keep) {
        idle.computeIfAbsent(key, k -> new ArrayDeque<>())
            .addLast(new Idle<>(client, System.nanoTime()));
        count++;
        plan = !sweepPlanned;
        sweepPlanned = true;
      }
    }
    if (!keep) {
      closer.accept(client);
    }
    if (plan) {
      Watchdog.later(this::sweep, limit.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Closes the connections idle for longer than the limit; runs again while any are kept. */
  void sweep() {
    List<C> expired = new ArrayList<>();
    boolean again;
    synchronized (this) {
      long now = System.nanoTime();
      for (Iterator<Deque<Idle<C>>> qs = idle.values().iterator(); qs.hasNext(); ) {
        Deque<Idle<C>> q = qs.next();
        while (!q.isEmpty() && now - q.peekFirst().since() >= limit.toNanos()) {
          expired.add(q.pollFirst().client());
          count--;
        }
        if (q.isEmpty()) {
          qs.remove();
        }
      }
      again = count > 0;
      sweepPlanned = again;
    }
    expired.forEach(closer);
    if (again) {
      Watchdog.later(this::sweep, limit.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** How many connections are idle (for tests). */
  synchronized int size() {
    return count;
  }
}
