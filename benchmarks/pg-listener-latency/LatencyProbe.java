package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * Notify -> listener latency of the PgListener compiled next to it, measured from just before the
 * notifying {@code pg_notify} call: {@code apply(n)} returns n wake-up latencies (the 5th
 * constructor argument) then n onNotify latencies, in nanoseconds. Not part of the build: see
 * {@code benchmarks/run-pg-listener-latency.sh}.
 */
public final class LatencyProbe implements IntFunction<long[]>, AutoCloseable {
  private final LinkedBlockingQueue<Long> wakes = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Long> notes = new LinkedBlockingQueue<>();
  private final PgListener listener;
  private final Connection sender;
  private final PreparedStatement ps;

  public LatencyProbe(DataSource ds, String channel) throws Exception {
    listener =
        new PgListener(
                ds,
                channel,
                (ch, p) -> notes.add(System.nanoTime()),
                () -> {},
                () -> wakes.add(System.nanoTime()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listener.listening()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("not listening");
      Thread.sleep(5);
    }
    Thread.sleep(100);
    sender = ds.getConnection();
    sender.setAutoCommit(true);
    ps = sender.prepareStatement("SELECT pg_notify(?, 'x')");
    ps.setString(1, channel);
  }

  @Override
  public long[] apply(int n) {
    long[] out = new long[2 * n];
    try {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        ps.execute();
        Long w = wakes.poll(5, TimeUnit.SECONDS);
        Long m = notes.poll(5, TimeUnit.SECONDS);
        if (w == null || m == null) throw new IllegalStateException("lost a notification");
        out[i] = w - t0;
        out[n + i] = m - t0;
        Thread.sleep(2); // let the listener settle back into its wait, as between real submits
        wakes.clear();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    listener.close();
    ps.close();
    sender.close();
  }
}
