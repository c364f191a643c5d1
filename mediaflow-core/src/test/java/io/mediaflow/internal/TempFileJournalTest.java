package io.mediaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.internal.media.TempFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of the temp files a process writes: a killed process's temp files are found through
 * it wherever they are, and only files named after that process are ever removed.
 */
class TempFileJournalTest {

  /** A pid no process has: Linux pids stop at 2^22. */
  private static final long DEAD_PID = 2_147_483_647L;

  private static final String SUFFIX = TempFiles.SUFFIX;

  @TempDir Path dir;

  private static Path journalOf(String owner) {
    return TempFileJournal.folder(true).orElseThrow().resolve(owner + ".journal");
  }

  @Test
  void lists_the_temp_files_being_written_and_forgets_them_when_done() throws Exception {
    Path temp = dir.resolve(".a.mp4.1234abcd." + Owners.tag() + SUFFIX);
    Path journal = journalOf(Owners.tag());

    TempFileJournal.add(temp);

    assertThat(Files.readString(journal, StandardCharsets.UTF_8)).contains(temp.toString());

    TempFileJournal.remove(List.of(temp));

    assertThat(journal).doesNotExist();
  }

  @Test
  void a_sweep_removes_the_files_a_dead_process_listed_and_nothing_else() throws Exception {
    String dead = Owners.tag(DEAD_PID);
    Path left = Files.writeString(dir.resolve(".a.mp4.1234abcd." + dead + SUFFIX), "partial");
    Path newline = Files.writeString(dir.resolve(".b\nc.mp4.1234abcd." + dead + SUFFIX), "part");
    Path notATemp = Files.writeString(dir.resolve("precious.mp4"), "keep");
    Path otherOwner =
        Files.writeString(dir.resolve(".d.mp4.1234abcd." + Owners.tag() + SUFFIX), "mine");
    Path journal =
        Files.writeString(
            journalOf(dead),
            String.join(
                "\0",
                left.toString(),
                newline.toString(),
                notATemp.toString(),
                otherOwner.toString(),
                ".relative." + dead + SUFFIX),
            StandardCharsets.UTF_8);

    int removed = TempFileJournal.sweep(SUFFIX);

    assertThat(removed).isGreaterThanOrEqualTo(2);
    assertThat(left).doesNotExist();
    assertThat(newline).doesNotExist();
    assertThat(notATemp).exists();
    assertThat(otherOwner).exists();
    assertThat(journal).doesNotExist();
  }

  @Test
  void a_sweep_keeps_the_journal_of_a_live_process() throws Exception {
    Path temp = dir.resolve(".e.mp4.1234abcd." + Owners.tag() + SUFFIX);
    Files.writeString(temp, "being written");
    TempFileJournal.add(temp);
    try {
      TempFileJournal.sweep(SUFFIX);

      assertThat(temp).exists();
      assertThat(journalOf(Owners.tag())).exists();
    } finally {
      TempFileJournal.remove(List.of(temp));
    }
  }
}
