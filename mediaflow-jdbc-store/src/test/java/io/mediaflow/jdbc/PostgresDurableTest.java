package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.SimplePool;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable execution on the local PostgreSQL, in tables of a prefix of its own; and the claim's
 * marks of jobs with no saved state ({@link StatelessClaims}), which only this dialect's claim
 * makes.
 */
class PostgresDurableTest extends DurableStoreTests {

  private static final String PREFIX = TestDatabases.uniquePrefix();
  private static SimplePool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabases.postgres();
  }

  @AfterAll
  static void dropTables() {
    TestDatabases.drop(pool, PREFIX);
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  JdbcStorage newStorage() {
    JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
    TestDatabases.truncate(pool, PREFIX);
    return storage;
  }

  @Test
  void the_first_load_of_a_job_claimed_with_no_state_asks_no_query() {
    Job job = claimed(submitted("w"));
    Job kept = claimed(submitted("k"));
    cps.saveState(kept.id(), "cursor", new SavedState("1", 1));
    String states = PREFIX + "job_states";
    TestDatabases.run(pool, List.of("ALTER TABLE " + states + " RENAME TO " + states + "_away"));
    try {
      assertThat(cps.loadState(job.id(), "cursor")).isEmpty();
      // the second load, and a job with state, query the table (which is not there now)
      for (Job j : List.of(job, kept)) {
        assertThatThrownBy(() -> cps.loadState(j.id(), "cursor"))
            .isInstanceOfSatisfying(
                StorageException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(JdbcStorage.STORAGE_FAILED);
                  assertThat(e.getMessage())
                      .contains(" storage failed to loadState job " + j.id() + ": ")
                      .contains(states);
                });
      }
    } finally {
      TestDatabases.run(pool, List.of("ALTER TABLE " + states + "_away RENAME TO " + states));
    }
  }

  @Test
  void a_state_written_through_another_store_after_the_first_load_is_found() {
    Job job = claimed(submitted("w"));
    assertThat(cps.loadState(job.id(), "cursor")).isEmpty();
    // another node (another storage on the same tables) writes the job's state
    try (JdbcStorage other = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      other.checkpoints().saveState(job.id(), "cursor", new SavedState("7", 1));
    }
    assertThat(cps.loadState(job.id(), "cursor"))
        .as("only the claim's first load is answered from the claim")
        .contains(new SavedState("7", 1));
  }
}
