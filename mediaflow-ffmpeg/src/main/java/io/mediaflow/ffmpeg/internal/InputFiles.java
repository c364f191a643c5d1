package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks that an input is a regular file before ffprobe or ffmpeg opens it.
 *
 * <p>Opening a named pipe (FIFO) blocks until something writes to it, a device may never end and a
 * socket cannot be opened as a file: none of them is a media file a job may name. The checks read
 * the file's attributes only ({@code stat}), which never opens it.
 */
final class InputFiles {

  // the file type bits of st_mode (POSIX), as the "unix:mode" attribute gives them
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private InputFiles() {}

  /**
   * Refuses anything but a regular file (a link to one is fine).
   *
   * @param file the input's absolute path
   * @param subject names the input in the message: {@code input 'main' (/media/in.mp4) of inv0}
   * @throws MediaFlowException {@code INPUT_UNREADABLE} for a folder, a pipe, a device or a socket
   */
  static void requireRegularFile(Path file, String subject) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return; // gone or unreadable: the caller's own checks and FFmpeg say so more precisely
    }
    if (attributes.isRegularFile()) {
      return;
    }
    if (attributes.isDirectory()) {
      throw new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          subject + " is a folder, not a media file",
          "give the path of a media file");
    }
    throw new MediaFlowException(
        ErrorCode.INPUT_UNREADABLE,
        subject + " is " + kind(file) + ", not a regular file",
        "give a regular media file; copy what the pipe or device delivers into a file first");
  }

  /** What a special file is, as far as the platform tells. */
  private static String kind(Path file) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode") & S_IFMT;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
    return switch (mode) {
      case S_IFIFO -> "a named pipe (FIFO)";
      case S_IFCHR -> "a character device";
      case S_IFBLK -> "a block device";
      case S_IFSOCK -> "a socket";
      default -> "a special file";
    };
  }
}
