package io.mediaflow.samples.chaos;

import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One engine process of {@link WatchedFolderProcessesTest}, started with {@code java -cp}:
 *
 * <pre>
 * WatchedFolderNode pg &lt;jdbcUrl&gt; &lt;tablePrefix&gt; &lt;baseDirectory&gt; &lt;nodeId&gt;
 * WatchedFolderNode h2 &lt;file&gt; &lt;baseDirectory&gt; &lt;nodeId&gt;
 * </pre>
 *
 * <p>An engine with a real clock and its own rule loop, which watches the folders of the rules in
 * the store by itself. On PostgreSQL (the shared tables), its {@code test.record} action appends
 * "value node pid" to {@code <prefix>fired} in its own autocommit statement: a run executed twice
 * shows there twice. On an H2 file, which one process holds, it prints {@code FIRED value} instead.
 * Lease 3 s, heartbeat 500 ms, as {@link ChaosNode}. Prints {@code READY} once started and runs
 * until it is killed.
 */
public final class WatchedFolderNode {

  private WatchedFolderNode() {}

  public static void main(String[] args) throws Exception {
    boolean pg = args[0].equals("pg");
    Path base = Path.of(args[pg ? 3 : 2]);
    String nodeId = args[pg ? 4 : 3];
    long pid = ProcessHandle.current().pid();
    JdbcStorage storage;
    Consumer<String> sink;
    if (pg) {
      String prefix = args[2];
      SimplePool pool = new SimplePool(new DriverDataSource(args[1]), 8);
      createLogTable(pool, prefix);
      storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
      sink = value -> log(pool, prefix, value, nodeId, pid);
    } else {
      storage = JdbcStorage.h2(Path.of(args[1]));
      sink = value -> System.out.println("FIRED " + value);
    }
    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .workspace(Workspace.builder().baseDirectory(base).build())
            .nodeId(nodeId)
            .workers(2)
            .lease(ChaosNode.LEASE)
            .heartbeatInterval(ChaosNode.HEARTBEAT)
            .pollInterval(Duration.ofMillis(200))
            .action(RuleClusterTest.recordAction(sink))
            .build();
    flow.start();
    System.out.println("READY " + nodeId + " " + pid);
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }

  static void createLogTable(DataSource ds, String prefix) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "fired (value VARCHAR(512) NOT NULL, node VARCHAR(64) NOT NULL,"
              + " pid BIGINT NOT NULL, at_ms BIGINT NOT NULL)");
    }
  }

  private static void log(DataSource ds, String prefix, String value, String node, long pid) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO " + prefix + "fired (value, node, pid, at_ms) VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(true);
      ps.setString(1, value);
      ps.setString(2, node);
      ps.setLong(3, pid);
      ps.setLong(4, System.currentTimeMillis());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
