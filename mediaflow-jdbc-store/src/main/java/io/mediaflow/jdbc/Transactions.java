package io.mediaflow.jdbc;

import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The one way the JDBC stores talk to the database: borrow a connection, run some statements in
 * auto-commit or in one transaction, give the connection back as it was found, and turn an {@link
 * SQLException} into a {@link StorageException} that names the operation and the job.
 *
 * <ul>
 *   <li>A connection problem, a deadlock or a serialization failure becomes {@link
 *       StorageException#STORAGE_UNAVAILABLE} (the caller may retry); anything else {@link
 *       JdbcStorage#STORAGE_FAILED}.
 *   <li>A transaction the database chose as a deadlock victim (or failed to serialize) runs again
 *       from the start, up to {@value #CONFLICT_RETRIES} times with a short random back-off: it
 *       rolled back whole, so running it again is safe.
 *   <li>A transaction runs at the dialect's isolation level; the connection's own auto-commit and
 *       isolation are restored before it goes back to the host's pool.
 * </ul>
 */
final class Transactions {

  /**
   * How often a transaction chosen as a deadlock victim runs again. Many claimers on MariaDB can
   * deadlock on the index entries they lock; each try rolls back whole, so trying again is safe.
   */
  static final int CONFLICT_RETRIES = 20;

  /** Some statements on one connection; what they return is the operation's answer. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final Dialect dialect;

  Transactions(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** A statement or two in auto-commit mode: each commits on its own. */
  <T> T auto(String op, String jobId, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(op, jobId, e);
    }
  }

  /**
   * One statement in auto-commit, run again when the database picked it as a deadlock victim (it
   * rolled back whole): a change of many rows that costs one round trip, commit included.
   */
  <T> T autoRetrying(String op, String jobId, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        return work.run(c);
      } catch (SQLException e) {
        if (attempt < CONFLICT_RETRIES && isRetryableConflict(e)) {
          backOffAfterConflict(attempt);
          continue;
        }
        throw failure(op, jobId, e);
      }
    }
  }

  /**
   * One change that is atomic with reading it back: a single statement in auto-commit where the
   * dialect has {@code UPDATE … RETURNING}, else a transaction.
   */
  <T> T write(String op, String jobId, Work<T> work) {
    return dialect.updateReturning() ? auto(op, jobId, work) : tx(op, jobId, work);
  }

  /** A transaction, run again from the start when the database picked it as a deadlock victim. */
  <T> T tx(String op, String jobId, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (SQLException e) {
        if (attempt < CONFLICT_RETRIES && isRetryableConflict(e)) {
          backOffAfterConflict(attempt);
          continue;
        }
        throw failure(op, jobId, e);
      }
    }
  }

  private <T> T once(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      int isolation = dialect.transactionIsolation();
      // asked only when needed: PostgreSQL's driver answers with a round trip
      int previousIsolation =
          isolation == Connection.TRANSACTION_NONE ? isolation : c.getTransactionIsolation();
      boolean changeIsolation = previousIsolation != isolation;
      if (changeIsolation) {
        c.setTransactionIsolation(isolation);
      }
      if (auto) {
        c.setAutoCommit(false);
      }
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        if (auto) {
          c.setAutoCommit(true);
        }
        if (changeIsolation) {
          // the connection may go back to the host's pool: leave it as we found it
          c.setTransactionIsolation(previousIsolation);
        }
      }
    }
  }

  /**
   * Waits a short, random, growing time before a transaction that lost a deadlock runs again, so
   * that the transactions which collided do not collide again in lock step.
   */
  private static void backOffAfterConflict(int attempt) {
    long maxMicros = Math.min(50_000L, 500L << Math.min(attempt, 10));
    long micros = ThreadLocalRandom.current().nextLong(maxMicros / 2, maxMicros);
    LockSupport.parkNanos(micros * 1_000L);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is likely gone; the database rolls back what it had
    }
  }

  /** The exception a caller sees for {@code e}, naming the operation and the job if any. */
  StorageException failure(String op, String jobId, SQLException e) {
    String where = jobId == null ? "" : " job " + jobId;
    String detail = e.getMessage() + " (SQLState " + e.getSQLState() + ")";
    if (isConnectionProblem(e) || isRetryableConflict(e)) {
      return new StorageException(
          StorageException.STORAGE_UNAVAILABLE,
          dialect.database() + " storage is unavailable: " + op + where + " failed: " + detail,
          "the call may be retried; check that the database is up and reachable",
          e);
    }
    return new StorageException(
        JdbcStorage.STORAGE_FAILED,
        dialect.database() + " storage failed to " + op + where + ": " + detail,
        "check the database log and the schema (SchemaMode.VALIDATE)",
        e);
  }

  /** Whether the database could not be reached, or the connection broke. */
  static boolean isConnectionProblem(SQLException e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof java.sql.SQLTransientConnectionException
          || x instanceof java.sql.SQLNonTransientConnectionException
          || x instanceof java.sql.SQLRecoverableException
          || x instanceof java.sql.SQLTimeoutException
          || x instanceof java.io.IOException) {
        return true;
      }
      if (x instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01"))) {
          return true;
        }
        // H2: connection broken, database closed, server not reachable
        int code = s.getErrorCode();
        if (code == 90067 || code == 90098 || code == 90121 || code == 90028 || code == 90020) {
          return true;
        }
      }
    }
    return false;
  }

  /** A serialization failure, a deadlock (PostgreSQL, MariaDB, H2) or a lock timeout. */
  static boolean isRetryableConflict(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.equals("40001") || state.equals("40P01") || state.equals("HYT00"));
  }

  /** A unique key or foreign key refused the change. */
  static boolean isIntegrityViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && state.startsWith("23")) {
        return true;
      }
      if (x instanceof java.sql.SQLIntegrityConstraintViolationException) {
        return true;
      }
    }
    return false;
  }
}
