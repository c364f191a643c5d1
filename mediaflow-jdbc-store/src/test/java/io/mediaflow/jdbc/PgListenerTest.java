package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the LISTEN thread starts and stops, on PostgreSQL and on a DataSource of another driver. */
@Timeout(60)
class PgListenerTest {

  @Test
  void the_first_listen_runs_on_reconnect_so_a_change_made_before_it_is_not_missed()
      throws Exception {
    SimplePool pool = TestDatabases.postgres();
    try (pool) {
      String channel = TestDatabases.uniquePrefix() + "rules";
      java.util.concurrent.CountDownLatch caughtUp = new java.util.concurrent.CountDownLatch(1);
      // a change told before anyone listens reaches nobody; the caller re-reads at the first LISTEN
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_notify('" + PgListener.channel(channel) + "', 'before')");
      }
      PgListener listener =
          new PgListener(pool, channel, (ch, payload) -> {}, caughtUp::countDown).start();
      try {
        assertThat(caughtUp.await(20, TimeUnit.SECONDS))
            .as("onReconnect at the first LISTEN")
            .isTrue();
        assertThat(listener.listening()).isTrue();
      } finally {
        listener.close();
      }
    }
  }

  @Test
  void closing_a_listening_listener_gives_its_connection_back_and_logs_nothing() throws Exception {
    SimplePool pool = TestDatabases.postgres();
    try (pool) {
      String channel = TestDatabases.uniquePrefix() + "work";
      PgListener listener = new PgListener(pool, channel, (ch, payload) -> {}, () -> {}).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!listener.listening()) {
        assertThat(System.nanoTime()).as("listening in time").isLessThan(deadline);
        Thread.sleep(10);
      }

      String log = Stderr.of(listener::close);

      assertThat(listener.running()).isFalse();
      assertThat(listener.listening()).isFalse();
      assertThat(log).isEmpty();
      // the connection went back to the pool with nothing left listening on it
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void a_listener_closed_while_it_connects_logs_nothing_even_on_a_foreign_driver()
      throws Exception {
    DataSource h2 = new DriverDataSource("jdbc:h2:mem:pglistener-closed");
    CountDownLatch connecting = new CountDownLatch(1);
    AtomicBoolean closeCalled = new AtomicBoolean();
    DataSource slow =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")) {
                    connecting.countDown();
                    while (!closeCalled.get()) {
                      LockSupport.park(); // close() unparks the listener's thread
                    }
                  }
                  try {
                    return method.invoke(h2, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    PgListener listener = new PgListener(slow, "work", (channel, payload) -> {}, () -> {}).start();
    assertThat(connecting.await(20, TimeUnit.SECONDS)).isTrue();

    String log =
        Stderr.of(
            () -> {
              closeCalled.set(true);
              listener.close();
            });

    assertThat(listener.running()).isFalse();
    assertThat(log).isEmpty();
  }

  @Test
  void a_connection_of_another_driver_is_tried_once_then_the_listener_gives_up() throws Exception {
    DataSource h2 = new DriverDataSource("jdbc:h2:mem:pglistener");
    AtomicInteger connections = new AtomicInteger();
    DataSource counting =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")) {
                    connections.incrementAndGet();
                  }
                  try {
                    return method.invoke(h2, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });

    try (PgListener listener =
        new PgListener(counting, "work", (channel, payload) -> {}, () -> {}).start()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (listener.running()) {
        assertThat(System.nanoTime()).as("the listener gave up in time").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(listener.listening()).isFalse();
    }
    // a foreign driver never becomes pgjdbc: no reconnect loop that logs every 5 s forever
    assertThat(connections).hasValue(1);
  }
}
