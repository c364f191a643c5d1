package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a long {@code -filter_complex} value into a file read with {@code -filter_complex_script}
 * (FFmpeg 5.1's spelling), so a graph of thousands of filters stays under the operating system's
 * limit on one argument (128 KiB on Linux, 32 K characters for a whole Windows command line). The
 * file holds exactly the text the argument would have held: FFmpeg reads both with the same parser.
 * It is deleted when the run ends, however it ends.
 */
public final class FilterScript implements AutoCloseable {

  /** Graphs longer than this many characters go through a file. */
  public static final int INLINE_LIMIT = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FilterScript.class);

  private final List<String> command;
  private final Path file;

  private FilterScript(List<String> command, Path file) {
    this.command = List.copyOf(command);
    this.file = file;
  }

  /** {@link #of(List, int)} with {@link #INLINE_LIMIT}. */
  public static FilterScript of(List<String> command) {
    return of(command, INLINE_LIMIT);
  }

  /**
   * The command as it will run: unchanged when its graph is short, otherwise with the graph in a
   * temp file.
   *
   * @throws MediaFlowException {@code DISK_FULL} or {@code PROCESSING_FAILED} when the file cannot
   *     be written
   */
  static FilterScript of(List<String> command, int limit) {
    int at = command.indexOf("-filter_complex");
    if (at < 0 || at + 1 >= command.size() || command.get(at + 1).length() <= limit) {
      return new FilterScript(command, null);
    }
    Path file;
    try {
      file = Files.createTempFile("mediaflow-graph-", ".txt");
      Files.writeString(file, command.get(at + 1), StandardCharsets.UTF_8);
    } catch (IOException e) {
      boolean full = String.valueOf(e.getMessage()).contains("No space left");
      throw new MediaFlowException(
          full ? ErrorCode.DISK_FULL : ErrorCode.PROCESSING_FAILED,
          "cannot write the filter graph ("
              + command.get(at + 1).length()
              + " characters) to a temp file: "
              + e.getMessage(),
          "check that the temp folder (java.io.tmpdir) exists, is writable and has space",
          true,
          e);
    }
    List<String> changed = new ArrayList<>(command);
    changed.set(at, "-filter_complex_script");
    changed.set(at + 1, CommandBuilder.localUrl(file.toString()));
    LOG.debug("filter graph of {} characters written to {}", command.get(at + 1).length(), file);
    return new FilterScript(changed, file);
  }

  /** The command to run. */
  public List<String> command() {
    return command;
  }

  /** Removes the temp file, if there is one. */
  @Override
  public void close() {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove filter script {}: {}", file, e.getMessage());
    }
  }
}
