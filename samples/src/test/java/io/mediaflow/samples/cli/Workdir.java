package io.mediaflow.samples.cli;

import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the command-line tests set up: specs and media copied into a test's own folder. */
final class Workdir {

  private Workdir() {}

  /** Writes {@code json} as {@code name} in {@code dir}. */
  static Path spec(Path dir, String name, String json) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A 2-second 320x240 h264 + aac clip at {@code dir/name} (generated with ffmpeg lavfi; fails the
   * test in CI and skips it elsewhere when ffmpeg is missing).
   */
  static Path clip(Path dir, String name) {
    MediaFixtures.requireFfmpeg();
    Path fixture =
        MediaFixtures.clip(MediaFixtures.Spec.builder().size(320, 240).seconds(2).build());
    try {
      Files.createDirectories(dir);
      return Files.copy(fixture, dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where Debian's {@code ffmpeg} package brings a font: libavfilter needs fontconfig, whose
   * configuration package depends on {@code fonts-dejavu-core} first.
   */
  private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

  /**
   * A real TrueType font copied to {@code dir/name}: DejaVu Sans, or any {@code .ttf} under {@code
   * /usr/share/fonts}; fails the test in CI and skips it elsewhere when there is none.
   */
  static Path font(Path dir, String name) {
    Path font = Files.isReadable(DEJAVU) ? DEJAVU : anyFont();
    try {
      Files.createDirectories(dir);
      return Files.copy(font, dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path anyFont() {
    Path fonts = Path.of("/usr/share/fonts");
    if (Files.isDirectory(fonts)) {
      try (java.util.stream.Stream<Path> all = Files.walk(fonts)) {
        java.util.Optional<Path> ttf =
            all.filter(p -> p.toString().endsWith(".ttf") && Files.isReadable(p))
                .sorted()
                .findFirst();
        if (ttf.isPresent()) {
          return ttf.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String message = "no TrueType font under " + fonts + "; install fonts-dejavu-core";
    if (System.getenv("CI") != null) {
      throw new AssertionError(message);
    }
    org.junit.jupiter.api.Assumptions.abort(message);
    throw new AssertionError(message);
  }

  /**
   * A job reading {@code in.mp4}: trim 0.5 s + 1 s, scale to 160 wide, fanned out to an mp4 and a
   * png, and an mp3 of the trimmed audio.
   */
  static String fanOutSpec(String outputFolder) {
    return """
        {
          "version": 1,
          "inputs": [{ "id": "main", "source": "file:in.mp4" }],
          "operations": [
            { "op": "trim", "input": "main", "output": "cut",
              "params": { "start": "0.5s", "duration": "1s" } },
            { "op": "scale", "input": "cut", "output": "small",
              "params": { "width": 160, "height": -2 } },
            { "op": "thumbnail", "input": "small", "output": "poster" }
          ],
          "outputs": [
            { "id": "small", "destination": "file:%1$s/small.mp4" },
            { "id": "poster", "destination": "file:%1$s/poster.png" },
            { "id": "cut", "destination": "file:%1$s/cut.mp3" }
          ]
        }
        """
        .formatted(outputFolder);
  }
}
