package io.mediaflow.jdbc;

import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.CheckpointStore.StateSave;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable history of jobs of a {@link JdbcStorage}: checkpoints, named states and the taking of
 * signals ({@link JdbcJobStore#signal} stores them and wakes the job).
 *
 * <ul>
 *   <li>{@link #saveAll} is the engine's group commit. One checkpoint is one insert-if-absent in
 *       auto-commit; more are, on PostgreSQL, one {@code INSERT … SELECT FROM unnest(…) ON CONFLICT
 *       DO NOTHING} in auto-commit, so a batch of any size costs one round trip and one (durable)
 *       commit; elsewhere one JDBC batch of insert-if-absent statements in one transaction. A
 *       position taken already keeps its first checkpoint, and never fails the batch: where two
 *       transactions inserting one position can still clash on the key (H2), the batch runs again
 *       and finds it taken.
 *   <li>Checkpoints are written in the order of their job and position, so that two batches lock
 *       shared positions in the same order.
 *   <li>{@link #takeSignal} marks the oldest untaken signal of a name with the position that took
 *       it; a unique key on (job, position) makes a second taker at that position fail and look
 *       again, finding the first one's.
 *   <li>Checkpoints and states have no foreign key to their job (one group commit must not fail for
 *       a job deleted meanwhile): the job store deletes them with the job.
 * </ul>
 */
final class JdbcCheckpointStore implements CheckpointStore {

  /** How often a write that clashed with a concurrent one on a key runs again. */
  private static final int CLASH_RETRIES = 10;

  private final Transactions db;
  private final String history;
  private final String insert;
  private final String insertMany; // null where the dialect has none
  private final String upsertState;
  private final String upsertStatesMany; // null where the dialect has none
  private final String loadState;
  private final StatelessClaims stateless;
  private final String takenBy;
  private final String oldestUntaken;
  private final String take;

  JdbcCheckpointStore(Transactions db, Dialect dialect, Tables t, StatelessClaims stateless) {
    this.db = db;
    this.stateless = stateless;
    history =
        "SELECT seq, kind, name, value_json FROM "
            + t.checkpoints()
            + " WHERE job_id = ? AND seq >= ? ORDER BY seq";
    insert = dialect.insertCheckpoint(t);
    insertMany = dialect.insertCheckpointsInOneStatement(t).orElse(null);
    upsertState = dialect.upsertState(t);
    upsertStatesMany = dialect.upsertStatesInOneStatement(t).orElse(null);
    loadState = "SELECT value_json, seq FROM " + t.jobStates() + " WHERE job_id = ? AND name = ?";
    takenBy = "SELECT payload FROM " + t.signals() + " WHERE job_id = ? AND taken_seq = ?";
    oldestUntaken =
        "SELECT id, payload FROM "
            + t.signals()
            + " WHERE job_id = ? AND name = ? AND taken_seq IS NULL ORDER BY id LIMIT 1";
    take = "UPDATE " + t.signals() + " SET taken_seq = ? WHERE id = ? AND taken_seq IS NULL";
  }

  @Override
  public List<Checkpoint> history(String jobId, int fromSeq) {
    Objects.requireNonNull(jobId, "jobId");
    return db.auto(
        "history",
        jobId,
        c ->
            Sql.list(
                c,
                history,
                rs -> {
                  int seq = rs.getInt(1);
                  return new Checkpoint(
                      jobId,
                      seq,
                      kind(jobId, seq, rs.getString(2)),
                      rs.getString(3),
                      rs.getString(4));
                },
                List.of(jobId, Math.max(0, fromSeq))));
  }

  private static Checkpoint.Kind kind(String jobId, int seq, String text) {
    try {
      return Checkpoint.Kind.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          JdbcStorage.CORRUPT_ROW,
          "checkpoint " + seq + " of job " + jobId + " has an unknown kind '" + text + "'",
          "inspect the row; a newer mediaflow may have written it",
          e);
    }
  }

  @Override
  public void saveAll(List<Checkpoint> checkpoints) {
    List<Checkpoint> sorted = new ArrayList<>(checkpoints.size());
    for (Checkpoint cp : checkpoints) {
      sorted.add(Objects.requireNonNull(cp, "checkpoint"));
    }
    if (sorted.isEmpty()) {
      return;
    }
    // stable: of two checkpoints at one position in this batch, the first stays first and wins
    sorted.sort(Comparator.comparing(Checkpoint::jobId).thenComparingInt(Checkpoint::seq));
    String jobId =
        sorted.get(0).jobId().equals(sorted.get(sorted.size() - 1).jobId())
            ? sorted.get(0).jobId()
            : null;
    if (sorted.size() == 1) {
      // one row: one plain statement in auto-commit, its commit in the same round trip
      retryOnClash(() -> db.autoRetrying("saveAll", jobId, c -> insertBatch(c, sorted, false)));
      return;
    }
    if (insertMany != null) {
      db.autoRetrying("saveAll", jobId, c -> insertInOneStatement(c, sorted));
      return;
    }
    retryOnClash(() -> db.tx("saveAll", jobId, c -> insertBatch(c, sorted, true)));
  }

  private int insertInOneStatement(Connection c, List<Checkpoint> cps) throws SQLException {
    int n = cps.size();
    String[] jobIds = new String[n];
    Integer[] seqs = new Integer[n];
    String[] kinds = new String[n];
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      Checkpoint cp = cps.get(i);
      jobIds[i] = cp.jobId();
      seqs[i] = cp.seq();
      kinds[i] = cp.kind().name();
      names[i] = cp.name();
      values[i] = cp.value();
    }
    return Sql.update(
        c,
        insertMany,
        c.createArrayOf("varchar", jobIds),
        c.createArrayOf("int4", seqs),
        c.createArrayOf("varchar", kinds),
        c.createArrayOf("text", names),
        c.createArrayOf("text", values));
  }

  private int insertBatch(Connection c, List<Checkpoint> cps, boolean batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (Checkpoint cp : cps) {
        ps.setString(1, cp.jobId());
        ps.setInt(2, cp.seq());
        ps.setString(3, cp.kind().name());
        ps.setString(4, cp.name());
        ps.setString(5, cp.value());
        if (!batch) {
          return ps.executeUpdate();
        }
        ps.addBatch();
      }
      ps.executeBatch();
      return cps.size();
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        throw new Clash(); // inserted by another transaction since our statement looked
      }
      throw e;
    }
  }

  /**
   * Checkpoints and states in one transaction. States only, on PostgreSQL: one {@code INSERT …
   * SELECT FROM unnest(…) ON CONFLICT DO UPDATE} in auto-commit (a cursor save per running
   * workflow, group-committed, costs one round trip). States are written in the order of job and
   * name, so that two batches lock shared rows in the same order.
   */
  @Override
  public void saveAll(List<Checkpoint> checkpoints, List<StateSave> states) {
    Map<List<String>, StateSave> last = new TreeMap<>(STATE_ORDER);
    for (StateSave st : states) {
      Objects.requireNonNull(st, "state");
      stateless.saving(st.jobId());
      last.put(List.of(st.jobId(), st.name()), st); // the later of two saves of one state wins
    }
    if (last.isEmpty()) {
      saveAll(checkpoints);
      return;
    }
    List<StateSave> sortedStates = new ArrayList<>(last.values());
    List<Checkpoint> sorted = new ArrayList<>(checkpoints.size());
    for (Checkpoint cp : checkpoints) {
      sorted.add(Objects.requireNonNull(cp, "checkpoint"));
    }
    sorted.sort(Comparator.comparing(Checkpoint::jobId).thenComparingInt(Checkpoint::seq));
    if (sorted.isEmpty() && sortedStates.size() == 1) {
      StateSave one = sortedStates.get(0);
      saveState(one.jobId(), one.name(), one.state());
      return;
    }
    if (sorted.isEmpty() && upsertStatesMany != null) {
      db.autoRetrying("saveAll", null, c -> upsertStatesInOneStatement(c, sortedStates));
      return;
    }
    retryOnClash(
        () ->
            db.tx(
                "saveAll",
                null,
                c -> {
                  if (!sorted.isEmpty()) {
                    if (insertMany != null) {
                      insertInOneStatement(c, sorted);
                    } else {
                      insertBatch(c, sorted, true);
                    }
                  }
                  return upsertStatesBatch(c, sortedStates);
                }));
  }

  private static final Comparator<List<String>> STATE_ORDER =
      Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1));

  private int upsertStatesInOneStatement(Connection c, List<StateSave> states) throws SQLException {
    int n = states.size();
    String[] jobIds = new String[n];
    String[] names = new String[n];
    String[] values = new String[n];
    Integer[] seqs = new Integer[n];
    for (int i = 0; i < n; i++) {
      StateSave st = states.get(i);
      jobIds[i] = st.jobId();
      names[i] = st.name();
      values[i] = st.state().value();
      seqs[i] = st.state().seq();
    }
    return Sql.update(
        c,
        upsertStatesMany,
        c.createArrayOf("varchar", jobIds),
        c.createArrayOf("varchar", names),
        c.createArrayOf("text", values),
        c.createArrayOf("int4", seqs));
  }

  private int upsertStatesBatch(Connection c, List<StateSave> states) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(upsertState)) {
      for (StateSave st : states) {
        ps.setString(1, st.jobId());
        ps.setString(2, st.name());
        ps.setString(3, st.state().value());
        ps.setInt(4, st.state().seq());
        ps.addBatch();
      }
      ps.executeBatch();
      return states.size();
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        throw new Clash(); // H2's MERGE: inserted by another one meanwhile
      }
      throw e;
    }
  }

  @Override
  public void saveState(String jobId, String name, SavedState state) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    stateless.saving(jobId);
    retryOnClash(
        () ->
            db.auto(
                "saveState",
                jobId,
                c -> {
                  try {
                    return Sql.update(c, upsertState, jobId, name, state.value(), state.seq());
                  } catch (SQLException e) {
                    if (Transactions.isIntegrityViolation(e)) {
                      throw new Clash(); // H2's MERGE: inserted by another one meanwhile
                    }
                    throw e;
                  }
                }));
  }

  @Override
  public Optional<SavedState> loadState(String jobId, String name) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    if (stateless.takeStateless(jobId)) {
      return Optional.empty(); // claimed just now with no state (a first attempt)
    }
    return db.auto(
        "loadState",
        jobId,
        c ->
            Sql.first(
                c, loadState, rs -> new SavedState(rs.getString(1), rs.getInt(2)), jobId, name));
  }

  /**
   * The signal position {@code seq} took, or the oldest untaken one marked as taken by it: a read,
   * then an update that only marks a signal still untaken; one taken by another position between
   * the two makes it look again.
   */
  @Override
  public Optional<String> takeSignal(String jobId, String name, int seq) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be 0 or more but was " + seq);
    }
    return retryOnClash(
        () ->
            db.tx(
                "takeSignal",
                jobId,
                c -> {
                  while (true) {
                    Optional<String> taken =
                        Sql.first(c, takenBy, rs -> rs.getString(1), jobId, seq);
                    if (taken.isPresent()) {
                      return taken;
                    }
                    Optional<Object[]> oldest =
                        Sql.first(
                            c,
                            oldestUntaken,
                            rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                            jobId,
                            name);
                    if (oldest.isEmpty()) {
                      return Optional.<String>empty();
                    }
                    int marked;
                    try {
                      marked = Sql.update(c, take, seq, oldest.get()[0]);
                    } catch (SQLException e) {
                      if (Transactions.isIntegrityViolation(e)) {
                        throw new Clash(); // another taker at this position committed first
                      }
                      throw e;
                    }
                    if (marked == 1) {
                      return Optional.of((String) oldest.get()[1]);
                    }
                    // another position took it between our read and our update: look again
                  }
                }));
  }

  private static <T> T retryOnClash(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (Clash clash) {
        if (attempt >= CLASH_RETRIES) {
          throw new StorageException(
              JdbcStorage.STORAGE_FAILED,
              "a checkpoint write kept clashing with concurrent ones after " + attempt + " tries",
              "retry the call");
        }
      }
    }
  }

  /** Thrown inside a transaction to roll it back and run it again after a clash on a key. */
  private static final class Clash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Clash() {
      super(null, null, false, false);
    }
  }
}
