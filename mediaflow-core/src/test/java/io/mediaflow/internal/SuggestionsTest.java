package io.mediaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one did-you-mean rule that field names, stream types, operators and ids share. */
class SuggestionsTest {

  private static final List<String> CODEC =
      List.of("video", "audio", "crf", "videoBitrate", "audioBitrate", "sampleRate", "channels");

  @Test
  void suggests_the_closest_name_within_a_third_of_the_given_length() {
    assertThat(Suggestions.closest("vidoe", CODEC)).contains("video");
    assertThat(Suggestions.closest("chanels", CODEC)).contains("channels");
    assertThat(Suggestions.closest("smapleRaet", CODEC)).contains("sampleRate");
    assertThat(Suggestions.closest("subtitles", List.of("video", "audio", "subtitle")))
        .contains("subtitle");
  }

  @Test
  void ignores_case_and_answers_in_the_known_spelling() {
    assertThat(Suggestions.closest("MAIN", List.of("main", "logo"))).contains("main");
    assertThat(Suggestions.closest("samplerate", CODEC)).contains("sampleRate");
  }

  @Test
  void suggests_what_an_abbreviation_stands_for() {
    assertThat(Suggestions.closest("src", List.of("id", "source"))).contains("source");
    assertThat(Suggestions.closest("lang", List.of("type", "language", "index")))
        .contains("language");
    assertThat(Suggestions.closest("thumb", List.of("trim", "thumbnail", "scale")))
        .contains("thumbnail");
  }

  @Test
  void a_short_name_two_edits_away_gets_no_suggestion() {
    assertThat(Suggestions.closest("xy", List.of("id", "source"))).isEmpty();
    assertThat(Suggestions.closest("abc", List.of("crf"))).isEmpty();
    // two letters are too few to stand for anything
    assertThat(Suggestions.closest("sr", List.of("source"))).isEmpty();
  }

  @Test
  void gives_nothing_when_no_known_name_is_close() {
    assertThat(Suggestions.closest("zzzzzzzz", List.of("id", "source"))).isEmpty();
    assertThat(Suggestions.closest("anything", List.of())).isEmpty();
    assertThat(Suggestions.didYouMean("zzzz", List.of("trim"))).isEmpty();
  }

  @Test
  void words_the_hint_the_same_everywhere() {
    assertThat(Suggestions.didYouMean("scael", List.of("trim", "scale")))
        .contains("did you mean 'scale'?");
  }

  @Test
  void counts_a_swap_of_neighbours_as_one_edit() {
    assertThat(Suggestions.distance("verison", "version")).isEqualTo(1);
    assertThat(Suggestions.distance("abc", "abc")).isZero();
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }
}
