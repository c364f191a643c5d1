/**
 * Durable storage over JDBC (H2, PostgreSQL, MariaDB). Placeholder: {@code JdbcStorage} lands with
 * the durable-storage issue.
 */
package io.mediaflow.jdbc;
