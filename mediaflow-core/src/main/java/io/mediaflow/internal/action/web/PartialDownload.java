package io.mediaflow.internal.action.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The bytes of a download so far, kept next to its destination as {@code .NAME.part}, with what a
 * resume needs in {@code .NAME.part.properties}: the URL, the server's validator ({@code ETag} or
 * {@code Last-Modified}, sent back as {@code If-Range} so a changed file is sent whole rather than
 * spliced), the full length and whether the server takes ranges. Both are dot-files in the
 * destination's folder, so the final move is a rename on one file system.
 */
final class PartialDownload {

  private final Path part;
  private final Path meta;

  PartialDownload(Path target) {
    String name = target.getFileName().toString();
    this.part = target.resolveSibling("." + name + ".part");
    this.meta = target.resolveSibling("." + name + ".part.properties");
  }

  /** The file the bytes go to. */
  Path file() {
    return part;
  }

  /** What was kept of an earlier attempt at {@code url}. */
  record Kept(long bytes, String validator, long length) {
    static final Kept NOTHING = new Kept(0, "", -1);
  }

  /**
   * What an earlier attempt at the same URL left that a server can be asked to continue: nothing
   * when there is no part, no record of it, another URL, or a server that did not take ranges.
   */
  Kept kept(String url) throws IOException {
    if (!Files.isRegularFile(part) || !Files.isRegularFile(meta)) {
      return Kept.NOTHING;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      p.load(in);
    }
    if (!url.equals(p.getProperty("url")) || !"true".equals(p.getProperty("ranges"))) {
      return Kept.NOTHING;
    }
    long length;
    try {
      length = Long.parseLong(p.getProperty("length", "-1"));
    } catch (NumberFormatException e) {
      return Kept.NOTHING;
    }
    return new Kept(Files.size(part), p.getProperty("validator", ""), length);
  }

  /** Records what a resume will need, before the body's first byte is written. */
  void record(String url, String validator, long length, boolean ranges) throws IOException {
    Properties p = new Properties();
    p.setProperty("url", url);
    p.setProperty("validator", validator);
    p.setProperty("length", Long.toString(length));
    p.setProperty("ranges", Boolean.toString(ranges));
    try (OutputStream out = Files.newOutputStream(meta)) {
      p.store(out, "mediaflow download.url: a partial download, resumed by the next attempt");
    }
  }

  /** Removes the part and its record. */
  void discard() throws IOException {
    Files.deleteIfExists(part);
    Files.deleteIfExists(meta);
  }

  /** Removes the record once the part has become the destination. */
  void finished() throws IOException {
    Files.deleteIfExists(meta);
  }
}
