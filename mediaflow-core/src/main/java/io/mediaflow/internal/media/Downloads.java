package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.DownloadFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the URL inputs of runs go: each run that has some gets a folder of its own, named after
 * this process ({@code PREFIX RANDOM.PID-HOST}, see {@link DownloadFolders}), deleted with
 * everything in it when the run ends. The first folder made (or {@link #sweepOnce()}) first removes
 * the folders a process that is gone left in the root. Folders of runs still under way are known,
 * so that {@link #deleteAll()} removes them when the host closes or the JVM is going.
 */
public final class Downloads {

  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

  /** The start of every job's output folder's name. */
  public static final String OUTPUTS_PREFIX = "mediaflow-outputs-";

  private final Optional<Path> root;
  private final boolean allowPrivateNetwork;
  private final AtomicBoolean swept = new AtomicBoolean();
  private final Set<Path> live = ConcurrentHashMap.newKeySet();

  /**
   * @param root the folder in which each run's folder is made; empty for the system's temp folder
   * @param allowPrivateNetwork whether loopback and private addresses may be fetched from
   */
  public Downloads(Optional<Path> root, boolean allowPrivateNetwork) {
    this.root = Objects.requireNonNull(root, "root");
    this.allowPrivateNetwork = allowPrivateNetwork;
  }

  /** Whether loopback and private addresses may be fetched from. */
  public boolean allowPrivateNetwork() {
    return allowPrivateNetwork;
  }

  /** Removes the download folders a process that is gone left in the root, once; never throws. */
  public void sweepOnce() {
    if (swept.compareAndSet(false, true)) {
      try {
        DownloadFolders.sweep(root());
      } catch (RuntimeException e) {
        LOG.warn("could not sweep abandoned download folders: {}", e.toString());
      }
    }
  }

  /**
   * A new folder for one run's downloads.
   *
   * @param prefix {@link DownloadFolders#COMMAND_PREFIX}, or {@link DownloadFolders#JOB_PREFIX}
   *     followed by a job's id and a dot
   */
  Path open(String prefix) {
    Path r = root();
    try {
      Files.createDirectories(r);
      sweepOnce();
      Path folder = DownloadFolders.create(r, prefix);
      live.add(folder);
      return folder;
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL,
          "cannot create a folder for the job's downloads"
              + root.map(p -> " in " + p).orElse("")
              + ": "
              + e.getMessage(),
          "check that the download folder exists and is writable",
          true,
          e);
    }
  }

  /** Deletes one run's folder with everything in it; never throws. */
  void delete(Path folder) {
    DownloadFolders.delete(folder);
    live.remove(folder);
  }

  /**
   * The folder a job's remote outputs are written to before they are uploaded: {@code
   * mediaflow-outputs-KEY} in the root, named after the job alone (no process, no random part) so
   * that a retry of the job, in this process or a later one on this host, finds what an earlier
   * attempt encoded. Not made here; {@link #deleteOutputFolder} removes it.
   *
   * @param jobKey the job's id, reduced to letters, digits, {@code _} and {@code -}
   */
  public Path outputFolder(String jobKey) {
    return root().resolve(OUTPUTS_PREFIX + jobKey);
  }

  /**
   * Makes a job's output folder, readable by its owner only where the file system has POSIX
   * permissions, like the download folders.
   */
  static void createPrivate(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder.getParent());
      DownloadFolders.createOwnerOnly(folder);
    }
  }

  /** Deletes a job's output folder with everything in it; never throws. */
  public void deleteOutputFolder(Path folder) {
    DownloadFolders.delete(folder);
  }

  /** Deletes the folders of runs still under way; never throws. */
  public void deleteAll() {
    for (Path folder : live) {
      delete(folder);
    }
  }

  private Path root() {
    return root.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
  }
}
