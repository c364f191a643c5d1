package io.mediaflow.samples;

import io.mediaflow.samples.cli.MediaflowCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end demo: makes a 5-second test clip with FFmpeg, writes a job spec beside it (trim,
 * then a scaled mp4 and a png thumbnail from the scaled stream, plus an mp3 of the trimmed audio),
 * shows the plan as Mermaid and runs it, through the same code as {@code mediaflow plan} and {@code
 * mediaflow run}.
 *
 * <p>{@code java -cp samples/target/mediaflow.jar io.mediaflow.samples.Demo [DIR]}; {@code DIR}
 * defaults to {@code target/demo} under the working directory.
 */
public final class Demo {

  static final String SPEC =
      """
      {
        "version": 1,
        "inputs": [{ "id": "clip", "source": "file:input.mp4" }],
        "operations": [
          { "op": "trim", "input": "clip", "output": "cut",
            "params": { "start": "1s", "duration": "3s" } },
          { "op": "scale", "input": "cut", "output": "small",
            "params": { "width": 320, "height": -2 } },
          { "op": "thumbnail", "input": "small", "output": "poster" }
        ],
        "outputs": [
          { "id": "small", "destination": "file:out/small.mp4",
            "metadata": { "title": "mediaflow demo" } },
          { "id": "poster", "destination": "file:out/poster.png" },
          { "id": "cut", "destination": "file:out/cut.mp3",
            "codec": { "audio": "mp3", "audioBitrate": "128k" } }
        ]
      }
      """;

  private Demo() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/demo").toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path clip = dir.resolve("input.mp4");
    System.out.println("== generating a 5 s 640x360 test clip: " + clip);
    generateClip(clip);
    Path spec = dir.resolve("demo-spec.json");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    System.out.println("== job spec: " + spec);
    System.out.print(SPEC);

    System.out.println("== plan (Mermaid; paste into https://mermaid.live to see it)");
    int code = MediaflowCli.execute("plan", "--format", "mermaid", spec.toString());
    if (code == 0) {
      System.out.println("== running; written files:");
      code = MediaflowCli.execute("run", "--overwrite", spec.toString());
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /** A test pattern with a sine tone, made by FFmpeg's lavfi sources. */
  static void generateClip(Path clip) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ffmpeg());
    command.addAll(
        List.of(
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25:duration=5",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=5",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            clip.toString()));
    Process process;
    try {
      process = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start " + command.get(0) + "; install FFmpeg or set MEDIAFLOW_FFMPEG_HOME", e);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("ffmpeg could not generate the demo clip: " + command);
    }
  }

  /** The same lookup order as the backend: MEDIAFLOW_FFMPEG_HOME, then the PATH. */
  private static String ffmpeg() {
    String home = System.getenv("MEDIAFLOW_FFMPEG_HOME");
    if (home != null && !home.isBlank()) {
      for (Path candidate : List.of(Path.of(home, "bin", "ffmpeg"), Path.of(home, "ffmpeg"))) {
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return "ffmpeg";
  }
}
