package io.mediaflow.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.event.Subscription;
import io.mediaflow.internal.observe.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v1/events}: Server-Sent Events of the job and workflow events of the engine's bus
 * that match a pattern. Each event is {@code id}, {@code event: <type>} and {@code data: {"type",
 * "time", "data"}} (secrets in the data masked); a comment line every heartbeat keeps proxies from
 * closing a quiet stream. A client that reads too slowly is dropped once its queue of {@value
 * #QUEUE} events is full, never buffered without end; it reconnects and reads the current state
 * again.
 */
public final class EventStream {

  /** Events waiting for one slow client before it is dropped. */
  public static final int QUEUE = 1024;

  /** The event types a stream carries: job and workflow events only. */
  static final Set<String> FAMILIES = Set.of("job", "workflow");

  private final EventBus bus;
  private final Duration heartbeat;
  private final Semaphore slots;
  private final int maxStreams;
  private final Set<Guard> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  public EventStream(EventBus bus, Duration heartbeat, int maxStreams) {
    this.bus = bus;
    this.heartbeat = heartbeat;
    this.maxStreams = maxStreams;
    this.slots = new Semaphore(maxStreams);
  }

  /** The answer to one {@code GET /v1/events?pattern=...}. */
  public Reply open(Call call) {
    String pattern = call.query("pattern").orElse("**");
    try {
      EventPatterns.checkPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(
          400,
          io.mediaflow.api.ErrorCode.INVALID_VALUE,
          e.getMessage(),
          "?pattern",
          "use a pattern such as job.*, job.** or workflow.*");
    }
    if (closed || !slots.tryAcquire()) {
      throw new HttpProblem(
              503,
              Problems.TOO_MANY_STREAMS,
              "this host already serves " + maxStreams + " event streams",
              "",
              "close another stream, or give the host more threads")
          .withHeader("Retry-After", "5");
    }
    return Reply.stream("text/event-stream; charset=utf-8", out -> pump(call.guard(), pattern, out))
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no");
  }

  private void pump(Guard guard, String pattern, OutputStream out) throws IOException {
    BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    open.add(guard);
    Subscription sub =
        bus.subscribe(
            pattern,
            e -> {
              if (FAMILIES.contains(family(e.type())) && !queue.offer(e)) {
                guard.stopStream();
              }
            });
    try {
      write(out, "retry: 3000\n: connected\n\n");
      while (!closed) {
        Event e = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        write(out, e == null ? ": heartbeat\n\n" : frame(e));
      }
    } catch (InterruptedException e) {
      // dropped (too slow) or the host closes: the stream ends here
    } finally {
      sub.close();
      open.remove(guard);
      slots.release();
    }
  }

  private String frame(Event e) {
    ObjectNode o = Json.object();
    o.put("type", e.type());
    o.put("time", e.time().toString());
    o.set("data", Json.MAPPER.valueToTree(Redactor.redact(e.data())));
    return "id: " + ids.incrementAndGet() + "\nevent: " + e.type() + "\ndata: " + o + "\n\n";
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String family(String type) {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  /** Ends every open stream. */
  public void close() {
    closed = true;
    open.forEach(Guard::stopStream);
  }

  /** How many streams are open (tests). */
  public int openStreams() {
    return open.size();
  }
}
