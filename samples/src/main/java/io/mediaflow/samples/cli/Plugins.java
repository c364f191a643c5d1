package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns {@code --plugins DIR} into a class loader: {@code java -jar} ignores the class path, so
 * this is how operator (and backend) jars reach {@link java.util.ServiceLoader}.
 */
final class Plugins {

  private Plugins() {}

  /**
   * A loader that sees every {@code *.jar} in {@code directory} on top of the application's
   * classes; the application's loader itself when {@code directory} is null.
   *
   * @throws MediaFlowException {@code USAGE} when the directory does not exist
   */
  static ClassLoader loader(Path directory) {
    ClassLoader application = Plugins.class.getClassLoader();
    if (directory == null) {
      return application;
    }
    if (!Files.isDirectory(directory)) {
      throw new MediaFlowException(
          ErrorCode.USAGE,
          "--plugins " + directory + " is not a directory",
          "give a folder that holds plugin jars");
    }
    List<URL> jars = jars(directory);
    return new URLClassLoader("mediaflow-plugins", jars.toArray(URL[]::new), application);
  }

  private static List<URL> jars(Path directory) {
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path jar :
          files
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList()) {
        urls.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException("a file path did not make a URL", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugin folder " + directory, e);
    }
    return urls;
  }
}
