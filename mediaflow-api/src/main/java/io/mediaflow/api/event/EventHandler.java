package io.mediaflow.api.event;

/** Receives events. May throw: the bus logs it and goes on; other subscribers never notice. */
@FunctionalInterface
public interface EventHandler {
  void handle(Event event) throws Exception;
}
