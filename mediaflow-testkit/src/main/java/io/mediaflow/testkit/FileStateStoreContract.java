package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.FileStateArguments;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.SeenFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The {@link FileStateStore} contract: a version of a file (path, size, modification time to the
 * nanosecond) is claimed once under a watch, a new version once more; watches are independent; a
 * batch claims only its new versions; of sixteen threads claiming the same 500 files each file is
 * claimed exactly once; {@code claimed} pages by path in code-point order; {@code forgetMissing}
 * and {@code forget} drop state so a file that comes back is new; and the errors for bad arguments.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class FileStateStoreContract extends StorageContractSupport {

  /** Not whole microseconds: file systems keep nanoseconds, and so must the store. */
  private static final Instant MODIFIED = T0.plusNanos(123_456_789);

  private FileStateStore files() {
    return storage.files();
  }

  private static SeenFile file(String path, long size) {
    return new SeenFile(path, size, MODIFIED);
  }

  // ---- claim ----

  @Test
  void a_version_is_claimed_once() {
    SeenFile movie = file("/in/movie.mkv", 1000);

    assertThat(files().claim("w", List.of(movie), at(1))).containsExactly(movie);
    assertThat(files().claim("w", List.of(movie), at(2))).isEmpty();
    assertThat(files().claim("w", List.of(file("/in/movie.mkv", 1000)), at(3))).isEmpty();
    assertThat(files().claimed("w", 0, 10)).containsExactly(movie);
  }

  @Test
  void a_new_version_of_a_path_is_claimed_once_and_replaces_the_old() {
    SeenFile first = file("/in/a.mkv", 10);
    SeenFile bigger = file("/in/a.mkv", 11);
    SeenFile touched = new SeenFile("/in/a.mkv", 11, MODIFIED.plusNanos(1));
    files().claim("w", List.of(first), at(1));

    assertThat(files().claim("w", List.of(bigger), at(2))).containsExactly(bigger);
    assertThat(files().claim("w", List.of(bigger), at(3))).isEmpty();
    assertThat(files().claim("w", List.of(touched), at(4))).containsExactly(touched);
    assertThat(files().claim("w", List.of(touched), at(5))).isEmpty();
    assertThat(files().claim("w", List.of(first), at(6)))
        .as("an older version is another version too")
        .containsExactly(first);
    assertThat(files().claimed("w", 0, 10)).containsExactly(first);
  }

  @Test
  void watches_are_independent() {
    SeenFile movie = file("/share/movie.mkv", 5);

    assertThat(files().claim("a", List.of(movie), at(1))).containsExactly(movie);
    assertThat(files().claim("b", List.of(movie), at(1))).containsExactly(movie);
    assertThat(files().claim("a", List.of(movie), at(2))).isEmpty();
    assertThat(files().forget("a")).isEqualTo(1);
    assertThat(files().claimed("b", 0, 10)).containsExactly(movie);
    assertThat(files().claim("b", List.of(movie), at(3))).isEmpty();
  }

  @Test
  void a_batch_claims_only_its_new_versions() {
    SeenFile a = file("/in/a", 1);
    SeenFile b = file("/in/b", 2);
    SeenFile c = file("/in/c", 3);
    files().claim("w", List.of(a, b), at(1));
    SeenFile b2 = file("/in/b", 20);
    SeenFile zero = new SeenFile("/in/empty", 0, T0);

    assertThat(files().claim("w", List.of(a, b2, c, zero), at(2)))
        .containsExactlyInAnyOrder(b2, c, zero);
    assertThat(files().claim("w", List.of(), at(3))).isEmpty();
    assertThat(files().claimed("w", 0, 10)).containsExactly(a, b2, c, zero);
  }

  @Test
  void a_large_batch_is_claimed_in_one_call() {
    List<SeenFile> many = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      many.add(file(String.format("/in/%05d.mp4", i), i));
    }

    assertThat(files().claim("w", many, at(1))).hasSize(2_500).containsAll(many);
    assertThat(files().claim("w", many, at(2))).isEmpty();
    assertThat(files().claimed("w", 2, 1_000))
        .containsExactlyElementsOf(many.subList(2_000, 2_500));
  }

  @Test
  void long_and_unusual_paths_are_kept_exactly() {
    String longest = "/" + "é".repeat(FileStateStore.MAX_PATH_LENGTH - 1);
    String emoji = "/in/🎬 «films»/naïve \"q\" \\ x.mkv";
    // a longest path that differs from another only in its last character
    String twin = "/" + "é".repeat(FileStateStore.MAX_PATH_LENGTH - 2) + "f";
    List<SeenFile> all =
        List.of(
            file(longest, 1), file(emoji, 2), file(twin, 3), file("/in/A", 4), file("/in/a", 5));

    assertThat(files().claim("w", all, at(1))).hasSize(5);
    assertThat(files().claim("w", all, at(2))).isEmpty();
    List<String> listed = paths(files().claimed("w", 0, 10));
    assertThat(listed.subList(0, 3)).containsExactly("/in/A", "/in/a", emoji);
    // MariaDB sorts on the first max_sort_length bytes only: two paths alike in their first
    // 1024 bytes may list in either order, but each is listed exactly once
    assertThat(listed.subList(3, 5)).containsExactlyInAnyOrder(twin, longest);
  }

  @Test
  void of_sixteen_threads_claiming_the_same_500_files_each_file_is_claimed_exactly_once()
      throws Exception {
    List<SeenFile> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      batch.add(file("/share/file-" + i + ".mkv", i));
    }
    Set<SeenFile> won = ConcurrentHashMap.newKeySet();
    AtomicInteger claims = new AtomicInteger();
    race(
        16,
        t -> {
          // each thread claims in an order of its own, in batches of 50
          List<SeenFile> mine = new ArrayList<>(batch);
          Collections.rotate(mine, t * 31);
          for (int from = 0; from < mine.size(); from += 50) {
            Set<SeenFile> got = files().claim("w", mine.subList(from, from + 50), at(t));
            claims.addAndGet(got.size());
            won.addAll(got);
          }
        });

    assertThat(claims).as("no file claimed twice").hasValue(500);
    assertThat(won).containsExactlyInAnyOrderElementsOf(batch);
    assertThat(files().claimed("w", 0, 1000)).hasSize(500);
  }

  // ---- claimed ----

  @Test
  void claimed_pages_by_path_from_0() {
    for (String p : List.of("/b", "/a", "/c", "/B", "/a/x", "/0")) {
      files().claim("w", List.of(file(p, 1)), at(1));
    }
    files().claim("other", List.of(file("/zz", 1)), at(1));

    assertThat(paths(files().claimed("w", 0, 100)))
        .containsExactly("/0", "/B", "/a", "/a/x", "/b", "/c");
    assertThat(paths(files().claimed("w", 0, 4))).containsExactly("/0", "/B", "/a", "/a/x");
    assertThat(paths(files().claimed("w", 1, 4))).containsExactly("/b", "/c");
    assertThat(files().claimed("w", 2, 4)).isEmpty();
    assertThat(files().claimed("w", Integer.MAX_VALUE, FileStateArguments.MAX_PAGE_SIZE)).isEmpty();
    assertThat(files().claimed("nobody", 0, 1)).isEmpty();
  }

  // ---- forget ----

  @Test
  void forget_missing_drops_the_paths_not_present_and_such_a_file_is_new_again() {
    SeenFile a = file("/in/a", 1);
    SeenFile b = file("/in/b", 2);
    SeenFile c = file("/in/c", 3);
    files().claim("w", List.of(a, b, c), at(1));
    files().claim("other", List.of(a), at(1));

    assertThat(files().forgetMissing("w", List.of("/in/b", "/in/new"))).isEqualTo(2);
    assertThat(files().claimed("w", 0, 10)).containsExactly(b);
    assertThat(files().claimed("other", 0, 10))
        .as("another watch keeps its own")
        .containsExactly(a);
    assertThat(files().forgetMissing("w", List.of("/in/b"))).isZero();
    assertThat(files().claim("w", List.of(a, b), at(2))).containsExactly(a);
    assertThat(files().forgetMissing("w", List.of())).isEqualTo(2);
    assertThat(files().claimed("w", 0, 10)).isEmpty();
  }

  @Test
  void forget_missing_with_many_present_files_keeps_them_all() {
    List<SeenFile> many = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      many.add(file("/in/" + i, i));
      if (i % 3 != 0) {
        present.add("/in/" + i);
      }
    }
    files().claim("w", many, at(1));

    assertThat(files().forgetMissing("w", present)).isEqualTo(1_000);
    assertThat(files().claimed("w", 0, 10_000)).hasSize(2_000);
  }

  @Test
  void forget_drops_everything_of_a_watch() {
    SeenFile a = file("/in/a", 1);
    files().claim("w", List.of(a, file("/in/b", 2)), at(1));
    files().claim("other", List.of(a), at(1));

    assertThat(files().forget("w")).isEqualTo(2);
    assertThat(files().forget("w")).isZero();
    assertThat(files().claimed("w", 0, 10)).isEmpty();
    assertThat(files().claim("w", List.of(a), at(2))).containsExactly(a);
    assertThat(files().claimed("other", 0, 10)).containsExactly(a);
  }

  // ---- bad arguments ----

  @Test
  void a_bad_watch_id_is_refused_naming_it() {
    String tooLong = "w".repeat(FileStateStore.MAX_WATCH_ID_LENGTH + 1);
    for (String id : List.of("", "has space", "-lead", "é", "a/b", tooLong)) {
      String shown = id.length() > 40 ? id.substring(0, 40) : id;
      assertRefused(
          ErrorCode.INVALID_VALUE,
          () -> files().claim(id, List.of(file("/a", 1)), T0),
          "watch id",
          shown);
      assertRefused(ErrorCode.INVALID_VALUE, () -> files().claimed(id, 0, 1), "watch id", shown);
      assertRefused(
          ErrorCode.INVALID_VALUE, () -> files().forgetMissing(id, List.of()), "watch id", shown);
      assertRefused(ErrorCode.INVALID_VALUE, () -> files().forget(id), "watch id", shown);
    }
    String longest = "w".repeat(FileStateStore.MAX_WATCH_ID_LENGTH);
    assertThat(files().claim(longest, List.of(file("/a", 1)), T0)).hasSize(1);
  }

  @Test
  void a_bad_path_is_refused_naming_it_and_nothing_of_the_batch_is_claimed() {
    String tooLong = "/" + "p".repeat(FileStateStore.MAX_PATH_LENGTH);
    for (String path : List.of("", tooLong, "/in/a\0b")) {
      assertRefused(
          ErrorCode.INVALID_VALUE,
          () -> files().claim("w", List.of(file("/ok", 1), file(path, 1)), T0),
          "path");
      assertRefused(
          ErrorCode.INVALID_VALUE, () -> files().forgetMissing("w", List.of(path)), "path");
    }
    assertRefused(
        ErrorCode.INVALID_VALUE,
        () -> files().claim("w", List.of(file("/ok", 1), file(tooLong, 1)), T0),
        String.valueOf(FileStateStore.MAX_PATH_LENGTH),
        String.valueOf(tooLong.length()));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        () -> files().claim("w", List.of(file("/in/x", 1), file("/in/x", 2)), T0),
        "files",
        "'/in/x'",
        "more than once");
    assertThat(files().claimed("w", 0, 10)).as("nothing claimed").isEmpty();
  }

  @Test
  void a_bad_page_is_refused_naming_it() {
    assertRefused(ErrorCode.OUT_OF_RANGE, () -> files().claimed("w", -1, 10), "page", "-1");
    for (int size : new int[] {0, -5, FileStateArguments.MAX_PAGE_SIZE + 1}) {
      assertRefused(
          ErrorCode.OUT_OF_RANGE,
          () -> files().claimed("w", 0, size),
          "size",
          String.valueOf(FileStateArguments.MAX_PAGE_SIZE),
          String.valueOf(size));
    }
  }

  @Test
  void null_arguments_are_refused() {
    List<SeenFile> one = List.of(file("/a", 1));
    List<ThrowingCallable> calls =
        List.of(
            () -> files().claim(null, one, T0),
            () -> files().claim("w", null, T0),
            () -> files().claim("w", one, null),
            () -> files().claim("w", Collections.singletonList(null), T0),
            () -> files().claimed(null, 0, 1),
            () -> files().forgetMissing(null, List.of()),
            () -> files().forgetMissing("w", null),
            () -> files().forgetMissing("w", Collections.singletonList(null)),
            () -> files().forget(null));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(NullPointerException.class);
    }
    assertThat(files().claimed("w", 0, 10)).isEmpty();
  }

  // ---- helpers ----

  private static List<String> paths(List<SeenFile> page) {
    return page.stream().map(SeenFile::path).toList();
  }
}
