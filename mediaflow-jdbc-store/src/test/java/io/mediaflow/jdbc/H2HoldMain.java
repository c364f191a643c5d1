package io.mediaflow.jdbc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link H2LockedFileTest}: opens an H2 file store, prints {@code open}, and
 * holds it until its standard input closes.
 */
public final class H2HoldMain {

  private H2HoldMain() {}

  @SuppressWarnings("try") // the store is held open, not used
  public static void main(String[] args) throws IOException {
    try (JdbcStorage storage = JdbcStorage.h2(Path.of(args[0]))) {
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the file until the parent closes our input
      }
    }
  }
}
