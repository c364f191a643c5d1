package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.api.event.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Reads the payload fixtures under {@code io/mediaflow/webhook/inbound/{radarr,sonarr}/}. */
public final class ArrFixtures {

  static final Instant RECEIVED = Instant.parse("2026-12-03T20:00:00Z");

  private ArrFixtures() {}

  /** The bytes of fixture {@code name} of {@code kind}. */
  public static byte[] body(ArrKind kind, String name) {
    String resource = "/io/mediaflow/webhook/inbound/" + kind.id() + "/" + name + ".json";
    try (InputStream in = ArrFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one event of a fixture, received by the source {@code kind.id() + "-main"}. */
  static Event event(ArrKind kind, String name) {
    List<Event> events =
        new ArrAdapter(kind).toEvents(kind.id() + "-main", body(kind, name), RECEIVED);
    if (events.size() != 1) {
      throw new AssertionError("expected one event but got " + events);
    }
    return events.get(0);
  }
}
