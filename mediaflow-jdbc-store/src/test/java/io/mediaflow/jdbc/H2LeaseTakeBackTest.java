package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.testkit.DriverDataSource;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code takeBackLeases} without a node on H2: an embedded database is open in one process at a
 * time, so the leases there that no store of this process holds are a dead process's, and go back
 * to the queue at once; a database that other processes can reach is not taken for exclusive.
 */
class H2LeaseTakeBackTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void a_reopened_h2_file_takes_back_at_once_the_leases_of_the_store_that_had_it_open() {
    Path file = dir.resolve("jobs");
    Job held;
    try (JdbcStorage dead = JdbcStorage.h2(file)) {
      dead.jobs().submit(JobRequest.of("t", "held by the dead process"), T0);
      held = claim(dead, "dead-node");
    } // what a kill -9 leaves in the file: a lease nobody will heartbeat or finish

    try (JdbcStorage restarted = JdbcStorage.h2(file)) {
      restarted.jobs().submit(JobRequest.of("t", "held by the live process"), T0);
      Job mine = claim(restarted, "live-node");

      assertThat(restarted.jobs().takeBackLeases(Optional.empty(), T0))
          .as("no time passed: the lease has 30 s to go")
          .isOne();

      Job back = restarted.jobs().find(held.id()).orElseThrow();
      assertThat(back.state()).isEqualTo(JobState.PENDING);
      assertThat(back.lease()).isEmpty();
      assertThat(back.attempts()).isOne();
      assertThat(restarted.jobs().find(mine.id()).orElseThrow().lease()).isEqualTo(mine.lease());
      assertThat(restarted.jobs().takeBackLeases(Optional.empty(), T0)).isZero();
    }
  }

  @Test
  void a_second_store_on_the_same_file_takes_back_a_lease_only_once_its_store_is_closed() {
    Path file = dir.resolve("shared");
    JdbcStorage first = JdbcStorage.h2(file);
    Job held;
    // the same file under another spelling of its URL, through the host's own DataSource
    try (JdbcStorage second =
        JdbcStorage.builder(new DriverDataSource("jdbc:h2:" + file + ";USER=sa")).build()) {
      try {
        first.jobs().submit(JobRequest.of("t", "x"), T0);
        held = claim(first, "first-node");

        assertThat(second.jobs().takeBackLeases(Optional.empty(), T0)).isZero();
        assertThat(first.jobs().takeBackLeases(Optional.empty(), T0)).isZero();
      } finally {
        first.close();
      }
      assertThat(second.jobs().takeBackLeases(Optional.empty(), T0)).isOne();
      assertThat(second.jobs().find(held.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }
  }

  @Test
  void an_in_memory_h2_database_is_exclusive_too() {
    DriverDataSource mem = new DriverDataSource("jdbc:h2:mem:takeback;DB_CLOSE_DELAY=-1");
    Job held;
    try (JdbcStorage closed = JdbcStorage.builder(mem).build()) {
      closed.jobs().submit(JobRequest.of("t", "x"), T0);
      held = claim(closed, "gone");
    }
    try (JdbcStorage open = JdbcStorage.builder(mem).build()) {
      assertThat(open.jobs().takeBackLeases(Optional.empty(), T0)).isOne();
      assertThat(open.jobs().find(held.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }
  }

  @Test
  void a_file_that_h2_serves_to_other_processes_is_not_exclusive() {
    String url = "jdbc:h2:file:" + dir.resolve("served") + ";AUTO_SERVER=TRUE;USER=sa";
    assertNothingTakenBackAfterAReopen(new DriverDataSource(url));
  }

  @Test
  void a_database_reached_through_an_h2_server_is_not_exclusive() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Server server =
        Server.createTcpServer(
                "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
            .start();
    try {
      assertNothingTakenBackAfterAReopen(
          new DriverDataSource("jdbc:h2:tcp://localhost:" + port + "/remote;USER=sa"));
    } finally {
      server.stop();
    }
  }

  /** Another process may hold the lease of a closed store there: it stays until it expires. */
  private static void assertNothingTakenBackAfterAReopen(DriverDataSource ds) {
    Job held;
    try (JdbcStorage other = JdbcStorage.builder(ds).build()) {
      other.jobs().submit(JobRequest.of("t", "x"), T0);
      held = claim(other, "another-process");
    }
    try (JdbcStorage s = JdbcStorage.builder(ds).build()) {
      assertThat(s.jobs().takeBackLeases(Optional.empty(), T0)).isZero();
      assertThat(s.jobs().find(held.id()).orElseThrow().lease()).isEqualTo(held.lease());
    }
  }

  private static Job claim(JdbcStorage s, String owner) {
    return s.jobs().claim(new ClaimRequest(owner, 1, LEASE, T0, Set.of())).get(0);
  }
}
