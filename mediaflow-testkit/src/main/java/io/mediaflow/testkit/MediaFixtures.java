package io.mediaflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Small media files made on the fly with the real {@code ffmpeg} ({@code lavfi} {@code testsrc2}
 * video and a {@code sine} tone), so tests never need checked-in media.
 *
 * <p>Each distinct fixture is generated once per JVM into one temp folder, which is deleted when
 * the JVM exits. Generation is fast: small sizes and the {@code ultrafast} preset.
 *
 * {@snippet :
 * @BeforeAll
 * static void ffmpeg() {
 *   MediaFixtures.requireFfmpeg();
 * }
 *
 * @Test
 * void probes_a_clip() {
 *   Path clip = MediaFixtures.clip(MediaFixtures.Spec.builder().size(640, 360).seconds(3).build());
 *   // ...
 * }
 * }
 *
 * <p>{@code ffmpeg} is found through the folder in {@code MEDIAFLOW_FFMPEG_HOME}, then {@code
 * PATH}.
 */
public final class MediaFixtures {

  /** The folder holding {@code ffmpeg} and {@code ffprobe}, when they are not on the PATH. */
  public static final String FFMPEG_HOME_ENV = "MEDIAFLOW_FFMPEG_HOME";

  private static final long GENERATION_TIMEOUT_SECONDS = 120;
  private static final Map<Object, Path> CACHE = new ConcurrentHashMap<>();
  private static volatile Path folder;

  private MediaFixtures() {}

  /**
   * What a generated clip looks like. Codec names are mediaflow's ({@code h264}, {@code hevc},
   * {@code vp9}, {@code mpeg4}; {@code aac}, {@code mp3}, {@code opus}); {@code none} leaves the
   * track out.
   *
   * @param width frame width, even for the default h264
   * @param height frame height, even for the default h264
   * @param fps frames per second
   * @param seconds length
   * @param videoCodec video codec, or {@code none}
   * @param audioCodec audio codec, or {@code none}
   * @param container file extension and format: {@code mp4}, {@code mkv}, {@code mov}, {@code
   *     webm}, {@code m4a}, {@code mp3}
   */
  public record Spec(
      int width,
      int height,
      int fps,
      double seconds,
      String videoCodec,
      String audioCodec,
      String container) {

    public Spec {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException(
            "width and height must be positive but were " + width + "x" + height);
      }
      if (fps <= 0) {
        throw new IllegalArgumentException("fps must be positive but was " + fps);
      }
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("seconds must be positive but was " + seconds);
      }
      Objects.requireNonNull(videoCodec, "videoCodec");
      Objects.requireNonNull(audioCodec, "audioCodec");
      Objects.requireNonNull(container, "container");
      if (videoCodec.equals("none") && audioCodec.equals("none")) {
        throw new IllegalArgumentException("a clip needs video, audio or both; both were 'none'");
      }
    }

    /** 320x240, 25 fps, 2 s, h264 + aac in mp4. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Spec}, starting from 320x240, 25 fps, 2 s, h264 + aac in mp4. */
    public static final class Builder {
      private int width = 320;
      private int height = 240;
      private int fps = 25;
      private double seconds = 2;
      private String videoCodec = "h264";
      private String audioCodec = "aac";
      private String container = "mp4";

      private Builder() {}

      public Builder size(int newWidth, int newHeight) {
        this.width = newWidth;
        this.height = newHeight;
        return this;
      }

      public Builder fps(int value) {
        this.fps = value;
        return this;
      }

      public Builder seconds(double value) {
        this.seconds = value;
        return this;
      }

      public Builder videoCodec(String codec) {
        this.videoCodec = codec;
        return this;
      }

      public Builder audioCodec(String codec) {
        this.audioCodec = codec;
        return this;
      }

      /** No audio track. */
      public Builder noAudio() {
        return audioCodec("none");
      }

      /** No video track. */
      public Builder noVideo() {
        return videoCodec("none");
      }

      public Builder container(String value) {
        this.container = value;
        return this;
      }

      public Spec build() {
        return new Spec(width, height, fps, seconds, videoCodec, audioCodec, container);
      }
    }
  }

  /**
   * Fails or skips the calling test when {@code ffmpeg} cannot be found: with the environment
   * variable {@code CI} set it throws an {@link AssertionError} (a test that needs ffmpeg is never
   * silently skipped in CI); elsewhere it aborts the test as skipped, saying how to install it.
   */
  public static void requireFfmpeg() {
    if (ffmpeg().isPresent()) {
      return;
    }
    String message =
        "ffmpeg was not found in $"
            + FFMPEG_HOME_ENV
            + " nor on the PATH; install FFmpeg 5.1 or newer (apt-get install -y ffmpeg) or set "
            + FFMPEG_HOME_ENV
            + " to the folder holding ffmpeg and ffprobe";
    if (System.getenv("CI") != null) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  /** The {@code ffmpeg} binary, when one can be found. */
  public static Optional<Path> ffmpeg() {
    return findBinary("ffmpeg");
  }

  /** The {@code ffprobe} binary, when one can be found. */
  public static Optional<Path> ffprobe() {
    return findBinary("ffprobe");
  }

  /** A clip as described; generated on first use, then reused. */
  public static Path clip(Spec spec) {
    Objects.requireNonNull(spec, "spec");
    return CACHE.computeIfAbsent(spec, k -> generateClip(spec));
  }

  /** A 1280x720, 25 fps h264 + aac mp4 of the given length. */
  public static Path clip720p(double seconds) {
    return clip(Spec.builder().size(1280, 720).seconds(seconds).build());
  }

  /** 320x240, 2 s, 25 fps, h264 + aac in mp4. */
  public static Path smallClip() {
    return clip(Spec.builder().build());
  }

  /** 320x240, 2 s, 25 fps, h264 in mp4 with no audio track. */
  public static Path silentClip() {
    return clip(Spec.builder().noAudio().build());
  }

  /** 2 s of a 440 Hz tone, aac in m4a, with no video track. */
  public static Path audioOnly() {
    return clip(Spec.builder().noVideo().container("m4a").build());
  }

  /** One 320x240 picture as png. */
  public static Path stillImage() {
    return CACHE.computeIfAbsent(
        "still.png",
        k -> {
          Path out = folder().resolve("still-320x240.png");
          List<String> args = new ArrayList<>(prelude());
          args.addAll(
              List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=1", "-frames:v", "1"));
          args.add(out.toString());
          run(args, out);
          return out;
        });
  }

  /**
   * A 2 s 320x240 25 fps mkv with several tracks of each kind, as real releases have: h264 video,
   * two aac tracks (a 440 Hz tone tagged {@code eng}, then a 660 Hz tone tagged {@code fra}), two
   * subrip subtitle tracks ({@code eng}, then {@code fra}) and two chapters of 1 s each ("One" and
   * "Two"), plus a container {@code title} of "Multi". The subtitles and chapters come from small
   * {@code .srt} and {@code FFMETADATA} files written next to it.
   */
  public static Path multiTrack() {
    return CACHE.computeIfAbsent(
        "multitrack.mkv",
        k -> {
          Path dir = folder();
          Path english = dir.resolve("multitrack-eng.srt");
          Path french = dir.resolve("multitrack-fra.srt");
          Path chapters = dir.resolve("multitrack-chapters.txt");
          try {
            Files.writeString(english, srt("Hello", "World"), StandardCharsets.UTF_8);
            Files.writeString(french, srt("Bonjour", "Monde"), StandardCharsets.UTF_8);
            Files.writeString(
                chapters,
                ";FFMETADATA1\ntitle=Multi\n\n"
                    + "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=One\n\n"
                    + "[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\ntitle=Two\n",
                StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write the multi-track fixture's side files", e);
          }
          Path out = dir.resolve("multitrack.mkv");
          List<String> args = new ArrayList<>(prelude());
          args.addAll(
              List.of(
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size=320x240:rate=25:duration=2",
                  "-f",
                  "lavfi",
                  "-i",
                  "sine=frequency=440:sample_rate=48000:duration=2",
                  "-f",
                  "lavfi",
                  "-i",
                  "sine=frequency=660:sample_rate=48000:duration=2",
                  "-i",
                  english.toString(),
                  "-i",
                  french.toString(),
                  "-i",
                  chapters.toString(),
                  "-map",
                  "0:v",
                  "-map",
                  "1:a",
                  "-map",
                  "2:a",
                  "-map",
                  "3:s",
                  "-map",
                  "4:s",
                  "-map_metadata",
                  "5",
                  "-map_chapters",
                  "5"));
          args.addAll(videoEncoder("h264"));
          args.addAll(audioEncoder("aac"));
          args.addAll(
              List.of(
                  "-c:s", "srt",
                  "-metadata:s:a:0", "language=eng",
                  "-metadata:s:a:1", "language=fra",
                  "-metadata:s:s:0", "language=eng",
                  "-metadata:s:s:1", "language=fra"));
          args.add(out.toString());
          run(args, out);
          return out;
        });
  }

  private static String srt(String first, String second) {
    return "1\n00:00:00,000 --> 00:00:00,800\n"
        + first
        + "\n\n2\n00:00:01,000 --> 00:00:01,800\n"
        + second
        + "\n";
  }

  /** 4 KiB of random bytes named {@code corrupt.mp4}: not media, whatever the name says. */
  public static Path corruptFile() {
    return CACHE.computeIfAbsent(
        "corrupt.mp4",
        k -> {
          byte[] bytes = new byte[4096];
          new Random(42).nextBytes(bytes);
          Path out = folder().resolve("corrupt.mp4");
          try {
            Files.write(out, bytes);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write fixture " + out, e);
          }
          return out;
        });
  }

  /** The folder fixtures are written to; deleted when the JVM exits. */
  public static Path directory() {
    return folder();
  }

  private static Path generateClip(Spec spec) {
    String name =
        String.format(
                Locale.ROOT,
                "clip-%dx%d-%dfps-%sms-%s-%s",
                spec.width(),
                spec.height(),
                spec.fps(),
                Math.round(spec.seconds() * 1000),
                spec.videoCodec(),
                spec.audioCodec())
            + "."
            + spec.container();
    Path out = folder().resolve(name);
    String seconds = String.format(Locale.ROOT, "%.3f", spec.seconds());
    List<String> args = new ArrayList<>(prelude());
    boolean video = !spec.videoCodec().equals("none");
    boolean audio = !spec.audioCodec().equals("none");
    int index = 0;
    if (video) {
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              "testsrc2=size="
                  + spec.width()
                  + "x"
                  + spec.height()
                  + ":rate="
                  + spec.fps()
                  + ":duration="
                  + seconds));
      index++;
    }
    if (audio) {
      args.addAll(
          List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
    }
    if (video) {
      args.addAll(List.of("-map", "0:v"));
      args.addAll(videoEncoder(spec.videoCodec()));
    }
    if (audio) {
      args.addAll(List.of("-map", index + ":a"));
      args.addAll(audioEncoder(spec.audioCodec()));
    }
    args.add(out.toString());
    run(args, out);
    return out;
  }

  private static List<String> prelude() {
    Path ffmpeg =
        ffmpeg()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "ffmpeg was not found; call MediaFixtures.requireFfmpeg() first"));
    return List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y");
  }

  private static List<String> videoEncoder(String codec) {
    return switch (codec) {
      case "h264" -> List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
      case "hevc" ->
          List.of(
              "-c:v",
              "libx265",
              "-preset",
              "ultrafast",
              "-pix_fmt",
              "yuv420p",
              "-x265-params",
              "log-level=error");
      case "vp9" -> List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8");
      case "mpeg4" -> List.of("-c:v", "mpeg4");
      default -> List.of("-c:v", codec);
    };
  }

  private static List<String> audioEncoder(String codec) {
    return switch (codec) {
      case "aac" -> List.of("-c:a", "aac", "-b:a", "96k");
      case "mp3" -> List.of("-c:a", "libmp3lame", "-b:a", "96k");
      case "opus" -> List.of("-c:a", "libopus", "-b:a", "64k");
      default -> List.of("-c:a", codec);
    };
  }

  private static void run(List<String> command, Path out) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .start();
      // loglevel error keeps the output tiny, so reading it whole cannot block ffmpeg for long
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(GENERATION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("ffmpeg took too long to generate fixture " + out);
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
        throw new IllegalStateException(
            "ffmpeg could not generate fixture "
                + out
                + " (exit "
                + process.exitValue()
                + "): "
                + new String(output, StandardCharsets.UTF_8).strip()
                + "\ncommand: "
                + String.join(" ", command));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating fixture " + out, e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")
            ? "NUL"
            : "/dev/null");
  }

  private static Path folder() {
    Path f = folder;
    if (f == null) {
      synchronized (MediaFixtures.class) {
        f = folder;
        if (f == null) {
          try {
            f = Files.createTempDirectory("mediaflow-fixtures-");
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for media fixtures", e);
          }
          Path created = f;
          Runtime.getRuntime()
              .addShutdownHook(new Thread(() -> deleteQuietly(created), "mediaflow-fixtures"));
          folder = f;
        }
      }
    }
    return f;
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: the folder is in the temp area anyway
    }
  }

  private static Optional<Path> findBinary(String name) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    List<String> names = windows ? List.of(name + ".exe", name) : List.of(name);
    String home = System.getenv(FFMPEG_HOME_ENV);
    if (home != null && !home.isBlank()) {
      for (String n : names) {
        Path candidate = Path.of(home.trim()).resolve(n);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String n : names) {
        Path candidate = Path.of(dir).resolve(n);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
