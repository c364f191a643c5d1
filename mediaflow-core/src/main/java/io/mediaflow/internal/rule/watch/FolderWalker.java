package io.mediaflow.internal.rule.watch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Lists the files of a watched folder that its glob takes: regular files only (a symbolic link is
 * not followed, so a link cannot lead the watch outside the allowed roots), in sub-folders when
 * recursive. A glob without {@code /} is matched against the file's name, one with {@code /}
 * against its path below the folder.
 */
final class FolderWalker {

  private final Path root;
  private final boolean recursive;
  private final PathMatcher matcher;
  private final boolean onName;

  FolderWalker(Path root, String glob, boolean recursive) {
    this.root = root;
    this.recursive = recursive;
    this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    this.onName = glob.indexOf('/') < 0;
  }

  Path root() {
    return root;
  }

  boolean recursive() {
    return recursive;
  }

  /** Whether a file at this path is one the watch takes (its type aside). */
  boolean takes(Path file) {
    if (!file.startsWith(root) || file.equals(root)) {
      return false;
    }
    Path relative = root.relativize(file);
    if (!recursive && relative.getNameCount() > 1) {
      return false;
    }
    return matcher.matches(onName ? relative.getFileName() : relative);
  }

  /** The path below the folder, with {@code /} between names on every system. */
  String relative(Path file) {
    Path relative = root.relativize(file);
    return relative.getFileSystem().getSeparator().equals("/")
        ? relative.toString()
        : relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  /**
   * Walks {@code from} (the folder or one of its sub-folders): each folder goes to {@code folders}
   * (to be watched), each file taken to {@code files}. Files that vanish meanwhile are skipped.
   *
   * @throws IOException when {@code from} itself cannot be listed
   */
  void walk(Path from, Consumer<Path> folders, BiConsumer<Path, BasicFileAttributes> files)
      throws IOException {
    int depth = recursive ? Integer.MAX_VALUE : 1;
    Files.walkFileTree(
        from,
        EnumSet.noneOf(FileVisitOption.class),
        depth,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            folders.accept(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && takes(file)) {
              files.accept(file, attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // deleted while listed: the next look settles it
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
