package io.mediaflow.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temp files this process is writing, listed in a file of its own, {@code
 * TMP/mediaflow-temp-files-USER/PID-HOST.journal}, so that the next mediaflow start on the host
 * removes those a killed process left, wherever they are: a program killed with its JVM (see {@link
 * AbandonedProcesses}) can no longer say what it was writing, and the job that wrote there may
 * never run again.
 *
 * <p>Best effort, and never in the way of a run: a journal that cannot be written is logged, and
 * the temp files are still swept when a later run writes to their folder. The folder belongs to the
 * user and is private; a journal lists absolute paths separated by NUL (a file name may hold a
 * newline), and a sweep removes only files whose names end with the journal's owner tag and the
 * temp suffix, so a planted journal cannot make it remove anything else.
 */
public final class TempFileJournal {

  private static final Logger LOG = LoggerFactory.getLogger(TempFileJournal.class);
  private static final String EXTENSION = ".journal";

  /** The temp files being written now, as absolute paths; guarded by the class. */
  private static final Set<String> OPEN = new LinkedHashSet<>();

  private static boolean warned; // guarded by the class

  /** The journal folder once found to be this user's, so it is checked once. */
  private static volatile Path checked;

  private TempFileJournal() {}

  /** Lists {@code temp}, a file this process is about to write. */
  public static synchronized void add(Path temp) {
    if (OPEN.add(temp.toAbsolutePath().toString())) {
      write();
    }
  }

  /** Takes {@code temps} off the list: renamed into place or deleted. */
  public static synchronized void remove(Iterable<Path> temps) {
    boolean changed = false;
    for (Path t : temps) {
      changed |= OPEN.remove(t.toAbsolutePath().toString());
    }
    if (changed) {
      write();
    }
  }

  /**
   * Removes the temp files listed by processes on this host that are gone, then their journals.
   *
   * @param suffix the temp files' suffix, such as {@code .mediaflow-tmp}
   * @return how many files were removed
   */
  public static int sweep(String suffix) {
    Optional<Path> folder = folder(false);
    if (folder.isEmpty()) {
      return 0;
    }
    int removed = 0;
    Instant now = Instant.now(); // file times come from the OS clock
    try (DirectoryStream<Path> journals = Files.newDirectoryStream(folder.get(), "*" + EXTENSION)) {
      for (Path journal : journals) {
        String name = journal.getFileName().toString();
        String owner = name.substring(0, name.length() - EXTENSION.length());
        Instant changed;
        try {
          changed = Files.getLastModifiedTime(journal, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
          continue;
        }
        if (owner.equals(Owners.tag())
            || !Owners.abandoned(owner, changed, Owners.DEFAULT_STALE_AFTER, now)) {
          continue;
        }
        removed += removeListed(journal, "." + owner + suffix);
        Files.deleteIfExists(journal);
      }
    } catch (IOException e) {
      LOG.warn("could not sweep the temp-file journals in {}: {}", folder.get(), e.getMessage());
    }
    if (removed > 0) {
      LOG.info("removed {} temp files listed by mediaflow processes that are gone", removed);
    }
    return removed;
  }

  private static int removeListed(Path journal, String ending) {
    String text;
    try {
      if (!Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS)) {
        return 0;
      }
      text = Files.readString(journal, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return 0;
    }
    int removed = 0;
    for (String entry : text.split("\0")) {
      try {
        Path p = Path.of(entry);
        if (p.isAbsolute()
            && entry.endsWith(ending)
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && Files.deleteIfExists(p)) {
          LOG.debug("removed temp file {} listed in {}", p, journal);
          removed++;
        }
      } catch (InvalidPathException | IOException e) {
        // not a path, or not ours to remove: leave it
      }
    }
    return removed;
  }

  /** Rewrites this process's journal from {@link #OPEN}; removes it when nothing is open. */
  private static void write() {
    Optional<Path> folder = folder(!OPEN.isEmpty());
    if (folder.isEmpty()) {
      return;
    }
    Path journal = folder.get().resolve(Owners.tag() + EXTENSION);
    try {
      if (OPEN.isEmpty()) {
        Files.deleteIfExists(journal);
      } else {
        Files.writeString(journal, String.join("\0", OPEN), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      warnOnce("could not write the temp-file journal " + journal + ": " + e.getMessage());
    }
  }

  /**
   * {@code TMP/mediaflow-temp-files-USER}, when it is a real folder of this user's (made private
   * when {@code create} and missing).
   */
  static Optional<Path> folder(boolean create) {
    String user = System.getProperty("user.name", "user");
    Path folder =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("mediaflow-temp-files-" + user.replaceAll("[^A-Za-z0-9_.-]", "_"));
    if (folder.equals(checked)) {
      return Optional.of(folder);
    }
    try {
      if (create) {
        try {
          DownloadFolders.createOwnerOnly(folder);
        } catch (FileAlreadyExistsException e) {
          // made by an earlier process of this user, or planted: checked below
        }
      }
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      UserPrincipal me =
          folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
      if (!Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me)) {
        warnOnce(folder + " belongs to another user; temp files are not journaled");
        return Optional.empty();
      }
      checked = folder;
      return Optional.of(folder);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      if (create) {
        warnOnce("cannot use " + folder + " for the temp-file journal: " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  private static synchronized void warnOnce(String message) {
    if (!warned) {
      warned = true;
      LOG.warn(
          "{}; a killed run's temp files are removed when a run writes to their folder", message);
    }
  }
}
