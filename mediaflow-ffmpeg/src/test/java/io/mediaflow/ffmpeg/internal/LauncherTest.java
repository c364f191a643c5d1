package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.backend.ProcessOwner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How programs are started: marked with their owner, and (where {@code setpriv} is installed) tied
 * to the JVM's life without being tied to the life of the thread that asked for them. That a
 * program dies with a JVM killed by {@code kill -9} is proven with real JVMs by {@code
 * OrphanedFfmpegIT} in the samples.
 */
class LauncherTest {

  @Test
  void every_program_carries_its_owner_in_its_environment() throws IOException {
    List<String> lines = new ArrayList<>();

    ProcessRunner.Result result =
        new ProcessRunner(Duration.ofSeconds(2))
            .run(
                List.of("sh", "-c", "echo \"$" + ProcessOwner.ENVIRONMENT_VARIABLE + "\""),
                lines::add,
                () -> false,
                Optional.of(Duration.ofSeconds(30)));

    assertThat(result.exitCode()).isZero();
    assertThat(lines).containsExactly(ProcessOwner.tag());
  }

  @Test
  void a_program_outlives_the_thread_that_asked_for_it() throws Exception {
    // with setpriv --pdeathsig, a program forked by a thread that ends would be killed with it
    AtomicReference<Process> started = new AtomicReference<>();
    Thread asker =
        new Thread(
            () -> {
              try {
                started.set(Launcher.start(List.of("sleep", "30")));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    asker.start();
    asker.join();
    Process p = started.get();
    try {
      assertThat(p.waitFor(1, TimeUnit.SECONDS)).as("ended with its thread").isFalse();
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_missing_program_fails_to_start_as_without_setpriv() {
    assertThatThrownBy(() -> Launcher.start(List.of("/nonexistent/ffmpeg", "-version")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nonexistent/ffmpeg");
    assertThatThrownBy(() -> Launcher.start(List.of("mediaflow-no-such-program")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("mediaflow-no-such-program");
  }

  @Test
  void an_interrupted_caller_gets_its_process_and_keeps_its_interrupt() throws Exception {
    Thread.currentThread().interrupt();
    Process p;
    try {
      p = Launcher.start(List.of("sleep", "30"));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
