package io.mediaflow.samples.cli;

import io.mediaflow.ApiKeys;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StoredApiKey;
import io.mediaflow.http.HttpHost;
import io.mediaflow.http.HttpOptions;
import io.mediaflow.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow serve --port N [--bind ADDR] [--store h2:PATH|postgres:URL|memory]}: an engine
 * with its HTTP host (REST API, events, dashboard) until Ctrl-C. When the store has no active API
 * key, an admin key is made and printed once.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an engine and serves it over HTTP: the REST API under /v1, Server-Sent Events, /health,"
          + " /metrics and the dashboard at /. Prints an admin API key when the store has none."
    })
final class ServeCommand implements Callable<Integer> {

  /** The most connections the {@code postgres:} store's pool opens. */
  static final int POSTGRES_CONNECTIONS = 20;

  @ParentCommand private MediaflowCli cli;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "The TCP port (default 8080; 0 for any free port).")
  private int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = HttpOptions.DEFAULT_BIND_ADDRESS,
      description = "The address to listen on (default 127.0.0.1: this machine only).")
  private String bind;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "memory",
      description =
          "memory (default), h2:PATH (an H2 file: jobs, rules and keys survive a restart) or"
              + " postgres:URL (jdbc:postgresql://host:5432/db?user=...; several engines may share"
              + " it).")
  private String store;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "2",
      description = "Worker threads running jobs (default 2).")
  private int workers;

  @Option(
      names = "--rate-limit",
      paramLabel = "N",
      defaultValue = "" + HttpOptions.DEFAULT_RATE_LIMIT,
      description = "Requests per second per API key (default 100; 0 for no limit).")
  private int rateLimit;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      description =
          "Let pages of ORIGIN (https://host[:port]) call the API (repeatable; off by default).")
  private List<String> corsOrigins = new ArrayList<>();

  @Option(
      names = "--allow-root",
      paramLabel = "DIR",
      description =
          "Also allow media files in DIR (repeatable); the current folder is always allowed.")
  private List<Path> allowRoots = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = cli.terminal().out();
    HttpOptions.Builder options =
        HttpOptions.builder()
            .port(port)
            .bindAddress(bind)
            .rateLimit(rateLimit, Duration.ofSeconds(1));
    if (!corsOrigins.isEmpty()) {
      options.corsOrigins(corsOrigins.toArray(String[]::new));
    }
    HttpOptions http = options.build();
    List<Path> roots = allowRoots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    try (StopRequest stop = StopRequest.watch();
        Store opened = open(store)) {
      MediaFlow flow =
          AutomateCommand.engine(
              cli.toolbox(), opened.storage(), Path.of("").toAbsolutePath(), roots, false, workers);
      try {
        flow.start();
        firstKey(flow, out);
        try (HttpHost host = HttpHost.start(flow, http)) {
          out.println(
              "serving on "
                  + host.url()
                  + " (store "
                  + Printable.escape(store)
                  + "); Ctrl-C to stop");
          out.flush();
          stop.await();
          out.println("stopping: letting running jobs finish");
          out.flush();
        }
      } finally {
        flow.close();
      }
      out.println("stopped");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Makes and prints an admin key when the store has no active key. */
  static void firstKey(MediaFlow flow, PrintWriter out) {
    List<StoredApiKey> keys;
    try {
      keys = flow.apiKeys().list();
    } catch (UnsupportedOperationException e) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "--store: this store keeps no API keys, and the HTTP host needs them",
          "use a store that keeps them (memory, or a mediaflow-jdbc-store with API keys)");
    }
    if (keys.stream().anyMatch(StoredApiKey::active)) {
      return;
    }
    ApiKeys.Created admin = flow.apiKeys().create("admin (mediaflow serve)", ApiScope.ADMIN);
    out.println("made an admin API key; it is shown once, keep it:");
    out.println("  " + admin.key());
    out.println("  (use it as: Authorization: Bearer <key>; POST /v1/api-keys makes more)");
    out.flush();
  }

  /** A store with what it holds open. */
  record Store(Storage storage, AutoCloseable pool) implements AutoCloseable {
    @Override
    public void close() {
      storage.close();
      if (pool != null) {
        try {
          pool.close();
        } catch (Exception e) {
          // the store is closed already; the pool's connections go with the process
        }
      }
    }
  }

  /** The store {@code --store} names: {@code memory}, {@code h2:PATH} or {@code postgres:URL}. */
  static Store open(String spec) {
    if (!spec.startsWith("postgres:")) {
      return new Store(AutomateCommand.storage(spec), null);
    }
    String url = spec.substring("postgres:".length());
    if (url.startsWith("//")) {
      url = "jdbc:postgresql:" + url;
    }
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "--store: '" + spec + "' is not postgres: followed by a PostgreSQL JDBC URL",
          "write --store postgres:jdbc:postgresql://127.0.0.1:5432/mediaflow?user=mediaflow");
    }
    PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
    source.setURL(url);
    JdbcConnectionPool pool = JdbcConnectionPool.create(source);
    pool.setMaxConnections(POSTGRES_CONNECTIONS);
    try {
      return new Store(JdbcStorage.postgres(pool), pool::dispose);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }
}
