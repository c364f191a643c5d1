package io.mediaflow.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders URL inputs are downloaded to: {@code PREFIX RANDOM.PID-HOST}, named after the process
 * that owns them so that a later start can remove those a killed process left (see {@link Owners}),
 * and readable by their owner only, like {@link Files#createTempDirectory}.
 */
public final class DownloadFolders {

  /** The engine's folders, one per job: {@code mediaflow-job-ID.RANDOM.PID-HOST}. */
  public static final String JOB_PREFIX = "mediaflow-job-";

  /** The command line's folders, one per command: {@code mediaflow-downloads-RANDOM.PID-HOST}. */
  public static final String COMMAND_PREFIX = "mediaflow-downloads-";

  private static final List<String> PREFIXES = List.of(JOB_PREFIX, COMMAND_PREFIX);
  private static final Logger LOG = LoggerFactory.getLogger(DownloadFolders.class);

  private DownloadFolders() {}

  /**
   * A new folder {@code PREFIX RANDOM.PID-HOST} in {@code root} (created if missing).
   *
   * @param prefix {@link #COMMAND_PREFIX}, or {@link #JOB_PREFIX} followed by a job's id and a dot
   * @throws IOException when it cannot be made
   */
  public static Path create(Path root, String prefix) throws IOException {
    Objects.requireNonNull(root, "root");
    if (PREFIXES.stream().noneMatch(prefix::startsWith)) {
      throw new IllegalArgumentException("a download folder's name must start with " + PREFIXES);
    }
    Files.createDirectories(root);
    FileAttribute<?>[] ownerOnly = ownerOnly(root);
    while (true) {
      String name =
          prefix
              + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
              + "."
              + Owners.tag();
      try {
        return Files.createDirectory(root.resolve(name), ownerOnly);
      } catch (FileAlreadyExistsException e) {
        // a random name taken: draw again
      }
    }
  }

  /**
   * Makes {@code folder} (its parent must exist) readable by its owner only where the file system
   * has POSIX permissions, like {@link Files#createTempDirectory}.
   *
   * @throws FileAlreadyExistsException when something is there already
   */
  public static Path createOwnerOnly(Path folder) throws IOException {
    return Files.createDirectory(folder, ownerOnly(folder));
  }

  private static FileAttribute<?>[] ownerOnly(Path where) {
    return where.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
        }
        : new FileAttribute<?>[0];
  }

  /**
   * Removes the download folders in {@code root} that a process which is gone left behind (killed
   * while it downloaded), and those of unknown owners unchanged for a day; a live process's folders
   * are never touched, nor folders of another user: in a shared temp folder anyone can make a
   * folder with such a name, and what is inside it could change while it is deleted.
   *
   * @return how many folders were removed
   */
  public static int sweep(Path root) {
    Optional<UserPrincipal> me = currentUser(root);
    if (me.isEmpty()) {
      return 0;
    }
    int removed = 0;
    Instant now = Instant.now(); // file times come from the OS clock
    try (DirectoryStream<Path> folders =
        Files.newDirectoryStream(
            root,
            p -> {
              String name = p.getFileName().toString();
              return PREFIXES.stream().anyMatch(name::startsWith);
            })) {
      for (Path folder : folders) {
        Instant changed;
        try {
          if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
              || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me.get())) {
            continue;
          }
          changed = Files.getLastModifiedTime(folder).toInstant();
        } catch (IOException e) {
          continue; // gone already
        }
        String name = folder.getFileName().toString();
        if (Owners.abandoned(name, changed, Owners.DEFAULT_STALE_AFTER, now)) {
          delete(folder);
          removed++;
        }
      }
    } catch (IOException e) {
      if (Files.isDirectory(root)) {
        LOG.warn("could not sweep abandoned download folders in {}: {}", root, e.getMessage());
      }
    }
    if (removed > 0) {
      LOG.info("removed {} download folders left by a process that is gone, in {}", removed, root);
    }
    return removed;
  }

  private static Optional<UserPrincipal> currentUser(Path root) {
    try {
      return Optional.of(
          root.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.debug("cannot tell who this process runs as; download folders are not swept", e);
      return Optional.empty();
    }
  }

  /** Deletes a download folder with everything in it; never throws. */
  public static void delete(Path folder) {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.warn("could not remove download {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove the download folder {}: {}", folder, e.getMessage());
    }
  }
}
