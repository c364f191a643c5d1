package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.internal.Owners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonedDownloadsTest {

  @TempDir Path root;

  /** The pid of a process that has run and ended: no live process owns it now. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  private Path folder(String name) throws Exception {
    Path folder = Files.createDirectory(root.resolve(name));
    Files.writeString(folder.resolve("clip.mp4"), "downloaded bytes");
    return folder;
  }

  @Test
  void sweeps_the_folders_of_a_process_that_is_gone_and_keeps_live_and_unknown_ones()
      throws Exception {
    Path killed = folder("mediaflow-job-A.1f2e.ffff." + Owners.tag(deadPid()));
    Path mine = folder("mediaflow-job-B.3a4b." + Owners.tag());
    Path unknownOwner = folder("mediaflow-job-C.5c6d"); // fresh: kept until a day old
    Path notOurs = folder("something-else." + Owners.tag(deadPid()));

    int removed = MediaJobHandler.sweepAbandonedDownloads(root);

    assertThat(removed).isEqualTo(1);
    assertThat(killed).doesNotExist();
    assertThat(mine).exists();
    assertThat(unknownOwner).exists();
    assertThat(notOurs).exists();
  }

  @Test
  void a_folder_of_unknown_owner_goes_once_it_is_a_day_old() throws Exception {
    Path old = folder("mediaflow-job-D.7e8f");
    Files.setLastModifiedTime(
        old,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(Owners.DEFAULT_STALE_AFTER).minusSeconds(60)));

    assertThat(MediaJobHandler.sweepAbandonedDownloads(root)).isEqualTo(1);
    assertThat(old).doesNotExist();
  }

  @Test
  void a_missing_root_is_nothing_to_sweep() {
    assertThat(MediaJobHandler.sweepAbandonedDownloads(root.resolve("absent"))).isZero();
  }
}
