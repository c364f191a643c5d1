package io.mediaflow.api.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values of the media source SPI check what they are given. */
class MediaSourceTypesTest {

  @Test
  void an_item_id_is_a_short_safe_token_because_it_names_a_step() {
    assertThat(MediaItem.of("yt-abc_1.2", null, null))
        .isEqualTo(new MediaItem("yt-abc_1.2", "", "", null));
    assertThatThrownBy(() -> MediaItem.of("../x", "t", "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a media item id is 1 to 128 letters, digits, '.', '_' or '-' but was \"../x\"");
    assertThatThrownBy(() -> MediaItem.of("x".repeat(129), "t", "u"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_listing_wants_at_least_one_item() {
    assertThatThrownBy(() -> new MediaSource.Listing(MediaSource.Kind.CHANNEL, "u", 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1 but was 0");
  }

  @Test
  void several_sources_keep_their_order() {
    MediaSource a = named("a");
    MediaSource b = named("b");
    assertThat(MediaSources.of(b, a).sources()).containsExactly(b, a);
    assertThatThrownBy(() -> MediaSources.of(a, null)).isInstanceOf(NullPointerException.class);
  }

  private static MediaSource named(String name) {
    return new MediaSource() {
      public String name() {
        return name;
      }

      public boolean supports(String url) {
        return false;
      }

      public List<MediaItem> list(Listing listing) {
        return List.of();
      }

      public java.nio.file.Path fetch(MediaItem item, Fetch fetch) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
