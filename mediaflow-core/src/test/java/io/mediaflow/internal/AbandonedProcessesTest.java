package io.mediaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mediaflow.api.backend.ProcessOwner;
import io.mediaflow.internal.media.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes marked with owners that are gone, alive, or elsewhere, and the sweep that stops
 * the orphans among them. The processes are children of this JVM, which the sweep does not spare
 * for that: only their owner tag counts.
 */
class AbandonedProcessesTest {

  /** A pid no process has: Linux pids stop at 2^22. */
  private static final long DEAD_PID = 2_147_483_647L;

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopStarted() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void requireProcfs() {
    assumeTrue(
        Files.isReadable(Path.of("/proc/self/environ")) && ProcessOwner.host().isPresent(),
        "needs /proc (Linux) and a host tag");
  }

  /** {@code sh} waiting a minute, marked with {@code owner} (none when null), with {@code args}. */
  private Process program(String owner, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "sleep 60; :", "orphan"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove(ProcessOwner.ENVIRONMENT_VARIABLE);
    if (owner != null) {
      builder.environment().put(ProcessOwner.ENVIRONMENT_VARIABLE, owner);
    }
    Process p = builder.start();
    started.add(p);
    return p;
  }

  private static String otherHost() {
    String mine = ProcessOwner.host().orElseThrow();
    return mine.equals("abcdef01") ? "abcdef02" : "abcdef01";
  }

  @Test
  void stops_a_program_whose_owner_is_gone_and_removes_the_temp_file_it_wrote() throws Exception {
    requireProcfs();
    String deadOwner = Owners.tag(DEAD_PID);
    Path temp =
        Files.writeString(
            dir.resolve(".clip.mp4.1234abcd." + deadOwner + TempFiles.SUFFIX), "partial");
    Path finished = Files.writeString(dir.resolve("other.mp4"), "done");
    Process orphan = program(deadOwner, "-y", "file:" + temp);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (orphan.descendants().findAny().isEmpty()) {
      assertThat(System.nanoTime() - deadline).as("the orphan started its sleep").isNegative();
      Thread.sleep(10);
    }

    int stopped = TempFiles.stopAbandonedProcesses();

    assertThat(stopped).as("the orphan, its sleep, and any real orphan").isGreaterThanOrEqualTo(2);
    assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("orphan stopped").isTrue();
    assertThat(temp).doesNotExist();
    assertThat(finished).exists();
  }

  @Test
  void never_stops_a_program_of_a_live_owner_of_another_host_or_of_no_owner() throws Exception {
    requireProcfs();
    Process mine = program(Owners.tag());
    Process elsewhere = program(DEAD_PID + "-" + otherHost());
    Process unknownHost = program(DEAD_PID + "-" + ProcessOwner.UNKNOWN_HOST);
    Process malformed = program("12-not-a-tag");
    Process untagged = program(null);
    List<Process> spared = List.of(mine, elsewhere, unknownHost, malformed, untagged);

    List<AbandonedProcesses.Orphan> stopped = AbandonedProcesses.stopAll(Duration.ofSeconds(5));

    List<Long> sparedPids = new ArrayList<>();
    for (Process p : spared) {
      sparedPids.add(p.pid());
      p.descendants().forEach(d -> sparedPids.add(d.pid()));
    }
    assertThat(stopped).extracting(o -> o.process().pid()).doesNotContainAnyElementsOf(sparedPids);
    assertThat(spared).allMatch(Process::isAlive);
  }

  @Test
  void an_owner_is_alive_only_if_it_started_before_its_program() {
    requireProcfs();
    String me = Owners.tag();
    Instant myStart = ProcessHandle.current().info().startInstant().orElseThrow();

    assertThat(Owners.orphaned(me, Optional.of(myStart.plusSeconds(1)))).isFalse();
    assertThat(Owners.orphaned(me, Optional.empty())).isFalse();
    // a program older than the process with its owner's pid: that pid was reused
    assertThat(Owners.orphaned(me, Optional.of(myStart.minusSeconds(1)))).isTrue();
    assertThat(Owners.orphaned(Owners.tag(DEAD_PID), Optional.of(myStart))).isTrue();
    assertThat(Owners.orphaned(Owners.tag(DEAD_PID), Optional.empty())).isTrue();
    assertThat(Owners.orphaned(DEAD_PID + "-" + otherHost(), Optional.of(myStart))).isFalse();
    assertThat(Owners.orphaned("x" + me, Optional.of(myStart))).isFalse();
  }

  @Test
  void reads_the_owner_from_an_environment_block() {
    assertThat(owner("A=1\0MEDIAFLOW_OWNER=12-abcdef01\0B=2\0")).contains("12-abcdef01");
    assertThat(owner("MEDIAFLOW_OWNER=12-abcdef01")).contains("12-abcdef01");
    assertThat(owner("XMEDIAFLOW_OWNER=12-abcdef01\0")).isEmpty();
    assertThat(owner("A=MEDIAFLOW_OWNER=12-abcdef01\0")).isEmpty();
    assertThat(owner("")).isEmpty();
  }

  @Test
  void reads_the_owner_from_a_temp_output_path_where_there_is_no_environment() {
    assertThat(
            AbandonedProcesses.ownerInArguments(
                new String[] {
                  "-i", "file:/in.mp4", "file:/out/.a.mp4.1234abcd.4321-abcdef01.mediaflow-tmp"
                }))
        .contains("4321-abcdef01");
    assertThat(AbandonedProcesses.ownerInArguments(new String[] {"-i", "in.mp4", "out.mp4"}))
        .isEmpty();
  }

  private static Optional<String> owner(String block) {
    return AbandonedProcesses.ownerInEnvironment(block.getBytes(StandardCharsets.US_ASCII));
  }
}
