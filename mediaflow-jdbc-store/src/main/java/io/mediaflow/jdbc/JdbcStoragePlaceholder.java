package io.mediaflow.jdbc;

/** Holds the module's place until {@code JdbcStorage} lands with the durable-storage issue. */
final class JdbcStoragePlaceholder {
  private JdbcStoragePlaceholder() {}
}
