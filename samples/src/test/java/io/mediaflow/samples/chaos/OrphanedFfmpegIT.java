package io.mediaflow.samples.chaos;

import static io.mediaflow.samples.ChildProcesses.awaitTrue;
import static io.mediaflow.samples.ChildProcesses.encoder;
import static io.mediaflow.samples.ChildProcesses.running;
import static io.mediaflow.samples.ChildProcesses.tempOutput;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.samples.ChildProcesses;
import io.mediaflow.testkit.MediaFixtures;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} of an engine JVM ({@link MediaNode}) in the middle of a long encode, then
 * a restart on the same H2 file: the dead engine's FFmpeg must not run on, its temp file must go,
 * and the job must complete exactly once, on the second engine, and soon: the engines have the
 * default 30 s lease, and the second one takes the dead one's lease back at start (an embedded H2
 * file is open in one process at a time) instead of waiting for it to expire.
 *
 * <p>The first engine's input is half an hour of video, which FFmpeg turns into 45,000 frames of
 * 720p: minutes of work on any machine, so an FFmpeg process that ends within the test was stopped.
 * Before the restart the input is replaced by a one-second clip so that the second engine finishes
 * the job in seconds: what remains of the time from the restart to the completion is the JVM's
 * start, the engine's and the wait for the lease, if any.
 */
class OrphanedFfmpegIT {

  /** The switch that starts FFmpeg without {@code setpriv --pdeathsig}. */
  private static final String PARENT_DEATH_SIGNAL = "mediaflow.ffmpeg.parentDeathSignal";

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration SOON = Duration.ofSeconds(10);
  private static final Duration FINISH = Duration.ofSeconds(120);

  /** From the restart to the completion: well under the dead engine's lease (30 s). */
  private static final Duration SOON_DONE = Duration.ofSeconds(15);

  private static final String SPEC =
      """
      {
        "version": 1,
        "inputs": [{ "id": "main", "source": "file:in.mp4" }],
        "operations": [
          { "op": "fps", "input": "main", "output": "smooth", "params": { "fps": 25 } },
          { "op": "scale", "input": "smooth", "output": "big",
            "params": { "width": 1280, "height": 720 } }
        ],
        "outputs": [
          { "id": "big", "destination": "file:out/big.mp4",
            "codec": { "video": "h264", "audio": "none" } }
        ]
      }
      """;

  @TempDir Path dir;
  private final List<Process> nodes = new ArrayList<>();
  private ProcessHandle orphan;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : nodes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (orphan != null) {
      orphan.destroyForcibly();
    }
  }

  @Test
  void a_killed_engines_ffmpeg_dies_with_it_and_the_restarted_engine_completes_the_job_once()
      throws Exception {
    Run run = killMidEncode(true);

    awaitTrue(() -> !running(orphan), SOON, "the killed engine's FFmpeg ended with it");

    restartAndFinish(run, true);
  }

  @Test
  void without_setpriv_the_restarted_engine_stops_the_killed_engines_ffmpeg_at_its_start()
      throws Exception {
    Run run = killMidEncode(false);
    assertThat(running(orphan)).as("FFmpeg runs on after its engine's kill -9").isTrue();

    restartAndFinish(run, false);
  }

  /** What the first engine left. */
  private record Run(String jobId, long deadPid, Path temp, Path work, Path db, Path completions) {}

  private Run killMidEncode(boolean parentDeathSignal) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.copy(longInput(), work.resolve("in.mp4"));
    Path db = dir.resolve("jobs");
    Path completions = dir.resolve("completions.txt");
    String jobId;
    try (JdbcStorage store = JdbcStorage.h2(db)) {
      Job job = store.jobs().submit(JobRequest.of("media", SPEC).withMaxAttempts(3), Instant.now());
      jobId = job.id();
    }
    Process first = startNode(db, "first", work, completions, parentDeathSignal);
    // the encoding run: its last argument is the temp file it writes
    awaitTrue(() -> encoder(first).isPresent(), START, "the first engine started encoding the job");
    orphan = encoder(first).orElseThrow();
    Path temp = tempOutput(orphan).orElseThrow();
    awaitTrue(() -> Files.exists(temp), SOON, "FFmpeg created its temp file " + temp);

    first.toHandle().destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the first engine died").isTrue();
    return new Run(jobId, first.pid(), temp, work, db, completions);
  }

  private void restartAndFinish(Run run, boolean parentDeathSignal) throws Exception {
    assertThat(run.temp()).as("the killed engine's temp file, before the restart").exists();
    Files.copy(shortInput(), run.work().resolve("in.mp4"), StandardCopyOption.REPLACE_EXISTING);
    long restarted = System.nanoTime();
    Process second =
        startNode(run.db(), "second", run.work(), run.completions(), parentDeathSignal);
    Path log = dir.resolve("second.log");
    awaitTrue(
        () -> Files.exists(log) && Files.readString(log).contains("READY second"),
        START,
        "the second engine started");

    // start() returns once the dead engine's programs are stopped and their files removed
    assertThat(running(orphan)).as("the killed engine's FFmpeg after the restart").isFalse();
    assertThat(programsOf(run.deadPid())).as("programs owned by the killed engine").isEmpty();
    assertThat(run.temp()).as("the killed engine's temp file").doesNotExist();

    awaitTrue(
        () -> Files.exists(run.completions()) && !Files.readAllLines(run.completions()).isEmpty(),
        FINISH,
        "the second engine completed the job");
    Duration restartToDone = Duration.ofNanos(System.nanoTime() - restarted);
    System.out.printf(
        "OrphanedFfmpegIT: restart to done %d ms (setpriv %s)%n",
        restartToDone.toMillis(), parentDeathSignal);
    assertThat(restartToDone)
        .as("from the restart to the completion; log:%n%s", read(log))
        .isLessThan(SOON_DONE);
    assertThat(read(log)).as("the second engine's log").contains("took back 1 jobs");

    assertThat(second.waitFor(FINISH.toSeconds(), TimeUnit.SECONDS))
        .as("the second engine finished the job")
        .isTrue();
    assertThat(second.exitValue()).as("second engine's exit; log:%n%s", read(log)).isZero();
    try (JdbcStorage store = JdbcStorage.h2(run.db())) {
      Job done = store.jobs().find(run.jobId()).orElseThrow();
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.attempts())
          .as("the dead engine's attempt, taken back, and the one that completed")
          .isEqualTo(2);
    }
    assertThat(Files.readAllLines(run.completions())).containsExactly(run.jobId());
    Path out = run.work().resolve("out");
    assertThat(out.resolve("big.mp4")).isNotEmptyFile();
    assertThat(filesIn(out))
        .as("files in the output folder")
        .containsExactly(out.resolve("big.mp4"));
    assertThat(run.temp()).doesNotExist();
  }

  // ---- helpers ----

  private static Path longInput() {
    return MediaFixtures.clip(
        MediaFixtures.Spec.builder().size(64, 64).fps(2).seconds(1800).noAudio().build());
  }

  private static Path shortInput() {
    return MediaFixtures.clip(
        MediaFixtures.Spec.builder().size(64, 64).fps(2).seconds(1).noAudio().build());
  }

  private Process startNode(
      Path db, String id, Path work, Path completions, boolean parentDeathSignal)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx192m");
    cmd.add("-XX:TieredStopAtLevel=1");
    // the temp-file journals of both engines, out of reach of other mediaflow starts on this host
    // (other builds' tests), whose sweep would otherwise remove the killed engine's temp file first
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
    cmd.add("-D" + PARENT_DEATH_SIGNAL + "=" + parentDeathSignal);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MediaNode.class.getName());
    cmd.addAll(List.of(db.toString(), id, work.toString(), completions.toString()));
    File log = dir.resolve(id + ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
    builder.environment().remove("MEDIAFLOW_OWNER"); // the test JVM's own, if it has one
    Process p = builder.start();
    nodes.add(p);
    return p;
  }

  /** The running processes whose environment names {@code ownerPid} as their owner. */
  private static List<Long> programsOf(long ownerPid) throws IOException {
    String marker = "MEDIAFLOW_OWNER=" + ownerPid + "-";
    List<Long> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(ChildProcesses::running)
        .forEach(
            p -> {
              try {
                byte[] env =
                    Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                for (String entry : new String(env, StandardCharsets.ISO_8859_1).split("\0")) {
                  if (entry.startsWith(marker)) {
                    found.add(p.pid());
                  }
                }
              } catch (IOException e) {
                // gone, or another user's
              }
            });
    return found;
  }

  private static List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
