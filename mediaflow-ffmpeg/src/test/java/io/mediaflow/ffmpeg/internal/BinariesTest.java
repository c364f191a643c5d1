package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinariesTest {

  private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

  @Test
  void accepts_51_and_newer_release_and_distribution_versions() {
    assertThat(
            Binaries.checkVersion(
                "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers",
                FFMPEG))
        .isEqualTo("5.1.9-0+deb12u1");
    assertThat(Binaries.checkVersion("ffmpeg version n6.1.1 Copyright", FFMPEG)).isEqualTo("6.1.1");
    assertThat(Binaries.checkVersion("ffmpeg version 7.0-static https://", FFMPEG))
        .isEqualTo("7.0-static");
  }

  @Test
  void accepts_a_development_build_it_cannot_date() {
    assertThat(Binaries.checkVersion("ffmpeg version N-112233-gabcdef Copyright", FFMPEG))
        .isEqualTo("N-112233-gabcdef");
  }

  @Test
  void rejects_ffmpeg_older_than_51_with_how_to_install() {
    assertThatThrownBy(() -> Binaries.checkVersion("ffmpeg version 4.4.2-0ubuntu0.22.04.1", FFMPEG))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e -> {
              MediaFlowException m = (MediaFlowException) e;
              assertThat(m.code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND);
              assertThat(m.detail()).contains("4.4.2", "5.1", "/usr/bin/ffmpeg");
              assertThat(m.suggestion())
                  .contains("apt-get install -y ffmpeg", "MEDIAFLOW_FFMPEG_HOME");
            });
  }

  @Test
  void reports_a_missing_program_with_the_folders_searched(@TempDir Path empty) {
    assertThatThrownBy(() -> Binaries.locate(null, null, Map.of("PATH", empty.toString())))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.BINARY_NOT_FOUND))
        .hasMessageContaining("ffmpeg was not found")
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("apt-get install -y ffmpeg");
  }

  @Test
  void reports_a_home_folder_without_the_programs(@TempDir Path empty) {
    assertThatThrownBy(
            () -> Binaries.locate(null, null, Map.of("MEDIAFLOW_FFMPEG_HOME", empty.toString())))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("MEDIAFLOW_FFMPEG_HOME is \"" + empty + "\"");
  }

  @Test
  void reports_an_explicit_path_that_is_not_a_program(@TempDir Path dir) {
    Path missing = dir.resolve("ffmpeg");

    assertThatThrownBy(() -> Binaries.locate(missing, null, Map.of()))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not an executable file");
  }
}
