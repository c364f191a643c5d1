/**
 * Durable storage over JDBC: {@link io.mediaflow.jdbc.JdbcStorage} on H2, PostgreSQL and
 * MariaDB/MySQL.
 */
package io.mediaflow.jdbc;
