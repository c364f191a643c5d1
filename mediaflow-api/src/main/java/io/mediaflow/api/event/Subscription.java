package io.mediaflow.api.event;

/** A live subscription; {@link #close()} stops delivery (events already queued may still come). */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
