package io.mediaflow.benchmarks.peers;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import io.mediaflow.jdbc.JdbcStorage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 17: signed outgoing webhook deliveries on the local PostgreSQL, deliveries per second, in
 * the same run as mediaflow's no-op job throughput of the peer benchmark (one worker JVM); the
 * target is at least half of it.
 *
 * <p>One engine in this JVM ({@code threads} workers, JdbcStorage on PostgreSQL) with one
 * registration (one secret, allowed to reach 127.0.0.1) POSTs to a JDK HTTP receiver on 127.0.0.1
 * that answers 204. Each repetition makes a new engine on the same database, publishes {@code
 * events} events from {@code publishers} threads before starting its workers (each event's delivery
 * job is stored before publish returns; events published at the same time share a transaction),
 * then starts the workers and times them until the receiver got every delivery: the deliveries/s
 * compared with the no-op jobs/s (which drain jobs submitted in batches of 1,000). The publish rate
 * and the rate of both phases together are reported too. The receiver checks the signature of every
 * {@code verifyEvery}-th request with the verifier.
 *
 * <p>Settings (system properties): {@code events} (20000), {@code reps} (3), {@code threads} (4),
 * {@code publishers} (16), {@code verifyEvery} (100), {@code throughput} (true: measure the no-op
 * throughput first, with the peer benchmark's {@code jobs} and {@code reps}), {@code hookStore}
 * ({@code jdbc}, the default: registrations, attempt history and delivery jobs all on PostgreSQL;
 * {@code memory}: registrations and attempt history in memory, only the delivery jobs on
 * PostgreSQL, as measured before the JDBC webhook store kept allowed addresses), {@code analyze}
 * (false: {@code ANALYZE} the jobs table after publishing, before the workers start, as autovacuum,
 * off on the benchmark's server, would), {@code peers.schemaSuffix} (none: appended to the schemas'
 * names, so that runs of other benchmarks on the same database at the same time do not drop this
 * run's schema), {@code out} (benchmarks/target/webhooks.txt).
 */
public final class WebhooksMain {

  static final int EVENTS = Integer.getInteger("events", 20_000);
  static final int REPS = Integer.getInteger("reps", 3);
  static final int THREADS = Integer.getInteger("threads", 4);
  static final int PUBLISHERS = Integer.getInteger("publishers", 16);
  static final int VERIFY_EVERY = Integer.getInteger("verifyEvery", 100);
  static final String HOOK_STORE = System.getProperty("hookStore", "jdbc");
  static final long TIMEOUT_MS = Long.getLong("timeoutMs", 600_000);

  /**
   * Whether the jobs table is analyzed after publishing, before the workers start: what autovacuum,
   * off on the benchmark's server, does on a production one (see docs/benchmarks.md).
   */
  static final boolean ANALYZE = Boolean.parseBoolean(System.getProperty("analyze", "false"));

  private final List<String> lines = new ArrayList<>();
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();

  private WebhooksMain() {}

  public static void main(String[] args) throws Exception {
    new WebhooksMain().run();
  }

  private void log(String s) {
    System.out.println(s);
    System.out.flush();
    lines.add(s);
  }

  private void run() throws Exception {
    log(
        String.format(
            Locale.ROOT,
            "# webhooks: events=%d reps=%d threads=%d publishers=%d hookStore=%s analyze=%s; no-op:"
                + " jobs=%d batch=%d reps=%d; load %s",
            EVENTS,
            REPS,
            THREADS,
            PUBLISHERS,
            HOOK_STORE,
            ANALYZE,
            PeersMain.JOBS,
            PeersMain.BATCH,
            PeersMain.REPS,
            CronMain.loadAverage()));
    double noop =
        Boolean.parseBoolean(System.getProperty("throughput", "true"))
            ? CronMain.noopThroughput()
            : Double.NaN;
    log(
        String.format(
            Locale.ROOT, "mediaflow no-op throughput (1 worker JVM, median): %.0f jobs/s", noop));
    WebhookSecret secret = WebhookSecret.generate();
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).build();
    HttpServer receiver = receiver(verifier);
    ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
    try {
      String schema = "bench_webhooks" + Peer.SCHEMA_SUFFIX;
      Pg.freshSchema(schema);
      try (HikariDataSource ds = Pg.pool(schema, THREADS + PUBLISHERS + 4)) {
        JdbcStorage jdbc = JdbcStorage.postgres(ds);
        Storage storage = HOOK_STORE.equals("jdbc") ? jdbc : new JobsOnPostgres(jdbc);
        try {
          String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
          WebhookRegistration hook =
              WebhookRegistration.builder("bench", url)
                  .patterns("bench.*")
                  .secret(secret.text())
                  .allowedAddresses("127.0.0.1")
                  .build();
          rep(storage, hook, publishers, Math.max(1000, EVENTS / 10), ds); // warm-up, not counted
          double[] drain = new double[REPS];
          double[] publish = new double[REPS];
          double[] both = new double[REPS];
          for (int i = 0; i < REPS; i++) {
            double[] r = rep(storage, null, publishers, EVENTS, ds);
            publish[i] = r[0];
            drain[i] = r[1];
            both[i] = r[2];
            log(
                String.format(
                    Locale.ROOT,
                    "run %d: published %.0f events/s (%d publishers); delivered %.0f"
                        + " deliveries/s; publish + delivery %.0f/s",
                    i + 1,
                    publish[i],
                    PUBLISHERS,
                    drain[i],
                    both[i]));
          }
          double m = PeersMain.median(drain);
          log(
              String.format(
                  Locale.ROOT,
                  "signed deliveries (median): %.0f deliveries/s = %.0f %% of the no-op throughput"
                      + " (target >= 50 %%); publishing %.0f events/s; publish + delivery %.0f/s;"
                      + " bad signatures: %d",
                  m,
                  100 * m / noop,
                  PeersMain.median(publish),
                  PeersMain.median(both),
                  badSignatures.get()));
        } finally {
          jdbc.close();
        }
      }
    } finally {
      publishers.shutdownNow();
      receiver.stop(0);
    }
    Path out = Path.of(System.getProperty("out", "benchmarks/target/webhooks.txt"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines);
    System.exit(0); // the receiver's and the pools' threads would keep the JVM alive
  }

  /**
   * One repetition on a new engine: {@code n} events published before its workers start (each
   * event's delivery stored before publish returns), then the workers started and timed until the
   * receiver got every delivery; {events/s published, deliveries/s, both together /s}.
   */
  private double[] rep(
      Storage storage,
      WebhookRegistration register,
      ExecutorService publishers,
      int n,
      javax.sql.DataSource ds)
      throws Exception {
    try (MediaFlow flow = MediaFlow.builder().storage(storage).workers(THREADS).build()) {
      if (register != null) {
        flow.webhooks().register(register);
      }
      int start = received.get();
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        done.add(
            publishers.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < n; ) {
                    flow.events()
                        .publish(
                            new Event(
                                "bench.ready",
                                Instant.now(),
                                Map.of("n", i, "file", "clip-" + i + ".mp4")));
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
      if (ANALYZE) {
        Pg.exec(ds, "ANALYZE mediaflow_jobs");
      }
      long t1 = System.nanoTime();
      flow.start();
      long deadline = System.currentTimeMillis() + TIMEOUT_MS;
      while (received.get() - start < n) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "only "
                  + (received.get() - start)
                  + " of "
                  + n
                  + " delivered after "
                  + TIMEOUT_MS
                  + " ms");
        }
        Thread.sleep(5);
      }
      long t2 = System.nanoTime();
      return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), n / ((t2 - t0) / 1e9)};
    }
  }

  private HttpServer receiver(WebhookVerifier verifier) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
    s.setExecutor(Executors.newFixedThreadPool(4));
    s.createContext(
        "/",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          int n = received.incrementAndGet();
          if (n % VERIFY_EVERY == 0) {
            try {
              verifier.verify(x.getRequestHeaders(), body);
            } catch (RuntimeException e) {
              badSignatures.incrementAndGet();
            }
          }
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    s.start();
    return s;
  }

  /**
   * The delivery jobs (and everything else) on PostgreSQL, the registrations and attempt history in
   * memory ({@code -DhookStore=memory}): how far the rest of a delivery costs without them.
   */
  private static final class JobsOnPostgres implements Storage {
    private final JdbcStorage jdbc;
    private final WebhookStore hooks = new InMemoryStorage().webhooks();

    JobsOnPostgres(JdbcStorage jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public JobStore jobs() {
      return jdbc.jobs();
    }

    @Override
    public ScheduleStore schedules() {
      return jdbc.schedules();
    }

    @Override
    public WebhookStore webhooks() {
      return hooks;
    }

    @Override
    public CheckpointStore checkpoints() {
      return jdbc.checkpoints();
    }

    @Override
    public WorkflowStore workflows() {
      return jdbc.workflows();
    }

    @Override
    public LibraryStore library() {
      return jdbc.library();
    }

    @Override
    public RuleStore rules() {
      return jdbc.rules();
    }

    @Override
    public FileStateStore files() {
      return jdbc.files();
    }
  }
}
