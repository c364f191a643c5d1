/**
 * Durable storage over JDBC: {@link io.mediaflow.jdbc.JdbcStorage} on H2, PostgreSQL and
 * MariaDB/MySQL; {@link io.mediaflow.jdbc.PostgresEventBus}, an event bus that fans out to every
 * node on one PostgreSQL.
 */
package io.mediaflow.jdbc;
