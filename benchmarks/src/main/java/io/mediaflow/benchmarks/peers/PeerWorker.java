package io.mediaflow.benchmarks.peers;

import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;

/**
 * A worker JVM: {@code PeerWorker <peer> <threads>} starts the peer's workers on its schema, prints
 * {@code READY}, runs until its standard input closes, then stops and prints the start latencies it
 * recorded ({@code LAT <latency micros> <submitted epoch micros>}) and {@code BYE}.
 */
public final class PeerWorker {
  private PeerWorker() {}

  @SuppressWarnings("try") // the workers run until the try block ends; nothing else uses them
  public static void main(String[] args) throws Exception {
    Peer peer = Peer.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    try (HikariDataSource ds = Pg.pool(peer.schema(), threads + 4);
        Peer.Workers workers = peer.startWorkers(ds, threads)) {
      System.out.println("READY");
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for the driver to close our stdin
      }
    }
    StringBuilder out = new StringBuilder();
    for (long[] l : NoopJobs.LATENCIES) {
      out.append("LAT ").append(l[1]).append(' ').append(l[0]).append('\n');
    }
    out.append("BYE\n");
    System.out.print(out);
    System.out.flush();
    System.exit(0);
  }
}
