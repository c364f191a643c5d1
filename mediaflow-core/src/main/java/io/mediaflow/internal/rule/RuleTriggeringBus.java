package io.mediaflow.internal.rule;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import java.util.Objects;

/**
 * The engine's event bus with the event rules in front: {@link #publish} first matches the event
 * and submits the runs of the rules it fires (durably, through the store), then hands it to the
 * bus. Only the publishing engine matches an event: events that reach this engine from others (a
 * PostgreSQL bus fans out) arrive through subscriptions, not through here, so no event fires a rule
 * twice. If submitting fails, the exception reaches the publisher and the event is not delivered:
 * the publisher knows nothing was triggered.
 */
public final class RuleTriggeringBus implements EventBus {

  private final EventBus delegate;
  private final RuleEngine rules;

  public RuleTriggeringBus(EventBus delegate, RuleEngine rules) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** The bus it fronts. */
  public EventBus delegate() {
    return delegate;
  }

  @Override
  public void publish(Event event) {
    publishCounting(event);
  }

  /**
   * Publishes as {@link #publish} does.
   *
   * @return how many rule runs the event started, all stored before this returns
   */
  public int publishCounting(Event event) {
    int started = rules.onEvent(event);
    delegate.publish(event);
    return started;
  }

  @Override
  public Subscription subscribe(String pattern, EventHandler handler) {
    return delegate.subscribe(pattern, handler);
  }

  @Override
  public boolean hasSubscribers(String type) {
    return rules.firesOn(type) || delegate.hasSubscribers(type);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
