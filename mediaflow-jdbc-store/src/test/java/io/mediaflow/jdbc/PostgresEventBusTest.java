package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.testkit.EventBusContract;
import io.mediaflow.testkit.SimplePool;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event bus contract on {@link PostgresEventBus}, and what only a cluster bus does: events
 * published on one bus reach the subscribers of another on the same database, large ones by
 * reference, and a bus's own subscribers get its events once.
 */
class PostgresEventBusTest extends EventBusContract {

  /**
   * Each bus (or pair of buses) gets a channel of its own, so that no test sees another's events:
   * PostgreSQL may hand a new listener notifications sent shortly before its LISTEN that another
   * listener on the channel had not read yet.
   */
  private static final List<String> PREFIXES = new CopyOnWriteArrayList<>();

  private static SimplePool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabases.postgres();
  }

  @AfterAll
  static void dropTable() {
    if (pool != null) {
      TestDatabases.run(
          pool, PREFIXES.stream().map(p -> "DROP TABLE IF EXISTS " + p + "events").toList());
      pool.close();
    }
  }

  @Override
  protected EventBus newBus() {
    return bus(freshPrefix());
  }

  @Override
  protected EventBus newBus(int queueCapacity) {
    return PostgresEventBus.builder(pool, CoreEventBus.withQueueCapacity(queueCapacity))
        .channelPrefix(freshPrefix())
        .build();
  }

  private static PostgresEventBus bus(String prefix) {
    return PostgresEventBus.create(pool, prefix, CoreEventBus.ofDefaults());
  }

  @Test
  void an_event_published_on_one_bus_reaches_the_subscribers_of_another_intact() throws Exception {
    String prefix = freshPrefix();
    try (PostgresEventBus a = bus(prefix);
        PostgresEventBus b = bus(prefix)) {
      Recorder got = new Recorder() {};
      b.subscribe("job.*", got);
      awaitListening(b);

      Map<String, Object> data = new LinkedHashMap<>();
      data.put("jobId", "j-1 \"quoted\" \u00e9\u4e2d\n");
      data.put("n", 42);
      data.put("big", 1L << 40);
      data.put("ratio", 0.25);
      data.put("price", new BigDecimal("12.5"));
      data.put("done", true);
      data.put("none", null);
      data.put("tags", List.of("a", "b"));
      data.put("nested", Map.of("depth", 2, "list", List.of(1, 2, 3)));
      Instant time = Instant.parse("2026-03-04T05:06:07.123456Z");
      a.publish(new Event("job.completed", time, data));
      a.publish(Event.of("media.ignored", time, Map.of()));
      a.publish(Event.of("job.second", time, Map.of("n", 2)));

      List<Event> events = got.await(2);
      assertThat(events).extracting(Event::type).containsExactly("job.completed", "job.second");
      Event e = events.get(0);
      assertThat(e.time()).isEqualTo(time);
      assertThat(e.data())
          .containsEntry("jobId", "j-1 \"quoted\" \u00e9\u4e2d\n")
          .containsEntry("n", 42)
          .containsEntry("big", 1L << 40)
          .containsEntry("ratio", 0.25)
          .containsEntry("price", 12.5)
          .containsEntry("done", true)
          .containsEntry("none", null)
          .containsEntry("tags", List.of("a", "b"))
          .containsEntry("nested", Map.of("depth", 2, "list", List.of(1, 2, 3)));
    }
  }

  @Test
  void a_large_payload_goes_by_reference_and_arrives_intact() throws Exception {
    String prefix = freshPrefix();
    try (PostgresEventBus a = bus(prefix);
        PostgresEventBus b = bus(prefix)) {
      Recorder got = new Recorder() {};
      b.subscribe("media.probed", got);
      awaitListening(b);

      StringBuilder big = new StringBuilder();
      for (int i = 0; big.length() < 20_000; i++) {
        big.append("chunk-").append(i).append(" \u00e9 ");
      }
      String text = big.substring(0, 20_000);
      long rowsBefore = rows(prefix);
      a.publish(Event.of("media.probed", Instant.now(), Map.of("report", text, "n", 7)));

      Event e = got.await(1).get(0);
      assertThat((String) e.data().get("report")).hasSize(20_000).isEqualTo(text);
      assertThat(e.data()).containsEntry("n", 7);
      assertThat(rows(prefix)).as("the payload went by reference").isEqualTo(rowsBefore + 1);
    }
  }

  @Test
  void a_bus_delivers_its_own_event_to_its_own_subscriber_exactly_once() throws Exception {
    String prefix = freshPrefix();
    try (PostgresEventBus a = bus(prefix);
        PostgresEventBus b = bus(prefix)) {
      Recorder own = new Recorder() {};
      Recorder other = new Recorder() {};
      a.subscribe("job.*", own);
      b.subscribe("job.*", other);
      awaitListening(a);
      awaitListening(b);

      a.publish(Event.of("job.completed", Instant.now(), Map.of("n", 1)));
      StringBuilder big = new StringBuilder();
      while (big.length() < 10_000) {
        big.append("0123456789");
      }
      a.publish(Event.of("job.large", Instant.now(), Map.of("text", big.toString())));
      // the other bus receiving both proves the notifications went out; the marker after them
      // comes through a's own listener too, if it were to deliver its own events again
      assertThat(other.types(2)).containsExactly("job.completed", "job.large");
      a.publish(Event.of("job.marker", Instant.now(), Map.of()));
      assertThat(other.types(3)).containsExactly("job.completed", "job.large", "job.marker");
      assertThat(own.types(3)).containsExactly("job.completed", "job.large", "job.marker");
      assertThat(own.awaitMore(1, Duration.ofMillis(500))).isFalse();
      assertThat(own.events()).hasSize(3);
    }
  }

  @Test
  void events_of_this_node_and_of_others_are_delivered_by_the_local_bus_it_was_given()
      throws Exception {
    String prefix = freshPrefix();
    List<Thread> localThreads = new CopyOnWriteArrayList<>();
    EventBus local =
        CoreEventBus.withThreads(
            r -> {
              Thread t = new Thread(r, "given-local-bus");
              t.setDaemon(true);
              localThreads.add(t);
              return t;
            });
    List<Thread> handlerThreads = new CopyOnWriteArrayList<>();
    try (PostgresEventBus a = bus(prefix);
        PostgresEventBus b = PostgresEventBus.create(pool, prefix, local)) {
      Recorder got =
          new Recorder() {
            @Override
            public void handle(Event event) {
              handlerThreads.add(Thread.currentThread());
              super.handle(event);
            }
          };
      b.subscribe("job.*", got);
      assertThat(localThreads).as("the subscription lives on the given bus").hasSize(1);
      awaitListening(b);

      b.publish(Event.of("job.own", Instant.now(), Map.of()));
      a.publish(Event.of("job.remote", Instant.now(), Map.of()));

      assertThat(got.types(2)).containsExactlyInAnyOrder("job.own", "job.remote");
      assertThat(handlerThreads).hasSize(2).allMatch(localThreads::contains);
    }
    assertThatThrownBy(() -> local.publish(Event.of("job.late", Instant.now(), Map.of())))
        .as("closing the cluster bus closed the local one")
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the event bus is closed; job.late was not published");
  }

  @Test
  void refuses_a_cluster_bus_as_its_local_bus() {
    try (PostgresEventBus other = bus(freshPrefix())) {
      assertThatThrownBy(() -> PostgresEventBus.builder(pool, other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "the local bus of a PostgresEventBus must deliver within this JVM only, but was"
                  + " PostgresEventBus[")
          .hasMessageEndingWith(
              "; every event would be notified twice. Give it InProcessEventBus.ofDefaults()");
    }
  }

  @Test
  void a_bus_that_cannot_be_built_closes_the_local_bus_handed_to_it() {
    EventBus local = CoreEventBus.ofDefaults();
    DataSource unreachable =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new SQLException("connection refused (expected by the test)");
                });

    assertThatThrownBy(() -> PostgresEventBus.create(unreachable, freshPrefix(), local))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not create its table")
        .hasMessageContaining("connection refused (expected by the test)");
    assertThatThrownBy(() -> local.subscribe("job.*", e -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the event bus is closed; cannot subscribe to job.*");
  }

  private static String freshPrefix() {
    String p = TestDatabases.uniquePrefix();
    PREFIXES.add(p);
    return p;
  }

  private static void awaitListening(PostgresEventBus bus) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!bus.listening()) {
      assertThat(System.nanoTime()).as("listening in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static long rows(String prefix) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + prefix + "events")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
