package io.mediaflow.internal.action.organise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a file is put in place: never over another unless asked, whole or not at all, across file
 * systems too (a tmpfs under {@code /dev/shm} beside the disk the temp folder is on), and a move
 * cut short finishes when run again.
 */
class FilePlacerTest {

  @TempDir Path dir;
  Path otherFileSystem;

  @AfterEach
  void removeOther() throws IOException {
    if (otherFileSystem != null) {
      try (Stream<Path> all = Files.walk(otherFileSystem)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void a_suffix_goes_before_the_last_extension() {
    assertThat(FilePlacer.candidate(Path.of("/m/a.mp3"), 0)).isEqualTo(Path.of("/m/a.mp3"));
    assertThat(FilePlacer.candidate(Path.of("/m/a.mp3"), 1)).isEqualTo(Path.of("/m/a (1).mp3"));
    assertThat(FilePlacer.candidate(Path.of("/m/a.tar.gz"), 12))
        .isEqualTo(Path.of("/m/a.tar (12).gz"));
    assertThat(FilePlacer.candidate(Path.of("/m/noext"), 2)).isEqualTo(Path.of("/m/noext (2)"));
    assertThat(FilePlacer.candidate(Path.of("/m/.hidden"), 1)).isEqualTo(Path.of("/m/.hidden (1)"));
  }

  @Test
  void a_move_to_another_file_system_arrives_whole_and_leaves_no_temp_file() throws Exception {
    otherFileSystem = Files.createTempDirectory(Path.of("/dev/shm"), "mediaflow-placer-");
    Path source = Files.write(dir.resolve("a.bin"), new byte[1 << 20]);

    Path placed =
        FilePlacer.place(Mode.MOVE, source, otherFileSystem.resolve("a.bin"), Conflict.FAIL, "p");

    assertThat(placed).isEqualTo(otherFileSystem.resolve("a.bin"));
    assertThat(Files.size(placed)).isEqualTo(1 << 20);
    assertThat(source).doesNotExist();
    assertThat(otherFileSystem.toFile().list()).containsExactly("a.bin");
  }

  @Test
  void across_file_systems_a_taken_name_is_still_never_replaced() throws Exception {
    otherFileSystem = Files.createTempDirectory(Path.of("/dev/shm"), "mediaflow-placer-");
    Path taken = Files.writeString(otherFileSystem.resolve("a.txt"), "taken");
    Path source = Files.writeString(dir.resolve("a.txt"), "new");

    assertThatThrownBy(() -> FilePlacer.place(Mode.MOVE, source, taken, Conflict.FAIL, "p"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(OrganiseErrors.DESTINATION_EXISTS));
    Path suffixed = FilePlacer.place(Mode.COPY, source, taken, Conflict.SUFFIX, "p");
    Path replaced = FilePlacer.place(Mode.MOVE, source, taken, Conflict.OVERWRITE, "p");

    assertThat(suffixed).isEqualTo(otherFileSystem.resolve("a (1).txt"));
    assertThat(Files.readString(suffixed)).isEqualTo("new");
    assertThat(replaced).isEqualTo(taken);
    assertThat(Files.readString(taken)).isEqualTo("new");
    assertThat(source).doesNotExist();
    assertThat(otherFileSystem.toFile().list()).containsExactlyInAnyOrder("a.txt", "a (1).txt");
  }

  @Test
  void a_move_cut_short_after_its_link_finishes_when_run_again() throws Exception {
    Path source = Files.writeString(dir.resolve("a.txt"), "audio");
    Path target = dir.resolve("b.txt");
    Files.createLink(target, source); // the crash came before the old name was removed

    Path placed = FilePlacer.place(Mode.MOVE, source, target, Conflict.FAIL, "p");

    assertThat(placed).isEqualTo(target);
    assertThat(source).doesNotExist();
    assertThat(Files.readString(target)).isEqualTo("audio");
  }

  @Test
  void suffix_gives_up_after_999_with_what_to_do() throws Exception {
    Path source = Files.writeString(dir.resolve("src.txt"), "x");
    Path folder = Files.createDirectories(dir.resolve("full"));
    for (int n = 0; n <= FilePlacer.MAX_SUFFIX; n++) {
      Files.writeString(FilePlacer.candidate(folder.resolve("a.txt"), n), "taken");
    }

    for (boolean plan : List.of(false, true)) {
      assertThatThrownBy(
              () -> {
                if (plan) {
                  FilePlacer.plan(
                      Mode.COPY, source, folder.resolve("a.txt"), Conflict.SUFFIX, "p.d");
                } else {
                  FilePlacer.place(
                      Mode.COPY, source, folder.resolve("a.txt"), Conflict.SUFFIX, "p.d");
                }
              })
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(OrganiseErrors.NO_FREE_NAME);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "ORGANISE_NO_FREE_NAME: p.d: "
                            + folder.resolve("a.txt")
                            + " and every name up to a (999).txt are taken (clean up the folder,"
                            + " or choose another destination)");
              });
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.count()).as("no temp file left").isEqualTo(1000);
    }
  }

  @RepeatedTest(3)
  void eight_copies_racing_for_one_name_each_get_their_own_file() throws Exception {
    int threads = 8;
    Path target = dir.resolve("out/a.txt");
    Files.createDirectories(target.getParent());
    List<Path> sources = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      sources.add(Files.writeString(dir.resolve("src" + t + ".txt"), "copy " + t));
    }
    List<Path> placed = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Path source = sources.get(t);
      Mode mode = t % 2 == 0 ? Mode.COPY : Mode.MOVE;
      Thread thread =
          new Thread(
              () -> {
                try {
                  barrier.await(30, TimeUnit.SECONDS);
                  placed.add(FilePlacer.place(mode, source, target, Conflict.SUFFIX, "p"));
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      thread.start();
      racers.add(thread);
    }
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(errors).isEmpty();
    assertThat(placed).doesNotHaveDuplicates().hasSize(threads);
    List<String> contents = new ArrayList<>();
    for (Path p : placed) {
      contents.add(Files.readString(p));
    }
    assertThat(contents)
        .containsExactlyInAnyOrder(
            "copy 0", "copy 1", "copy 2", "copy 3", "copy 4", "copy 5", "copy 6", "copy 7");
    assertThat(target.getParent().toFile().list()).hasSize(threads);
  }
}
