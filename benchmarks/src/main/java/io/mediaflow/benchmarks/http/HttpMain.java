package io.mediaflow.benchmarks.http;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.Storage;
import io.mediaflow.benchmarks.peers.Pg;
import io.mediaflow.http.HttpHost;
import io.mediaflow.http.HttpOptions;
import io.mediaflow.jdbc.JdbcStorage;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP host for {@code benchmarks/run-http.sh}: an in-memory engine whose workers are paused
 * (jobs are queued, none runs), a host with authentication, the request log and a rate limit too
 * high to bind, one job to read. Prints {@code PORT=}, {@code KEY=} and {@code JOB=} lines, then
 * serves until killed. Settings: {@code -Dport=} (0), {@code -Dthreads=} (16), {@code -Dstore=}
 * ({@code memory} or {@code postgres}).
 */
public final class HttpMain {

  private HttpMain() {}

  /** {@code memory}, or {@code postgres}: a fresh schema {@code bench_http} on the local server. */
  private static Storage storage(String kind) throws SQLException {
    switch (kind) {
      case "memory":
        return new InMemoryStorage();
      case "postgres":
        String schema = "bench_http" + System.getProperty("peers.schemaSuffix", "");
        Pg.freshSchema(schema);
        return JdbcStorage.postgres(Pg.pool(schema, HttpOptions.DEFAULT_THREADS + 4));
      default:
        throw new IllegalArgumentException("-Dstore is memory or postgres, not " + kind);
    }
  }

  public static void main(String[] args) throws InterruptedException, SQLException {
    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage(System.getProperty("store", "memory")))
            .runOnCallingThread() // workers paused: submitted jobs stay queued
            .handler("noop", ctx -> Optional.empty())
            .build()
            .start();
    String key = flow.apiKeys().create("bench", ApiScope.WRITE).key();
    String job = flow.submit("noop", "{}").id();
    HttpHost host =
        HttpHost.start(
            flow,
            HttpOptions.builder()
                .port(Integer.getInteger("port", 0))
                .threads(Integer.getInteger("threads", HttpOptions.DEFAULT_THREADS))
                .rateLimit(10_000_000, Duration.ofSeconds(1))
                .build());
    System.out.println("PORT=" + host.port());
    System.out.println("KEY=" + key);
    System.out.println("JOB=" + job);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
