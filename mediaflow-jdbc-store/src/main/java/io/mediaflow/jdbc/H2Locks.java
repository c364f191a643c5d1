package io.mediaflow.jdbc;

import io.mediaflow.api.store.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells an H2 file that another process holds from any other failure to connect. H2 lets one
 * process open a file database at a time and refuses the next with error 90020 ("Database may be
 * already in use"), which says nothing about URLs, ports or users; the message here says which file
 * and, where the operating system tells ({@code /proc} on Linux), which process holds it.
 *
 * <p>This class uses no H2 type: it is reached from every database's connection failure, and H2 is
 * an optional dependency.
 */
final class H2Locks {

  /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}. */
  static final int DATABASE_ALREADY_OPEN = 90020;

  /** {@code Database may be already in use: "/data/mediaflow.mv.db". Possible solutions: ...}. */
  private static final Pattern FILE = Pattern.compile("in use: \"([^\"]+)\"");

  private H2Locks() {}

  /**
   * The exception to throw for {@code e} when it is H2 refusing a file another process holds; empty
   * for every other failure.
   */
  static Optional<StorageException> locked(SQLException e) {
    SQLException h2 = null;
    for (Throwable x = e; x != null && h2 == null; x = x.getCause()) {
      if (x instanceof SQLException s
          && s.getErrorCode() == DATABASE_ALREADY_OPEN
          && s.getClass().getName().startsWith("org.h2.")) {
        h2 = s;
      }
    }
    if (h2 == null) {
      return Optional.empty();
    }
    String message = h2.getMessage() == null ? "" : h2.getMessage();
    Matcher m = FILE.matcher(message);
    Optional<Path> file = Optional.empty();
    if (m.find()) {
      try {
        file = Optional.of(Path.of(m.group(1)));
      } catch (InvalidPathException ignored) {
        // named in a form this platform cannot read: the message says "the file" instead
      }
    }
    String which = file.map(f -> "the H2 database file " + f).orElse("the H2 database file");
    String holder = file.flatMap(H2Locks::holder).map(h -> " (" + h + ")").orElse("");
    return Optional.of(
        new StorageException(
            StorageException.STORAGE_UNAVAILABLE,
            which
                + " is locked by another process"
                + holder
                + ": H2 lets one process open a file database at a time",
            "stop the other process (another instance of this application, an H2 console), or"
                + " share the file: open it in every process with ;AUTO_SERVER=TRUE on the URL"
                + " (JdbcStorage.builder(dataSource)), or run an H2 server and connect with"
                + " jdbc:h2:tcp://",
            e));
  }

  /**
   * The process that has {@code file} open, as {@code PID 1234, java}, when {@code /proc} shows it
   * (Linux, a process of the same user). Only the command's short name is given: a command line may
   * hold passwords.
   */
  static Optional<String> holder(Path file) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return Optional.empty();
    }
    Path target;
    try {
      target = file.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        if (holds(pid, target)) {
          String id = pid.getFileName().toString();
          String name = name(pid);
          String who = id.equals(Long.toString(self)) ? "this process, PID " : "PID ";
          return Optional.of(who + id + (name.isEmpty() ? "" : ", " + name));
        }
      }
    } catch (IOException | RuntimeException e) {
      // /proc unreadable here: the message goes without the process
    }
    return Optional.empty();
  }

  private static boolean holds(Path pid, Path target) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).equals(target)) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException ignored) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or gone
    }
    return false;
  }

  private static String name(Path pid) {
    try {
      return new String(Files.readAllBytes(pid.resolve("comm")), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
