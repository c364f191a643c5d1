package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What JdbcStorage does beyond the storage contract: configuration, schema, faults. */
class JdbcStorageTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private DriverDataSource h2File(String name) {
    return new DriverDataSource("jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0");
  }

  // ---- dialects ----

  @Test
  void detects_h2_postgresql_and_mariadb_from_the_connection() {
    try (JdbcStorage h2 = JdbcStorage.builder(h2File("detect")).build()) {
      assertThat(h2.database()).isEqualTo(Database.H2);
    }
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool pg = TestDatabases.postgres()) {
      try (JdbcStorage s = JdbcStorage.builder(pg).tablePrefix(prefix).build()) {
        assertThat(s.database()).isEqualTo(Database.POSTGRESQL);
      } finally {
        TestDatabases.drop(pg, prefix);
      }
    }
    try (SimplePool maria = TestDatabases.mariadb()) {
      try (JdbcStorage s = JdbcStorage.builder(maria).tablePrefix(prefix).build()) {
        assertThat(s.database()).isEqualTo(Database.MARIADB);
      } finally {
        TestDatabases.drop(maria, prefix);
      }
    }
  }

  @Test
  void a_dialect_set_by_hand_overrides_detection() {
    try (JdbcStorage s =
        JdbcStorage.builder(h2File("override")).dialect(Database.H2).tablePrefix("mf_").build()) {
      assertThat(s.database()).isEqualTo(Database.H2);
      assertThat(s.tablePrefix()).isEqualTo("mf_");
    }
  }

  @Test
  void builder_options_are_validated_and_set_once() {
    JdbcStorage.Builder b = JdbcStorage.builder(h2File("opts"));
    assertThatThrownBy(() -> b.tablePrefix("drop table;"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 'drop table;'");
    assertThatThrownBy(() -> b.retention(Duration.ZERO))
        .hasMessageContaining("retention must be positive but was PT0S");
    b.schema(SchemaMode.AUTO);
    assertThatThrownBy(() -> b.schema(SchemaMode.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("schema was already set to AUTO");
  }

  // ---- schema ----

  @Test
  void validate_refuses_to_start_on_an_empty_database() {
    assertThatThrownBy(
            () -> JdbcStorage.builder(h2File("empty")).schema(SchemaMode.VALIDATE).build())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JdbcStorage.SCHEMA_MISMATCH);
              assertThat(e.getMessage())
                  .contains("no mediaflow schema: table mediaflow_schema_version does not exist");
            });
  }

  @Test
  void validate_accepts_the_schema_auto_created() {
    DriverDataSource ds = h2File("validated");
    JdbcStorage.builder(ds).build().close();
    try (JdbcStorage s = JdbcStorage.builder(ds).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.jobs().submit(JobRequest.of("t", "{}"), T0).state()).isEqualTo(JobState.PENDING);
    }
  }

  @Test
  void a_schema_newer_than_the_library_is_refused_with_the_reason() {
    DriverDataSource ds = h2File("newer");
    JdbcStorage.builder(ds).build().close();
    TestDatabases.run(
        ds,
        List.of(
            "INSERT INTO mediaflow_schema_version (version, description, applied_at)"
                + " VALUES ("
                + (Schema.LATEST + 1)
                + ", 'V"
                + (Schema.LATEST + 1)
                + "__future.sql', 0)"));
    for (SchemaMode mode : List.of(SchemaMode.AUTO, SchemaMode.VALIDATE)) {
      assertThatThrownBy(() -> JdbcStorage.builder(ds).schema(mode).build())
          .as(mode.name())
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(JdbcStorage.SCHEMA_MISMATCH);
                assertThat(e.getMessage())
                    .contains(
                        "schema version "
                            + (Schema.LATEST + 1)
                            + " is newer than this mediaflow ("
                            + Schema.LATEST
                            + "): upgrade mediaflow");
              });
    }
  }

  @Test
  void auto_upgrades_a_version_1_schema_and_keeps_the_data_while_validate_refuses_it() {
    DriverDataSource h2 = h2File("v1");
    installVersion1(h2, "mediaflow_");
    upgradesVersion1(h2, "mediaflow_");
  }

  @Test
  void auto_upgrades_a_version_1_schema_on_postgresql_and_mariadb() {
    for (SimplePool pool : List.of(TestDatabases.postgres(), TestDatabases.mariadb())) {
      try (pool) {
        String prefix = TestDatabases.uniquePrefix();
        try {
          installVersion1(pool, prefix);
          upgradesVersion1(pool, prefix);
        } finally {
          TestDatabases.drop(pool, prefix);
        }
      }
    }
  }

  @Test
  void three_nodes_racing_for_fifty_schedule_slots_fire_each_slot_once_on_postgresql_and_mariadb()
      throws Exception {
    for (String database : List.of("postgresql", "mariadb")) {
      String prefix = TestDatabases.uniquePrefix();
      List<SimplePool> pools = new ArrayList<>();
      List<JdbcStorage> nodes = new ArrayList<>();
      try {
        for (int n = 0; n < 3; n++) {
          // each node with its own pool and storage: only the database can keep them apart
          SimplePool pool =
              database.equals("postgresql") ? TestDatabases.postgres() : TestDatabases.mariadb();
          pools.add(pool);
          nodes.add(JdbcStorage.builder(pool).tablePrefix(prefix).build());
        }
        int slots = 50;
        for (int i = 0; i < slots; i++) {
          nodes.get(0).schedules().advanceFireTime("rule-" + i, Optional.empty(), T0);
        }
        Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (JdbcStorage node : nodes) {
          for (int t = 0; t < 4; t++) {
            Thread racer =
                new Thread(
                    () -> {
                      try {
                        start.await();
                        for (int i = 0; i < slots; i++) {
                          String slot = "rule-" + i;
                          // every racer saw the slot due at T0 and tries to move it on a minute
                          if (node.schedules()
                              .advanceFireTime(slot, Optional.of(T0), T0.plusSeconds(60))) {
                            fired.computeIfAbsent(slot, k -> new AtomicInteger()).incrementAndGet();
                          }
                        }
                      } catch (Throwable e) {
                        errors.add(e);
                      }
                    });
            racer.start();
            racers.add(racer);
          }
        }
        start.countDown();
        for (Thread racer : racers) {
          racer.join(60_000);
          assertThat(racer.isAlive()).as("racer finished").isFalse();
        }

        assertThat(errors).as(database).isEmpty();
        assertThat(fired).as(database).hasSize(slots);
        assertThat(fired.values()).as(database).allSatisfy(c -> assertThat(c).hasValue(1));
        for (int i = 0; i < slots; i++) {
          assertThat(nodes.get(2).schedules().nextFireTime("rule-" + i))
              .contains(T0.plusSeconds(60));
        }
      } finally {
        nodes.forEach(JdbcStorage::close);
        if (!pools.isEmpty()) {
          TestDatabases.drop(pools.get(0), prefix);
        }
        pools.forEach(SimplePool::close);
      }
    }
  }

  /** What mediaflow 0.1 with schema version 1 left behind: its tables and one job in them. */
  private static void installVersion1(javax.sql.DataSource ds, String prefix) {
    Database database;
    try (java.sql.Connection c = ds.getConnection()) {
      database = Dialect.detect(c.getMetaData().getDatabaseProductName()).orElseThrow();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    String folder = Dialect.of(database).schemaFolder();
    String script;
    try (java.io.InputStream in =
        Schema.class.getResourceAsStream("/io/mediaflow/jdbc/schema/" + folder + "/V1__jobs.sql")) {
      script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> sql = new java.util.ArrayList<>();
    sql.add(
        "CREATE TABLE "
            + prefix
            + "schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255)"
            + " NOT NULL, applied_at BIGINT NOT NULL)");
    sql.addAll(Schema.statements(script, new Tables(prefix)));
    sql.add(
        "INSERT INTO "
            + prefix
            + "schema_version (version, description, applied_at) VALUES (1, 'V1__jobs.sql', 0)");
    TestDatabases.run(ds, sql);
  }

  private static void upgradesVersion1(javax.sql.DataSource ds, String prefix) {
    assertThatThrownBy(
            () -> JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JdbcStorage.SCHEMA_MISMATCH);
              assertThat(e.getMessage())
                  .contains(
                      "schema version 1 is older than this mediaflow (" + Schema.LATEST + ")");
              assertThat(e.suggestion()).contains("SchemaMode.AUTO");
            });
    Job parent = SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("workflow", "{}"));
    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      assertThat(s.jobs().find(parent.id())).isPresent();
      Job child = s.jobs().submit(JobRequest.of("media", "{}").withParent(parent.id()), T0);
      assertThat(s.jobs().query(JobQuery.all().withParent(parent.id())).items())
          .extracting(Job::id)
          .containsExactly(child.id());
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.jobs().find(parent.id())).isPresent();
    }
  }

  @Test
  void auto_is_idempotent_and_keeps_the_data() {
    Path file = dir.resolve("twice");
    String id;
    try (JdbcStorage s = JdbcStorage.h2(file)) {
      id = s.jobs().submit(JobRequest.of("t", "kept"), T0).id();
    }
    try (JdbcStorage s = JdbcStorage.h2(file)) {
      assertThat(s.jobs().find(id).orElseThrow().payload()).isEqualTo("kept");
    }
  }

  @Test
  void none_trusts_the_tables_and_a_missing_table_fails_the_call_with_context() {
    try (JdbcStorage s = JdbcStorage.builder(h2File("none")).schema(SchemaMode.NONE).build()) {
      assertThatThrownBy(() -> s.jobs().find("job-1"))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(JdbcStorage.STORAGE_FAILED);
                assertThat(e.getMessage()).contains("H2 storage failed to find job job-1");
              });
    }
  }

  // ---- faults ----

  @Test
  void a_database_down_at_start_is_unavailable_and_named_without_the_password() {
    DriverDataSource down =
        new DriverDataSource(
            "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=s3cret&connectTimeout=2");
    assertThatThrownBy(() -> JdbcStorage.builder(down).build())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.STORAGE_UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/test")
                  .contains("password=***")
                  .doesNotContain("s3cret");
            });
  }

  @Test
  void a_lost_connection_fails_the_call_as_unavailable_and_the_next_call_works_once_it_is_back()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String[] args = {
      "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists"
    };
    Server server = Server.createTcpServer(args).start();
    DriverDataSource ds =
        new DriverDataSource("jdbc:h2:tcp://localhost:" + port + "/lost;WRITE_DELAY=0");
    try (JdbcStorage s = JdbcStorage.builder(ds).build()) {
      Job before = s.jobs().submit(JobRequest.of("t", "before"), T0);

      server.stop();
      assertThatThrownBy(() -> s.jobs().submit(JobRequest.of("t", "during"), T0))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StorageException.STORAGE_UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("H2 storage is unavailable: submit failed");
              });
      assertThatThrownBy(() -> s.jobs().find(before.id()))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(e.getMessage()).contains("find job " + before.id()));

      server = Server.createTcpServer(args).start();
      Job after = s.jobs().submit(JobRequest.of("t", "after"), T0);
      assertThat(s.jobs().find(before.id())).contains(before);
      assertThat(s.jobs().find(after.id())).contains(after);
      assertThat(s.jobs().query(JobQuery.all()).total()).isEqualTo(2);
    } finally {
      server.stop();
    }
  }

  @Test
  void a_corrupt_child_buried_when_claimed_wakes_its_parent_waiting_for_it() {
    Path file = dir.resolve("corrupt-child");
    try (JdbcStorage s = JdbcStorage.h2(file)) {
      s.jobs().submit(JobRequest.of("parent", "{}"), T0);
      Job parent = s.jobs().claim(new ClaimRequest("w", 1, LEASE, T0, Set.of("parent"))).get(0);
      Job child = s.jobs().submit(JobRequest.of("child", "{}").withParent(parent.id()), T0);
      s.jobs().yieldUntil(parent.id(), parent.lease().orElseThrow().token(), Wait.children(1), T0);
      TestDatabases.run(
          new DriverDataSource("jdbc:h2:file:" + file + ";USER=sa"),
          List.of("UPDATE mediaflow_jobs SET max_attempts = 0 WHERE id = '" + child.id() + "'"));

      assertThat(s.jobs().claim(new ClaimRequest("w", 10, LEASE, T0, Set.of("child")))).isEmpty();

      assertThat(s.jobs().find(parent.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }
  }

  @Test
  void a_corrupt_limited_job_buried_when_claimed_hands_its_place_to_a_buffered_one() {
    Path file = dir.resolve("corrupt-limited");
    try (JdbcStorage s = JdbcStorage.h2(file)) {
      LimitedRequest run =
          new LimitedRequest(
              JobRequest.of("run", "{}"),
              "rule-1",
              1,
              io.mediaflow.api.rule.OverlapPolicy.BUFFER_ALL);
      List<Admission> out = s.jobs().submitLimited(List.of(run, run), T0);
      String bad = out.get(0).job().orElseThrow().id();
      TestDatabases.run(
          new DriverDataSource("jdbc:h2:file:" + file + ";USER=sa"),
          List.of("UPDATE mediaflow_jobs SET max_attempts = 0 WHERE id = '" + bad + "'"));

      assertThat(s.jobs().claim(new ClaimRequest("w", 10, LEASE, T0, Set.of("run")))).isEmpty();

      Job next = s.jobs().find(out.get(1).job().orElseThrow().id()).orElseThrow();
      assertThat(next.state()).isEqualTo(JobState.PENDING);
      assertThat(s.jobs().claim(new ClaimRequest("w", 10, LEASE, T0, Set.of("run"))))
          .extracting(Job::id)
          .containsExactly(next.id());
    }
  }

  @Test
  void a_corrupt_row_goes_dead_with_a_code_when_claimed_and_the_others_are_claimed() {
    Path file = dir.resolve("corrupt");
    try (JdbcStorage s = JdbcStorage.h2(file)) {
      Job bad = s.jobs().submit(JobRequest.of("t", "bad").withPriority(9), T0);
      Job good = s.jobs().submit(JobRequest.of("t", "good"), T0);
      TestDatabases.run(
          new DriverDataSource("jdbc:h2:file:" + file + ";USER=sa"),
          List.of("UPDATE mediaflow_jobs SET max_attempts = 0 WHERE id = '" + bad.id() + "'"));

      assertThatThrownBy(() -> s.jobs().find(bad.id()))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(JdbcStorage.CORRUPT_ROW));
      List<Job> claimed = s.jobs().claim(new ClaimRequest("w", 10, LEASE, T0, Set.of()));

      assertThat(claimed).extracting(Job::id).containsExactly(good.id());
      TestDatabases.run(
          new DriverDataSource("jdbc:h2:file:" + file + ";USER=sa"),
          List.of("UPDATE mediaflow_jobs SET max_attempts = 1 WHERE id = '" + bad.id() + "'"));
      Job dead = s.jobs().find(bad.id()).orElseThrow();
      assertThat(dead.state()).isEqualTo(JobState.DEAD);
      assertThat(dead.lease()).isEmpty();
      JobError error = dead.error().orElseThrow();
      assertThat(error.code()).isEqualTo("CORRUPT_ROW");
      assertThat(error.message()).contains("job " + bad.id() + " has a corrupt row: max_attempts");
      assertThat(error.retryable()).isFalse();
      assertThat(s.jobs().claim(new ClaimRequest("w", 10, LEASE, T0, Set.of()))).isEmpty();
    }
  }

  // ---- concurrency across threads and nodes ----

  @Test
  void eight_threads_submitting_one_idempotency_key_store_one_job() throws Exception {
    String prefix = TestDatabases.uniquePrefix();
    for (SimplePool pool : List.of(TestDatabases.postgres(), TestDatabases.mariadb())) {
      try (pool;
          JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        for (int round = 0; round < 5; round++) {
          String key = "same-key-" + round;
          Set<String> ids = ConcurrentHashMap.newKeySet();
          List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
          CountDownLatch start = new CountDownLatch(1);
          List<Thread> threads = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            String payload = "from-" + i;
            Thread th =
                new Thread(
                    () -> {
                      try {
                        start.await();
                        ids.add(
                            s.jobs()
                                .submit(JobRequest.of("t", payload).withIdempotencyKey(key), T0)
                                .id());
                      } catch (Throwable e) {
                        errors.add(e);
                      }
                    });
            th.start();
            threads.add(th);
          }
          start.countDown();
          for (Thread th : threads) {
            th.join(30_000);
          }
          assertThat(errors).as(s.database().name()).isEmpty();
          assertThat(ids).as(s.database().name()).hasSize(1);
        }
        assertThat(s.jobs().query(JobQuery.all()).total()).isEqualTo(5);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void two_nodes_on_one_postgresql_never_claim_a_job_twice() throws Exception {
    String prefix = TestDatabases.uniquePrefix();
    try (SimplePool poolA = TestDatabases.postgres();
        SimplePool poolB = TestDatabases.postgres()) {
      try (JdbcStorage a = JdbcStorage.builder(poolA).tablePrefix(prefix).build();
          JdbcStorage b = JdbcStorage.builder(poolB).tablePrefix(prefix).build()) {
        int jobs = 3000;
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
          requests.add(JobRequest.of("t", Integer.toString(i)).withPriority(i % 4));
        }
        a.jobs().submitAll(requests, T0);
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          JdbcStorage node = i % 2 == 0 ? a : b;
          String owner = (i % 2 == 0 ? "a-" : "b-") + i;
          Thread th =
              new Thread(
                  () -> {
                    try {
                      start.await();
                      while (true) {
                        List<Job> batch =
                            node.jobs().claim(new ClaimRequest(owner, 10, LEASE, T0, Set.of()));
                        if (batch.isEmpty()) {
                          return;
                        }
                        for (Job j : batch) {
                          if (claimedBy.putIfAbsent(j.id(), owner) != null) {
                            duplicates.incrementAndGet();
                          }
                          node.jobs()
                              .complete(
                                  j.id(), j.lease().orElseThrow().token(), Optional.empty(), T0);
                        }
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  });
          th.start();
          threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
          th.join(60_000);
        }
        assertThat(errors).isEmpty();
        assertThat(duplicates).hasValue(0);
        assertThat(claimedBy).hasSize(jobs);
        assertThat(claimedBy.values()).anyMatch(o -> o.startsWith("a-"));
        assertThat(claimedBy.values()).anyMatch(o -> o.startsWith("b-"));
        assertThat(b.jobs().countByState().get(JobState.COMPLETED)).isEqualTo(jobs);
      } finally {
        TestDatabases.drop(poolA, prefix);
      }
    }
  }

  // ---- batching and retention ----

  @Test
  void heartbeat_all_extends_held_leases_and_names_the_lost_ones() {
    try (JdbcStorage s = JdbcStorage.h2(dir.resolve("hb"))) {
      s.jobs().submit(JobRequest.of("t", "1"), T0);
      s.jobs().submit(JobRequest.of("t", "2"), T0);
      List<Job> claimed = s.jobs().claim(new ClaimRequest("w", 2, LEASE, T0, Set.of()));
      Job one = claimed.get(0);
      Job two = claimed.get(1);
      Set<String> lost =
          s.jobs()
              .heartbeatAll(
                  Map.of(one.id(), one.lease().orElseThrow().token(), two.id(), "stale"),
                  T0.plusSeconds(300));
      assertThat(lost).containsExactly(two.id());
      assertThat(s.jobs().find(one.id()).orElseThrow().lease().orElseThrow().expiresAt())
          .isEqualTo(T0.plusSeconds(300));
    }
  }

  @Test
  void retention_purges_only_finished_jobs_older_than_the_cutoff_in_batches() {
    DriverDataSource ds = h2File("retention");
    try (JdbcStorage s = JdbcStorage.builder(ds).retention(Duration.ofDays(1)).build()) {
      List<JobRequest> many = new ArrayList<>();
      for (int i = 0; i < JdbcStorage.PURGE_BATCH + 5; i++) {
        many.add(JobRequest.of("t", "{}"));
      }
      List<Job> jobs = s.jobs().submitAll(many, T0);
      // cancelled at T0 in one statement: a thousand single cancels would only slow the test
      TestDatabases.run(
          ds,
          List.of(
              "UPDATE mediaflow_jobs SET state = 'CANCELLED', version = version + 1,"
                  + " updated_at = "
                  + Rows.micros(T0)));
      Job recent =
          s.jobs()
              .cancel(
                  s.jobs().submit(JobRequest.of("t", "{}"), T0).id(), T0.plus(Duration.ofDays(2)));
      s.jobs().submit(JobRequest.of("t", "pending"), T0);
      s.jobs().appendLog(jobs.get(0).id(), new io.mediaflow.api.job.JobLog(T0, "INFO", "x"));

      assertThat(s.purgeExpired(T0.plus(Duration.ofDays(1))))
          .as("not yet older than a day")
          .isZero();
      assertThat(s.purgeExpired(T0.plus(Duration.ofDays(2))))
          .isEqualTo(JdbcStorage.PURGE_BATCH + 5);
      assertThat(s.jobs().find(jobs.get(0).id())).isEmpty();
      assertThat(s.jobs().find(recent.id())).isPresent();
      assertThat(s.jobs().countByState().get(JobState.PENDING)).isEqualTo(1);
    }
  }

  @Test
  void retention_purges_the_webhook_attempts_made_before_the_cutoff() {
    DriverDataSource ds = h2File("attempts");
    try (JdbcStorage s = JdbcStorage.builder(ds).retention(Duration.ofDays(1)).build()) {
      s.webhooks()
          .save(WebhookRegistration.builder("w", "https://example.com/h").secret("k").build());
      s.webhooks().recordAttempt(attempt("old", T0));
      s.webhooks().recordAttempt(attempt("new", T0.plus(Duration.ofHours(12))));

      s.purgeExpired(T0.plus(Duration.ofDays(1)));
      assertThat(s.webhooks().attempts("w", 10)).as("not yet older than a day").hasSize(2);
      s.purgeExpired(T0.plus(Duration.ofDays(1)).plusSeconds(1));
      assertThat(s.webhooks().attempts("w", 10))
          .extracting(DeliveryAttempt::deliveryId)
          .containsExactly("new");
    }
  }

  static DeliveryAttempt attempt(String deliveryId, Instant at) {
    return new DeliveryAttempt(
        "w", deliveryId, "msg_" + deliveryId, "x", 1, at, 204, Duration.ofMillis(3), true, "", "");
  }
}
