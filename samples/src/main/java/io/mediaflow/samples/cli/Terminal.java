package io.mediaflow.samples.cli;

import java.io.PrintWriter;

/**
 * Where the command line writes: results on {@code out}, everything else (progress, errors) on
 * {@code err}, so that {@code mediaflow run spec.json > outputs.txt} captures only the result.
 *
 * @param out the result stream
 * @param err progress, warnings and errors
 * @param interactive whether {@code err} is a terminal a progress bar can be redrawn on
 * @param verbose whether unexpected failures show their stack trace
 */
record Terminal(PrintWriter out, PrintWriter err, boolean interactive, boolean verbose) {

  /** The process's own streams; interactive when a console is attached. */
  static Terminal system(boolean verbose) {
    return new Terminal(
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        System.console() != null,
        verbose || debugRequested());
  }

  /** Whether the environment asks for stack traces ({@code MEDIAFLOW_DEBUG} set and not "0"). */
  static boolean debugRequested() {
    String value = System.getenv("MEDIAFLOW_DEBUG");
    return value != null && !value.isBlank() && !value.equals("0") && !value.equals("false");
  }

  Terminal withVerbose(boolean on) {
    return new Terminal(out, err, interactive, verbose || on);
  }
}
