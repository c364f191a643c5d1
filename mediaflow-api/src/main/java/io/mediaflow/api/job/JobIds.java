package io.mediaflow.api.job;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered job ids: 26 characters, Crockford base32 of 48 bits of milliseconds then 80 bits
 * that increase within a millisecond (ULID-style, monotonic within one JVM), so ids sort by
 * creation time in every store.
 */
public final class JobIds {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long NODE = RANDOM.nextLong() & 0xFFFF; // 16 bits that tell JVMs apart
  private static final AtomicLong LAST = new AtomicLong();

  private JobIds() {}

  /** A new id for a job created at {@code now}. */
  public static String next(Instant now) {
    long millis = now.toEpochMilli();
    // a counter that never goes backwards within this JVM keeps ids unique and ordered
    long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, (millis << 16)));
    long high = stamp >>> 16; // milliseconds (48 bits)
    // uniqueness within a JVM comes from the counter; these bits and NODE only make a clash
    // between JVMs unlikely, so a fast generator will do (SecureRandom is synchronized and slow)
    long low =
        ((stamp & 0xFFFF) << 48)
            | (NODE << 32)
            | (ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL);
    char[] out = new char[26];
    // 48 bits of time → 10 chars (50 bits, top 2 zero)
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (high & 31)];
      high >>>= 5;
    }
    // 64 bits of low → 16 chars (80 bits; the top 16 are zero)
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low >>>= 5;
    }
    return new String(out);
  }
}
