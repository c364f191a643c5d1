package io.mediaflow.internal.webhook.outbound;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;

/**
 * The engine's bus with outgoing webhooks in front: {@link #publish} stores the deliveries of the
 * event first (durable jobs, before it returns), then hands it on. If storing fails, the exception
 * reaches the publisher and the event goes no further.
 */
final class DeliveringBus implements EventBus {

  private final EventBus delegate;
  private final OutboundWebhooks hooks;

  DeliveringBus(EventBus delegate, OutboundWebhooks hooks) {
    this.delegate = delegate;
    this.hooks = hooks;
  }

  @Override
  public void publish(Event event) {
    hooks.onEvent(event);
    delegate.publish(event);
  }

  @Override
  public Subscription subscribe(String pattern, EventHandler handler) {
    return delegate.subscribe(pattern, handler);
  }

  @Override
  public boolean hasSubscribers(String type) {
    return hooks.wants(type) || delegate.hasSubscribers(type);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
