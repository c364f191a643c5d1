package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.LibraryStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link LibraryStore} contract: tags are a set per file, changed in one step; collections hold
 * a file once, in the order added; a file's move carries its tags and memberships and replaces the
 * target's; lists are in code-point order and paged; racing writers keep one row; and the errors
 * for bad arguments, code and message.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class LibraryStoreContract extends StorageContractSupport {

  private static final String A = "/media/a.mp4";
  private static final String B = "/media/b.mp4";
  private static final String C = "/media/c.mp4";

  private LibraryStore library() {
    return storage.library();
  }

  // ---- tags ----

  @Test
  void tags_are_a_set_per_file_added_and_removed_in_one_change() {
    assertThat(library().tags(A)).isEmpty();

    assertThat(library().tag(A, List.of("podcast", "auto", "podcast"), List.of()))
        .containsExactly("auto", "podcast");
    assertThat(library().tag(A, List.of("music"), List.of("auto", "never-had")))
        .containsExactly("music", "podcast");
    assertThat(library().tag(A, List.of("music"), List.of())).containsExactly("music", "podcast");

    assertThat(library().tags(A)).containsExactly("music", "podcast");
    assertThat(library().tags(B)).isEmpty();
  }

  @Test
  void lists_are_in_code_point_order_on_every_store() {
    library()
        .tag(A, List.of("zeta", "Zeta", "éclair", "alpha", "Alpha", "10", "9", "a b"), List.of());

    // code points: digits, then upper case, then lower case, then beyond ASCII
    assertThat(library().tags(A))
        .containsExactly("10", "9", "Alpha", "Zeta", "a b", "alpha", "zeta", "éclair");
    assertThat(library().tagNames())
        .containsExactly("10", "9", "Alpha", "Zeta", "a b", "alpha", "zeta", "éclair");
  }

  @Test
  void files_tagged_are_listed_by_path_and_paged_from_0() {
    for (String file : List.of("/m/c.mp4", "/m/a.mp4", "/m/B.mp4", "/m/b.mp4", "/m/a/z.mp4")) {
      library().tag(file, List.of("podcast"), List.of());
    }
    library().tag("/m/other.mp4", List.of("music"), List.of());

    assertThat(library().filesTagged("podcast", 0, 100))
        .containsExactly("/m/B.mp4", "/m/a.mp4", "/m/a/z.mp4", "/m/b.mp4", "/m/c.mp4");
    assertThat(library().filesTagged("podcast", 0, 2)).containsExactly("/m/B.mp4", "/m/a.mp4");
    assertThat(library().filesTagged("podcast", 2, 2)).containsExactly("/m/c.mp4");
    assertThat(library().filesTagged("podcast", 3, 2)).isEmpty();
    assertThat(library().filesTagged("podcast", Integer.MAX_VALUE, LibraryStore.MAX_PAGE_SIZE))
        .isEmpty();
    assertThat(library().filesTagged("none", 0, 10)).isEmpty();
  }

  @Test
  void tag_names_list_each_tag_in_use_once() {
    library().tag(A, List.of("podcast", "music"), List.of());
    library().tag(B, List.of("podcast"), List.of());
    library().tag(C, List.of("gone"), List.of());
    library().tag(C, List.of(), List.of("gone"));

    assertThat(library().tagNames()).containsExactly("music", "podcast");
  }

  @Test
  void files_are_told_apart_by_their_whole_path_however_long() {
    String longPath = "/media/" + "d/".repeat(2040) + "x.mp4";
    assertThat(longPath).hasSizeLessThanOrEqualTo(LibraryStore.MAX_FILE_LENGTH);
    library().tag(longPath, List.of("long"), List.of());
    library().tag("/media/a", List.of("plain"), List.of());
    library().tag("/media/a ", List.of("trailing-space"), List.of());
    library().tag("/media/A", List.of("upper"), List.of());

    assertThat(library().tags(longPath)).containsExactly("long");
    assertThat(library().tags("/media/a")).containsExactly("plain");
    assertThat(library().tags("/media/a ")).containsExactly("trailing-space");
    assertThat(library().tags("/media/A")).containsExactly("upper");
    assertThat(library().filesTagged("long", 0, 10)).containsExactly(longPath);
  }

  // ---- collections ----

  @Test
  void a_collection_holds_a_file_once_in_the_order_added() {
    assertThat(library().addToCollection("Podcasts", C, at(1))).isTrue();
    assertThat(library().addToCollection("Podcasts", A, at(2))).isTrue();
    assertThat(library().addToCollection("Podcasts", B, at(2))).isTrue();
    assertThat(library().addToCollection("Podcasts", C, at(9))).isFalse();

    // by the instant added, then by path; a second add keeps the first place
    assertThat(library().collection("Podcasts", 0, 10)).containsExactly(C, A, B);
    assertThat(library().collection("Podcasts", 1, 2)).containsExactly(B);
    assertThat(library().collection("Nothing", 0, 10)).isEmpty();
  }

  @Test
  void collections_are_listed_by_name_and_per_file_and_vanish_with_their_last_member() {
    library().addToCollection("b-side", A, at(1));
    library().addToCollection("Archive", A, at(1));
    library().addToCollection("Archive", B, at(2));

    assertThat(library().collectionNames()).containsExactly("Archive", "b-side");
    assertThat(library().collectionsOf(A)).containsExactly("Archive", "b-side");
    assertThat(library().collectionsOf(C)).isEmpty();

    assertThat(library().removeFromCollection("b-side", A)).isTrue();
    assertThat(library().removeFromCollection("b-side", A)).isFalse();
    assertThat(library().removeFromCollection("never", A)).isFalse();
    assertThat(library().collectionNames()).containsExactly("Archive");
    assertThat(library().collectionsOf(A)).containsExactly("Archive");
  }

  // ---- files that move, are copied, are deleted ----

  @Test
  void a_move_carries_tags_and_memberships_and_replaces_what_the_target_had() {
    library().tag(A, List.of("podcast", "long"), List.of());
    library().addToCollection("Archive", B, at(1));
    library().addToCollection("Archive", A, at(2));
    library().addToCollection("Archive", C, at(3));
    library().tag(C, List.of("overwritten"), List.of());
    library().addToCollection("Old", C, at(4));

    library().moveFile(A, C);

    assertThat(library().tags(A)).isEmpty();
    assertThat(library().tags(C)).containsExactly("long", "podcast");
    assertThat(library().collectionsOf(A)).isEmpty();
    assertThat(library().collectionsOf(C)).containsExactly("Archive");
    // the moved file keeps the place A had
    assertThat(library().collection("Archive", 0, 10)).containsExactly(B, C);
    assertThat(library().tagNames()).containsExactly("long", "podcast");
    assertThat(library().collectionNames()).containsExactly("Archive");
  }

  @Test
  void a_move_onto_itself_or_of_an_unknown_file_changes_nothing() {
    library().tag(A, List.of("podcast"), List.of());
    library().addToCollection("Archive", A, at(1));

    library().moveFile(A, A);
    library().moveFile("/media/unknown.mp4", B);

    assertThat(library().tags(A)).containsExactly("podcast");
    assertThat(library().collection("Archive", 0, 10)).containsExactly(A);
    assertThat(library().tags(B)).isEmpty();
  }

  @Test
  void a_copy_adds_the_tags_to_the_copy_and_leaves_memberships_with_the_original() {
    library().tag(A, List.of("podcast", "long"), List.of());
    library().tag(B, List.of("mine", "long"), List.of());
    library().addToCollection("Archive", A, at(1));

    library().copyTags(A, B);

    assertThat(library().tags(A)).containsExactly("long", "podcast");
    assertThat(library().tags(B)).containsExactly("long", "mine", "podcast");
    assertThat(library().collectionsOf(B)).isEmpty();
    assertThat(library().collection("Archive", 0, 10)).containsExactly(A);
  }

  @Test
  void a_forgotten_file_loses_its_tags_and_memberships() {
    library().tag(A, List.of("podcast"), List.of());
    library().tag(B, List.of("podcast"), List.of());
    library().addToCollection("Archive", A, at(1));

    library().forgetFile(A);
    library().forgetFile("/media/never-known.mp4");

    assertThat(library().tags(A)).isEmpty();
    assertThat(library().filesTagged("podcast", 0, 10)).containsExactly(B);
    assertThat(library().collectionNames()).isEmpty();
  }

  // ---- races ----

  @RepeatedTest(2)
  void eight_threads_adding_one_tag_and_one_member_keep_one_of_each() throws Exception {
    int threads = 8;
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    AtomicInteger added = new AtomicInteger();
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  barrier.await(60, TimeUnit.SECONDS);
                  library().tag(A, List.of("raced", "own-" + me), List.of());
                  if (library().addToCollection("Raced", A, at(me))) {
                    added.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                  barrier.reset();
                }
              });
      thread.start();
      racers.add(thread);
    }
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(120));
    }

    assertThat(errors).isEmpty();
    assertThat(added).as("one add wins").hasValue(1);
    assertThat(library().tags(A)).hasSize(threads + 1).contains("raced");
    assertThat(library().collection("Raced", 0, 10)).containsExactly(A);
  }

  // ---- bad arguments ----

  @Test
  void bad_tags_are_refused_with_what_is_wrong() {
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a tag is 1 to 128 characters but '' has 0 (give it a name such as"
            + " 'podcast')",
        () -> library().tag(A, List.of(""), List.of()));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a tag is 1 to 128 characters but '"
            + "x".repeat(40)
            + "…' has 129 (use a shorter tag)",
        () -> library().tag(A, List.of("x".repeat(129)), List.of()));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: tag 'a\nb' holds the control character U+000A at index 1 (remove line"
            + " breaks, tabs and other control characters)",
        () -> library().tag(A, List.of("a\nb"), List.of()));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: tag ' podcast' begins or ends with white space (trim it: 'podcast')",
        () -> library().tag(A, List.of(), List.of(" podcast")));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: tag 'podcast' is both added and removed (name each tag in one of the two"
            + " lists)",
        () -> library().tag(A, List.of("podcast"), List.of("podcast")));
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= LibraryStore.MAX_TAGS_PER_CHANGE; i++) {
      many.add("t" + i);
    }
    assertRefused(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: one change adds and removes at most 100 tags but this one has 101 (split"
            + " it into several changes)",
        () -> library().tag(A, many, List.of()));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a tag is 1 to 128 characters",
        () -> library().filesTagged("", 0, 10));
    assertThat(library().tags(A)).isEmpty();
  }

  @Test
  void bad_files_collections_and_pages_are_refused_with_what_is_wrong() {
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a file in the library is a path of 1 to 4096 characters but this one has"
            + " 4097 (name the file by its absolute path)",
        () -> library().tags("/" + "x".repeat(4096)));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: a file in the library is a path of 1 to 4096 characters but this one has"
            + " 0",
        () -> library().moveFile(A, ""));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: file '/a\0b' holds a U+0000 character at index 2 (no file path holds"
            + " U+0000; check where the path came from)",
        () -> library().addToCollection("Archive", "/a\0b", T0));
    assertRefused(
        ErrorCode.INVALID_VALUE,
        "INVALID_VALUE: collection name 'Archive\t' holds the control character U+0009 at index"
            + " 7",
        () -> library().addToCollection("Archive\t", A, T0));
    assertRefused(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: page must be 0 or more but was -1 (pages are numbered from 0)",
        () -> library().collection("Archive", -1, 10));
    assertRefused(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: size must be between 1 and 1000 but was 1001 (ask for at most 1000 files"
            + " per page)",
        () -> library().filesTagged("podcast", 0, 1001));
    assertRefused(
        ErrorCode.OUT_OF_RANGE,
        "OUT_OF_RANGE: size must be between 1 and 1000 but was 0",
        () -> library().collection("Archive", 0, 0));
    assertThatThrownBy(() -> library().tags(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("file");
    assertThatThrownBy(() -> library().addToCollection("Archive", A, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("now");
    assertThat(library().collectionNames()).isEmpty();
  }

  private static void assertRefused(ErrorCode code, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).startsWith(message);
            });
  }
}
