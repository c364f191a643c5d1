package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The few shapes every statement of the stores takes: bind arguments, run an update, read rows.
 * Arguments are {@code String}, {@code Long}, {@code Integer}, {@code Boolean}, {@code Double}, a
 * {@link java.sql.Array} or null.
 */
final class Sql {

  private Sql() {}

  /** Reads one row; the result set is already on it. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, Arrays.asList(args));
      return ps.executeUpdate();
    }
  }

  /** Every row of a query, each read by {@code reader}. */
  static <T> List<T> list(Connection c, String sql, RowReader<T> reader, List<?> args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(reader.read(rs));
        }
        return out;
      }
    }
  }

  /** Runs statements sent together in one round trip (one implicit transaction); no rows read. */
  static void executeAll(Connection c, String sql, List<?> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      boolean isRows = ps.execute();
      while (isRows || ps.getUpdateCount() != -1) {
        isRows = ps.getMoreResults();
      }
    }
  }

  /**
   * The rows of the last result of statements sent together in one round trip (one implicit
   * transaction): those before it set up the last one (planner settings) and their results are
   * skipped.
   */
  static <T> List<T> listOfLast(Connection c, String sql, RowReader<T> reader, List<?> args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      boolean isRows = ps.execute();
      ResultSet last = null;
      try {
        while (true) {
          if (isRows) {
            if (last != null) {
              last.close();
            }
            last = ps.getResultSet();
          } else if (ps.getUpdateCount() == -1) {
            break;
          }
          isRows = ps.getMoreResults(java.sql.Statement.KEEP_CURRENT_RESULT);
        }
        List<T> out = new ArrayList<>();
        if (last != null) {
          while (last.next()) {
            out.add(reader.read(last));
          }
        }
        return out;
      } finally {
        if (last != null) {
          last.close();
        }
      }
    }
  }

  /** The first row of a query, if there is one. */
  static <T> Optional<T> first(Connection c, String sql, RowReader<T> reader, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, Arrays.asList(args));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
      }
    }
  }

  /** Binds {@code args} to the statement's parameters, in order. */
  static void bind(PreparedStatement ps, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object v = args.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else if (v instanceof String s) {
        ps.setString(i + 1, s);
      } else if (v instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else if (v instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else if (v instanceof java.sql.Array a) {
        ps.setArray(i + 1, a);
      } else {
        throw new IllegalArgumentException("cannot bind " + v.getClass());
      }
    }
  }

  /** {@code n} comma-separated parameter markers, for an {@code IN (…)} list. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** A list that may hold nulls ({@code List.of} may not). */
  static List<Object> args(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }
}
