package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FFmpeg demuxers that may read a job's input, and the options that hold ffprobe and ffmpeg to
 * them.
 *
 * <p>{@code -protocol_whitelist file,pipe} alone does not keep FFmpeg to the files a job names: an
 * HLS playlist, a DASH manifest or a concat list lists other local files, which are {@code file:}
 * too, and FFmpeg picks the demuxer from the content, whatever the file's name. So every input is
 * read only by a demuxer on an allowlist of plain media formats, each of which reads the one file
 * it is given and opens nothing else: {@code -format_whitelist}, which FFmpeg checks after probing
 * and before the demuxer reads anything ("Format not on whitelist"). Once probed, an input is read
 * with the probed demuxer forced ({@code -f}), so the run reads it as the probe did.
 *
 * <p>Left out on purpose: playlists and manifests ({@code hls}, {@code dash}, {@code
 * webm_dash_manifest}, {@code imf}), lists ({@code concat}), formats that run code or filter graphs
 * ({@code avisynth}, {@code vapoursynth}, {@code lavfi}), devices ({@code v4l2}, {@code x11grab},
 * …), {@code svg_pipe} (an SVG may load other files), subtitle formats (no job reads them as
 * inputs) and everything else not listed. {@code image2} reads numbered or globbed sequences
 * ({@code img%03d.png}) unless told {@code -pattern_type none}; it is therefore never in a
 * whitelist FFmpeg probes against, and only used forced, with that option, and never for a name
 * ending in {@code .y}, which it reads together with other files whatever the option ({@link
 * #opensOtherFiles}). The mov demuxer's external data references stay off ({@code enable_drefs}
 * defaults to 0 and mediaflow never sets it).
 */
final class InputFormats {

  /** The image demuxer that reads sequences unless told otherwise. */
  static final String IMAGE2 = "image2";

  /**
   * Demuxers of plain media files, by FFmpeg's first name for each ({@code mov} is {@code
   * mov,mp4,m4a,3gp,3g2,mj2}, {@code matroska} is {@code matroska,webm}).
   */
  static final List<String> ALLOWED =
      List.of(
          // video containers
          "mov",
          "matroska",
          "avi",
          "flv",
          "asf",
          "mpegts",
          "mpeg",
          "mxf",
          "nut",
          "ogg",
          "ivf",
          "dv",
          "yuv4mpegpipe",
          // raw video streams
          "h264",
          "hevc",
          "m4v",
          "mpegvideo",
          // audio
          "mp3",
          "wav",
          "w64",
          "flac",
          "aac",
          "loas",
          "ac3",
          "eac3",
          "dts",
          "truehd",
          "aiff",
          "caf",
          "amr",
          "au",
          "wv",
          "ape",
          "tta",
          "dsf",
          // single pictures, read by their content
          "png_pipe",
          "jpeg_pipe",
          "webp_pipe",
          "bmp_pipe",
          "tiff_pipe",
          "gif",
          "gif_pipe",
          "apng",
          "qoi_pipe",
          "jpegxl_pipe",
          "j2k_pipe",
          "psd_pipe",
          "dpx_pipe",
          "exr_pipe",
          "pam_pipe",
          "pbm_pipe",
          "pgm_pipe",
          "ppm_pipe",
          // a single picture read by its name: only forced, with -pattern_type none
          IMAGE2);

  /** What FFmpeg may pick from when it probes: the allowlist without {@code image2}. */
  static final String PROBE_WHITELIST =
      String.join(",", ALLOWED.stream().filter(f -> !f.equals(IMAGE2)).toList());

  /** The options that read a file as one picture with {@code image2}, never as a sequence. */
  static final List<String> SINGLE_IMAGE =
      List.of("-format_whitelist", IMAGE2, "-f", IMAGE2, "-pattern_type", "none");

  /** FFmpeg's refusal; the demuxer it found is the log prefix: {@code [hls @ 0x55…]}. */
  private static final Pattern REFUSAL =
      Pattern.compile("\\[([^\\s@\\]]+) @ (?:0x)?[0-9a-fA-F]+\\] Format not on whitelist");

  private static final Map<String, String> KNOWN =
      Map.ofEntries(
          Map.entry("hls", "an HLS playlist"),
          Map.entry("dash", "a DASH manifest"),
          Map.entry("webm_dash_manifest", "a WebM DASH manifest"),
          Map.entry("concat", "an FFmpeg concat list"),
          Map.entry("imf", "an IMF composition playlist"),
          Map.entry(IMAGE2, "an image sequence"),
          Map.entry("image2pipe", "an image sequence"),
          Map.entry("avisynth", "an AviSynth script"),
          Map.entry("vapoursynth", "a VapourSynth script"),
          Map.entry("lavfi", "a filter graph"),
          Map.entry("svg_pipe", "an SVG picture"),
          Map.entry("sdp", "a session description"),
          Map.entry("rtsp", "a network stream"),
          Map.entry("rtp", "a network stream"),
          Map.entry("ffmetadata", "an FFmpeg metadata file"));

  private InputFormats() {}

  /**
   * The ffmpeg options that go before one input's {@code -i}: its probed demuxer forced and alone
   * on the whitelist; or, when its format is unknown, not on the allowlist, or {@code image2} for a
   * name it would read with other files ({@link #opensOtherFiles}), the allowlist to probe against,
   * which refuses such a format.
   *
   * @param container the probed format, such as {@code mov,mp4,m4a,3gp,3g2,mj2}; may be empty
   * @param location the input's path
   */
  static List<String> ffmpegOptions(String container, String location) {
    Optional<String> demuxer = demuxer(container);
    if (demuxer.isEmpty() || (demuxer.get().equals(IMAGE2) && opensOtherFiles(location))) {
      return List.of("-format_whitelist", PROBE_WHITELIST);
    }
    if (demuxer.get().equals(IMAGE2)) {
      return SINGLE_IMAGE;
    }
    return List.of("-format_whitelist", demuxer.get(), "-f", demuxer.get());
  }

  /**
   * Whether {@code image2} would read other files than the one at {@code location}, even with
   * {@code -pattern_type none}: it takes a name ending in {@code .y} (in any case) for the luma
   * plane of a YUV picture and opens its other planes as {@code NAME.U} and {@code NAME.V} beside
   * it (FFmpeg's {@code split_planes}), files the job never named that may be links to anything, or
   * named pipes that block the open.
   */
  static boolean opensOtherFiles(String location) {
    // the test FFmpeg makes: the text after the last '.' of the whole path
    int dot = location.lastIndexOf('.');
    return dot >= 0 && location.substring(dot + 1).equalsIgnoreCase("y");
  }

  /** The allowed demuxer a probed format names: its first name, when it is on the allowlist. */
  static Optional<String> demuxer(String container) {
    if (container == null || container.isEmpty()) {
      return Optional.empty();
    }
    int comma = container.indexOf(',');
    String first = comma < 0 ? container : container.substring(0, comma);
    return ALLOWED.contains(first) ? Optional.of(first) : Optional.empty();
  }

  /** The demuxer FFmpeg found and refused because it is not on the whitelist, if it did. */
  static Optional<String> refused(String stderr) {
    Matcher m = REFUSAL.matcher(stderr == null ? "" : stderr);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The error for an input in a format jobs may not read.
   *
   * @param subject names the input: {@code input file /media/x.mp4}
   * @param format FFmpeg's name of the format found, such as {@code hls}
   */
  static MediaFlowException notAllowed(String subject, String format) {
    return notAllowed(
        subject, format, KNOWN.getOrDefault(format, "a format mediaflow does not read"));
  }

  /**
   * The error for an input in a format jobs may not read, saying what it is.
   *
   * @param what what the input is, such as {@code an HLS playlist}
   */
  static MediaFlowException notAllowed(String subject, String format, String what) {
    return new MediaFlowException(
        ErrorCode.INPUT_FORMAT_NOT_ALLOWED,
        subject
            + " is "
            + what
            + " (FFmpeg format '"
            + format
            + "'), whatever its name says: mediaflow reads only plain media files, never a"
            + " format that makes FFmpeg open other files or run code",
        "give the media file itself (mp4, mkv, webm, mov, mp3, wav, flac, png, jpg, …); for a"
            + " playlist, download its parts and join them first");
  }
}
