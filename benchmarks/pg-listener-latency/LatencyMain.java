import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs two builds of PgListener side by side in one JVM (each in its own class loader, with a
 * LatencyProbe compiled next to it) and prints notify -> listener latency, p50 and p99: for the
 * wake-up (the 5th constructor argument, which JdbcStorage's work wake-ups use) and for onNotify
 * (which PostgresEventBus uses). Rounds alternate which build goes first.
 *
 * <p>Arguments: url rounds perRound dirA nameA dirB nameB
 */
public class LatencyMain {
  @SuppressWarnings("unchecked")
  public static void main(String[] a) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(a[0]);
    int rounds = Integer.parseInt(a[1]);
    int per = Integer.parseInt(a[2]);
    String[] dirs = {a[3], a[5]};
    String[] names = {a[4], a[6]};
    Object[] probes = new Object[2];
    for (int v = 0; v < 2; v++) {
      URLClassLoader l =
          new URLClassLoader(
              new URL[] {Path.of(dirs[v]).toUri().toURL()}, LatencyMain.class.getClassLoader());
      probes[v] =
          l.loadClass("io.mediaflow.jdbc.LatencyProbe")
              .getConstructor(DataSource.class, String.class)
              .newInstance(ds, "mediaflow_latency_probe_" + v);
      ((IntFunction<long[]>) probes[v]).apply(100); // warm-up
    }
    List<List<Long>> wake = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Long>> note = List.of(new ArrayList<>(), new ArrayList<>());
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int v = r % 2 == 0 ? k : 1 - k;
        long[] got = ((IntFunction<long[]>) probes[v]).apply(per);
        for (int i = 0; i < per; i++) {
          wake.get(v).add(got[i]);
          note.get(v).add(got[per + i]);
        }
      }
    }
    for (int v = 0; v < 2; v++) {
      System.out.printf(
          "%-10s n=%d  wake-up: p50 %s p99 %s | onNotify: p50 %s p99 %s%n",
          names[v],
          wake.get(v).size(),
          q(wake.get(v), 0.5),
          q(wake.get(v), 0.99),
          q(note.get(v), 0.5),
          q(note.get(v), 0.99));
      ((AutoCloseable) probes[v]).close();
    }
  }

  private static String q(List<Long> xs, double p) {
    long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.3f ms", s[(int) Math.min(s.length - 1, Math.floor(p * s.length))] / 1e6);
  }
}
