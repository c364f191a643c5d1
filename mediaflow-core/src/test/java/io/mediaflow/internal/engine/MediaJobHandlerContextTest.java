package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobLimits;
import io.mediaflow.JobSpecJson;
import io.mediaflow.TestOperators;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.media.MediaJobResult;
import io.mediaflow.internal.storage.MediaStorages;
import io.mediaflow.testkit.FakeMediaBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media handler needs nothing but the {@link JobContext} interface: it runs under a context
 * that is not the engine's, and gives its CPU share back through {@link JobContext#onAbandon}.
 */
class MediaJobHandlerContextTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void runs_under_any_job_context_and_registers_its_release_through_the_interface()
      throws Exception {
    Files.writeString(dir.resolve("in.mp4"), "not really media");
    FakeMediaBackend fake =
        FakeMediaBackend.builder()
            .media(dir.resolve("in.mp4"), TestOperators.clip(4, 1280, 720))
            .build();
    CpuAdmission admission = new CpuAdmission(2);
    MediaJobHandler handler =
        new MediaJobHandler(
            () -> fake,
            TestOperators.registry(),
            WorkspacePaths.of(dir, List.of()),
            JobLimits.ofDefaults(),
            admission,
            plan -> 1.5,
            MediaJobHandler.UrlInputs.ofDefaults(),
            MediaJobHandler.Plans.NONE,
            MediaStorages.of());
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 640)
            .param("height", -2)
            .output("small", "file:out/a.mp4")
            .build();
    PlainContext ctx =
        new PlainContext(
            Job.submitted(
                JobRequest.of(MediaJobHandler.TYPE, JobSpecJson.write(spec)),
                Instant.EPOCH,
                Instant.EPOCH));

    Optional<String> result = handler.handle(ctx);

    assertThat(MediaJobResult.parse(result.orElseThrow()).paths())
        .containsExactly(dir.resolve("out/a.mp4").toRealPath());
    assertThat(ctx.stages).containsExactly("probe", "plan", "execute", "verify");
    assertThat(ctx.releases).hasSize(1);
    // the handler gave its share back itself; the engine's late call changes nothing
    ctx.releases.get(0).run();
    assertThat(admission.acquire(2, () -> false)).isEqualTo(2.0);
  }

  /** A context of no engine: it records stages and what the handler registers. */
  static final class PlainContext implements JobContext {
    final Job job;
    final List<String> stages = new ArrayList<>();
    final List<Runnable> releases = new ArrayList<>();

    PlainContext(Job job) {
      this.job = job;
    }

    @Override
    public Job job() {
      return job;
    }

    @Override
    public void progress(double percent, String step) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void log(String level, String message) {}

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public Stage stage(String name) {
      stages.add(name);
      return new Stage() {
        @Override
        public void failed(String errorCode) {}

        @Override
        public void close() {}
      };
    }

    @Override
    public <T> T withCircuitBreaker(String key, Callable<T> call) throws Exception {
      return call.call();
    }

    @Override
    public void onAbandon(Runnable release) {
      releases.add(release);
    }
  }
}
