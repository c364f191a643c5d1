package io.mediaflow.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A DataSource over {@link DriverManager}: a new connection for every call. For tests against a
 * real database; wrap it in a {@link SimplePool} when connections are opened often.
 */
public final class DriverDataSource extends PlainDataSource {

  private final String url;
  private final String user;
  private final String password;

  public DriverDataSource(String url) {
    this(url, null, null);
  }

  /** With a user, as H2 needs: it refuses a user other than the one that created the file. */
  public DriverDataSource(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Read by JdbcStorage for its messages, as a real DataSource's would be. */
  public String getUrl() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
