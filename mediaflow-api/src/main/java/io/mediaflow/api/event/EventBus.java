package io.mediaflow.api.event;

/**
 * Publishes events to subscribers: exact types or wildcard patterns ({@link EventPatterns}).
 *
 * <p>Every bus guarantees, and the testkit's {@code EventBusContract} proves: delivery is
 * asynchronous (publish never runs a handler on the caller's thread); each subscriber sees events
 * in publish order; a handler that throws is logged and isolated; queues are bounded and a full
 * queue slows the publisher down (back-pressure) rather than dropping events or growing without
 * limit.
 */
public interface EventBus extends AutoCloseable {

  /** Hands the event to every matching subscriber. */
  void publish(Event event);

  /**
   * Subscribes to an exact type ({@code job.completed}) or a pattern ({@code job.*}, {@code
   * *.failed}, {@code **}).
   *
   * @throws IllegalArgumentException for an invalid pattern
   */
  Subscription subscribe(String pattern, EventHandler handler);

  /**
   * Whether an event of this exact type would reach any subscriber now. Publishers of frequent
   * events use it to skip building events nobody receives. A bus that cannot tell (one that fans
   * out to other processes) answers true, the default.
   */
  default boolean hasSubscribers(String type) {
    return true;
  }

  /** Delivers what is queued, then stops the bus's threads. */
  @Override
  void close();
}
