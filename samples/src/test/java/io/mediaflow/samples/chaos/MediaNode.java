package io.mediaflow.samples.chaos;

import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobState;
import io.mediaflow.jdbc.JdbcStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One engine process of {@link OrphanedFfmpegIT}, started with {@code java -cp}: real media jobs
 * with the real FFmpeg backend on an H2 file store, so that its jobs survive a {@code kill -9}.
 *
 * <pre>
 * MediaNode &lt;h2File&gt; &lt;nodeId&gt; &lt;workDir&gt; &lt;completionsFile&gt;
 * </pre>
 *
 * <p>Files are read and written in {@code workDir}. Every {@code job.completed} event is appended
 * to {@code completionsFile} as the job's id on a line of its own: a job completed twice would show
 * there twice. Prints {@code READY nodeId pid} once {@link MediaFlow#start()} returned, and exits
 * when no job is left unfinished. One worker; the lease and the heartbeat are the defaults (30 s, a
 * third of it), as a host that sets none has them, so a restart that waited for the dead node's
 * lease would show.
 */
public final class MediaNode {

  private static final Set<JobState> UNFINISHED =
      Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING, JobState.FAILED);

  private MediaNode() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String nodeId = args[1];
    Path work = Path.of(args[2]);
    Path completions = Path.of(args[3]);
    JdbcStorage storage = JdbcStorage.h2(file);
    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .nodeId(nodeId)
            .workers(1)
            .pollInterval(Duration.ofMillis(200))
            .workspace(Workspace.builder().baseDirectory(work).build())
            .build();
    flow.events()
        .subscribe(
            "job.completed",
            e ->
                Files.writeString(
                    completions,
                    e.data().get("jobId") + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC));
    flow.start();
    System.out.println("READY " + nodeId + " " + ProcessHandle.current().pid());
    System.out.flush();
    while (unfinished(storage.jobs().countByState()) > 0) {
      Thread.sleep(200);
    }
    flow.close();
    storage.close();
    System.out.println("DONE " + nodeId);
    System.exit(0);
  }

  private static long unfinished(Map<JobState, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> UNFINISHED.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
