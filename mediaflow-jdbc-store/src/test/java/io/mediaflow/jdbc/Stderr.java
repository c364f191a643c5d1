package io.mediaflow.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What was printed on {@code System.err} while an action ran: SLF4J's simple binding, which these
 * tests log through (and the MariaDB driver with them), writes to whatever {@code System.err} is
 * when it logs.
 */
final class Stderr {

  private Stderr() {}

  static String of(Runnable action) {
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(err);
    }
    String log = printed.toString(StandardCharsets.UTF_8);
    err.print(log); // still part of the test's output, shown if it fails
    return log;
  }
}
