package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription of an {@link InProcessEventBus}: its queue, its delivery thread and the
 * publishers waiting for room. The bus's class description says how they behave; this class is the
 * hot path (a lock-free hand-off to the ring, a park only when idle).
 */
final class EventSubscriber implements Subscription, Runnable {

  // the bus's log category, as before the split: hosts filter on it
  private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

  /** Which subscriber the current thread delivers to; set on delivery threads only. */
  private static final ThreadLocal<EventSubscriber> DELIVERING = new ThreadLocal<>();

  private static final int RUNNING = 0;
  private static final int FINISHING = 1;
  private static final int CANCELLED = 2;

  /** Busy-wait rounds before a delivery thread with nothing to do yields, then parks. */
  private static final int SPINS = 64;

  /**
   * No yielding: on a small machine a yielding idle thread steals the core the publisher needs; a
   * park costs the publisher one unpark per burst instead.
   */
  private static final int YIELDS = 0;

  /** Tries a publisher makes on a full queue before it blocks. */
  private static final int PUBLISH_SPINS = 128;

  /** Longest a blocked publisher or idle thread sleeps before it looks again (a safety net). */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final InProcessEventBus bus;
  final long id;
  final String pattern;
  final String name;
  private final EventHandler handler;
  final EventRing<Event> ring;
  private final Thread thread;
  private volatile int state = RUNNING;
  private volatile boolean parked;

  private final AtomicInteger waitingPublishers = new AtomicInteger();
  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition room = roomLock.newCondition();

  EventSubscriber(InProcessEventBus bus, long id, String pattern, EventHandler handler) {
    this.bus = bus;
    this.id = id;
    this.pattern = pattern;
    this.handler = handler;
    this.name = "#" + id + " " + pattern;
    this.ring = new EventRing<>(bus.queueCapacity);
    if (bus.threadFactory == null) {
      thread = new Thread(this, "mediaflow-events-" + bus.busId + "-" + id + " " + pattern);
      thread.setDaemon(true);
    } else {
      thread = bus.threadFactory.newThread(this);
      if (thread == null) {
        throw new IllegalStateException(
            "the event bus thread factory returned no thread for subscriber " + name);
      }
    }
  }

  void start() {
    thread.start();
  }

  // ---- publisher side

  void put(Event e) {
    if (state != RUNNING) {
      return;
    }
    if (ring.offer(e)) {
      if (parked) {
        LockSupport.unpark(thread);
      }
      return;
    }
    putSlow(e);
  }

  private void putSlow(Event e) {
    for (int i = 0; i < PUBLISH_SPINS; i++) {
      Thread.onSpinWait();
      if (ring.offer(e)) {
        wake();
        return;
      }
    }
    EventSubscriber delivering = DELIVERING.get();
    if (delivering == this) {
      throw new IllegalStateException(
          "the handler of subscriber "
              + name
              + " published "
              + e.type()
              + " onto its own full queue ("
              + ring.capacity()
              + " events); waiting would wait for itself forever. Publish from another thread,"
              + " or give the bus a larger queueCapacity");
    }
    long deadline =
        delivering == null
            ? Long.MAX_VALUE
            : System.nanoTime() + bus.handlerPublishTimeout.toNanos();
    roomLock.lock();
    waitingPublishers.incrementAndGet();
    try {
      while (!ring.offer(e)) {
        if (state == CANCELLED) {
          return;
        }
        long left = deadline == Long.MAX_VALUE ? MAX_WAIT_NANOS : deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "the handler of subscriber "
                  + delivering.name
                  + " waited "
                  + bus.handlerPublishTimeout
                  + " to publish "
                  + e.type()
                  + " to subscriber "
                  + name
                  + ", whose queue stayed full; giving up so that handlers publishing to each"
                  + " other cannot wait forever");
        }
        wake();
        room.awaitNanos(Math.min(left, MAX_WAIT_NANOS));
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for room in the queue of subscriber "
              + name
              + "; "
              + e.type()
              + " was not delivered to it",
          ie);
    } finally {
      waitingPublishers.decrementAndGet();
      roomLock.unlock();
    }
    wake();
  }

  private void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  private void signalRoom() {
    roomLock.lock();
    try {
      room.signalAll();
    } finally {
      roomLock.unlock();
    }
  }

  // ---- delivery side

  @Override
  public void run() {
    DELIVERING.set(this);
    try {
      deliverUntilStopped();
    } finally {
      // Also after an Error escaped: publishers must never wait on a queue nobody drains.
      state = CANCELLED;
      DELIVERING.remove();
      if (waitingPublishers.get() > 0) {
        signalRoom();
      }
    }
  }

  private void deliverUntilStopped() {
    int idle = 0;
    while (true) {
      Event e = ring.poll();
      if (e != null) {
        if (state == CANCELLED) {
          return;
        }
        idle = 0;
        if (waitingPublishers.get() > 0) {
          signalRoom();
        }
        deliver(e);
        continue;
      }
      // Nothing queued. A publisher may have found the queue full just before we freed the last
      // slot; the fence orders our frees before the read of the waiting count.
      VarHandle.fullFence();
      if (waitingPublishers.get() > 0) {
        signalRoom();
      }
      int s = state;
      if (s == CANCELLED || (s == FINISHING && ring.size() == 0)) {
        return;
      }
      if (idle < SPINS) {
        idle++;
        Thread.onSpinWait();
      } else if (idle < SPINS + YIELDS) {
        idle++;
        Thread.yield();
      } else {
        parked = true;
        if (!ring.peekReady() && state == RUNNING) {
          LockSupport.parkNanos(this, MAX_WAIT_NANOS * 100);
        }
        parked = false;
      }
    }
  }

  private void deliver(Event e) {
    try {
      handler.handle(e);
    } catch (Throwable t) {
      LOG.atError()
          .setCause(t)
          .addKeyValue("eventType", e.type())
          .addKeyValue("subscriber", name)
          .log(
              "event handler of subscriber {} failed on {}; it goes on with the next event",
              name,
              e.type());
      if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
        throw vme;
      }
    }
  }

  // ---- life cycle

  /** Deliver what is queued, then stop. */
  void finish() {
    state = Math.max(state, FINISHING);
    LockSupport.unpark(thread);
  }

  boolean awaitStop(long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    try {
      if (left > 0 && thread != Thread.currentThread()) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  void cancel() {
    state = CANCELLED;
    LockSupport.unpark(thread);
    signalRoom();
  }

  @Override
  public void close() {
    if (state == CANCELLED) {
      return;
    }
    bus.remove(this);
    cancel();
  }

  @Override
  public String toString() {
    return "subscription " + name;
  }
}
