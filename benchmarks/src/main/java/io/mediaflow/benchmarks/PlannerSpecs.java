package io.mediaflow.benchmarks;

import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The job specs the planner benchmark plans: a long chain and a random fan-out tree. */
final class PlannerSpecs {

  static final String INPUT = "main";

  private PlannerSpecs() {}

  /** One 60 s 1080p30 h264 video with one 48 kHz stereo aac track. */
  static Map<String, MediaInfo> media() {
    return Map.of(
        INPUT,
        MediaInfo.of(
            MediaDuration.ofSeconds(60),
            List.of(new VideoStream(0, "h264", 1920, 1080, 30, "yuv420p", "")),
            List.of(new AudioStream(1, "aac", 48000, 2, ""))));
  }

  /** {@code n} operations, alternately trim and scale, each reading the previous; one output. */
  static JobSpec chain(int n) {
    JobSpec.Builder b = JobSpec.builder().input(INPUT, "file:in.mp4");
    String previous = INPUT;
    for (int i = 0; i < n; i++) {
      String result = "r" + i;
      b.operation(op(i)).from(previous).to(result).params(params(i));
      previous = result;
    }
    return b.output(previous, "file:out/chain.mp4").build();
  }

  /**
   * {@code n} operations, alternately trim and scale, each reading the input or a random earlier
   * result (fixed seed, so every run plans the same graph); every result nobody reads (a leaf) is
   * written to its own output, so every result is used.
   */
  static JobSpec tree(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    JobSpec.Builder b = JobSpec.builder().input(INPUT, "file:in.mp4");
    boolean[] read = new boolean[n];
    for (int i = 0; i < n; i++) {
      int parent = random.nextInt(i + 1) - 1; // -1 is the input, k is operation k's result
      if (parent >= 0) {
        read[parent] = true;
      }
      b.operation(op(i)).from(parent < 0 ? INPUT : "r" + parent).to("r" + i).params(params(i));
    }
    for (int i = 0; i < n; i++) {
      if (!read[i]) {
        b.output("r" + i, "file:out/r" + i + ".mp4");
      }
    }
    return b.build();
  }

  private static String op(int i) {
    return i % 2 == 0 ? "trim" : "scale";
  }

  private static Map<String, Object> params(int i) {
    if (i % 2 == 0) {
      return Map.of("start", "0s", "duration", (10 + i % 40) + "s");
    }
    return i % 4 == 1 ? Map.of("width", 1280, "height", -2) : Map.of("width", 640);
  }
}
