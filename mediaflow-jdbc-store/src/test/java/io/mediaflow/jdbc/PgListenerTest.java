package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.testkit.DriverDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the LISTEN thread does with a DataSource that is not PostgreSQL's. */
@Timeout(60)
class PgListenerTest {

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
