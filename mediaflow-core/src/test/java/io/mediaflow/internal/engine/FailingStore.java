package io.mediaflow.internal.engine;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that fails on purpose: delegates to an {@link InMemoryStorage}, and a named method fails
 * the next {@code n} times in the chosen {@link Failure} way, or every method fails at random with
 * a seeded {@link Random}. Built as a proxy so it fails exactly the calls the engine makes.
 */
final class FailingStore implements InvocationHandler {

  /** How a call fails. */
  enum Failure {
    /** Refused before it did anything: the store is down. */
    UNAVAILABLE,
    /** Did its work, then the answer was lost (a timeout after the commit). */
    ANSWER_LOST,
    /** Refused with an exception that is not the store's own (a driver bug, a reset). */
    FOREIGN_EXCEPTION
  }

  final InMemoryStorage real;
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, Failure> how = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private volatile Random random;
  private volatile double randomRate;

  FailingStore(InMemoryStorage real) {
    this.real = real;
  }

  FailingStore() {
    this(new InMemoryStorage());
  }

  /** The next {@code times} calls of {@code method} fail as {@code failure}. */
  FailingStore fail(String method, int times, Failure failure) {
    how.put(method, failure);
    failuresLeft.put(method, new AtomicInteger(times));
    return this;
  }

  /**
   * Every call fails before it does anything with probability {@code rate}, or loses its answer.
   */
  FailingStore failRandomly(long seed, double rate) {
    random = new Random(seed);
    randomRate = rate;
    return this;
  }

  /** The store is back: no more failures. */
  void heal() {
    failuresLeft.clear();
    random = null;
  }

  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  Storage storage() {
    return InterceptedJobs.of(real, this);
  }

  @Override
  public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
    String name = m.getName();
    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    Failure failure = null;
    AtomicInteger left = failuresLeft.get(name);
    if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      failure = how.get(name);
    }
    Random r = random;
    if (failure == null && r != null && !name.equals("find") && !name.equals("query")) {
      synchronized (r) {
        if (r.nextDouble() < randomRate) {
          failure = r.nextBoolean() ? Failure.UNAVAILABLE : Failure.ANSWER_LOST;
        }
      }
    }
    if (failure == Failure.UNAVAILABLE) {
      throw unavailable(name);
    }
    if (failure == Failure.FOREIGN_EXCEPTION) {
      throw new IllegalStateException("injected: connection reset during " + name);
    }
    Object result;
    try {
      result = m.invoke(real.jobs(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (failure == Failure.ANSWER_LOST) {
      throw new StorageException(
          StorageException.STORAGE_UNAVAILABLE,
          "injected: " + name + " timed out after it committed",
          "it comes back");
    }
    return result;
  }

  static StorageException unavailable(String op) {
    return new StorageException(
        StorageException.STORAGE_UNAVAILABLE,
        "injected: storage is unavailable: " + op + " failed",
        "it comes back");
  }

  /** An event bus that records every event on the publishing thread. */
  static final class RecordingBus implements EventBus {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Event event) {
      events.add(event);
    }

    @Override
    public Subscription subscribe(String pattern, EventHandler handler) {
      return () -> {};
    }

    @Override
    public void close() {}

    long count(String type, String jobId) {
      return events.stream()
          .filter(e -> e.type().equals(type) && jobId.equals(e.data().get("jobId")))
          .count();
    }
  }
}
