package io.mediaflow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded multi-producer, single-consumer ring of events: Dmitry Vyukov's bounded queue, where
 * every slot carries a sequence number that says whose turn it is. Producers claim a slot with one
 * compare-and-set on the tail; the one consumer reads slots in order without any atomic
 * read-modify-write, so a one-publisher, one-subscriber hand-off costs one CAS and two ordered
 * stores.
 *
 * <p>The counters sit on their own cache lines (padding by class hierarchy, as JCTools does,
 * because {@code @Contended} needs a JVM flag), so the producer and the consumer do not invalidate
 * each other's line on every event.
 *
 * <p>Waiting is not this class's business: {@link #offer} and {@link #peekReady} never block.
 */
final class EventRing<E> extends EventRingPad2 {

  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  private final Object[] slots;
  private final long[] sequences;
  private final int mask;

  /**
   * @param capacity rounded up to a power of two, at least 2 (a one-slot Vyukov ring cannot tell a
   *     full slot from an empty one)
   */
  EventRing(int capacity) {
    int size = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
    slots = new Object[size];
    sequences = new long[size];
    for (int i = 0; i < size; i++) {
      sequences[i] = i;
    }
    mask = size - 1;
  }

  /** The slots: the capacity rounded up to a power of two. */
  int capacity() {
    return slots.length;
  }

  /**
   * Adds {@code e} if there is room. Safe from any number of threads.
   *
   * @return false when the ring is full
   */
  boolean offer(E e) {
    long t = tail;
    while (true) {
      int index = (int) t & mask;
      long seq = (long) SEQ.getAcquire(sequences, index);
      long dif = seq - t;
      if (dif == 0) {
        if (TAIL.weakCompareAndSet(this, t, t + 1)) {
          slots[index] = e;
          // A volatile (not merely release) store: the publisher reads the consumer's "parked" flag
          // right after, and only a full fence on both sides rules out a lost wake-up.
          SEQ.setVolatile(sequences, index, t + 1);
          return true;
        }
        t = tail;
      } else if (dif < 0) {
        return false;
      } else {
        t = tail;
      }
    }
  }

  /** Whether the next slot holds an event. Consumer thread only. */
  boolean peekReady() {
    long h = head;
    return (long) SEQ.getAcquire(sequences, (int) h & mask) == h + 1;
  }

  /**
   * Takes the next event, or null when there is none. Consumer thread only. The slot is handed back
   * to producers at once, before the event is handled.
   */
  @SuppressWarnings("unchecked")
  E poll() {
    long h = head;
    int index = (int) h & mask;
    if ((long) SEQ.getAcquire(sequences, index) != h + 1) {
      return null;
    }
    E e = (E) slots[index];
    slots[index] = null;
    SEQ.setRelease(sequences, index, h + slots.length);
    HEAD.setOpaque(this, h + 1);
    return e;
  }

  /** How many events wait; a snapshot, exact only when nobody is publishing. */
  int size() {
    long h = (long) HEAD.getOpaque(this);
    long t = (long) TAIL.getVolatile(this);
    return (int) Math.max(0, Math.min(slots.length, t - h));
  }

  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(EventRingTail.class, "tail", long.class);
      HEAD = lookup.findVarHandle(EventRingHead.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

// Cache-line padding by inheritance: the JVM lays out superclass fields first, so each counter
// has 64+ bytes of unused longs before and after it.

@SuppressWarnings("unused")
abstract class EventRingPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class EventRingTail extends EventRingPad0 {
  /** The next sequence a producer claims. */
  volatile long tail;
}

@SuppressWarnings("unused")
abstract class EventRingPad1 extends EventRingTail {
  long p20, p21, p22, p23, p24, p25, p26, p27;
  long p28, p29, p30, p31, p32, p33, p34, p35;
}

abstract class EventRingHead extends EventRingPad1 {
  /** The next sequence the consumer reads; written by the consumer alone. */
  volatile long head;
}

@SuppressWarnings("unused")
abstract class EventRingPad2 extends EventRingHead {
  long p40, p41, p42, p43, p44, p45, p46, p47;
  long p48, p49, p50, p51, p52, p53, p54, p55;
}
