package io.mediaflow.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where a local path really leads, and what is there, found without opening anything: the answers
 * come from {@code lstat} and {@code realpath}, so a FIFO is never opened (opening one blocks until
 * a writer comes) and a device is never read.
 */
public final class RealPaths {

  private RealPaths() {}

  /**
   * The path with every symbolic link on the part that exists resolved, followed by the part that
   * does not exist yet: the file a write to {@code absolute} reaches, and the folder its temp file
   * must be made in. Empty when a link on the way leads nowhere (dangling, or a loop): its target
   * could be created later, anywhere, so where the path leads cannot be checked.
   *
   * @param absolute an absolute, normalized path
   */
  public static Optional<Path> realLocation(Path absolute) {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return Optional.of(absolute);
    }
    try {
      return Optional.of(existing.toRealPath().resolve(existing.relativize(absolute)).normalize());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What {@code path} is when it exists and is not a regular file ({@code "FIFO (named pipe)"},
   * {@code "character device"}, {@code "folder"}, …); empty for a regular file and for a path that
   * does not exist. A symbolic link is not followed: it is reported as one.
   */
  public static Optional<String> notRegularFile(Path path) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return Optional.empty(); // not there (yet): nothing to refuse
    }
    if (attributes.isRegularFile()) {
      return Optional.empty();
    }
    if (attributes.isDirectory()) {
      return Optional.of("folder");
    }
    if (attributes.isSymbolicLink()) {
      return Optional.of("symbolic link");
    }
    return Optional.of(specialKind(path));
  }

  /**
   * The kind of a special file, from the file type bits of {@code st_mode} where they are known.
   */
  private static String specialKind(Path path) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      mode = 0; // no unix view on this platform: the generic name still says what matters
    }
    return switch (mode & 0170000) { // S_IFMT
      case 0010000 -> "FIFO (named pipe)";
      case 0020000 -> "character device";
      case 0060000 -> "block device";
      case 0140000 -> "socket";
      default -> "special file (device, FIFO or socket)";
    };
  }
}
