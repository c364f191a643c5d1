package io.mediaflow.api.spec;

import java.util.Optional;

/**
 * How an output is encoded. Every field is optional: {@code null} means the sensible default for
 * the container (mp4/mov/mkv: h264 + aac; webm: vp9 + opus; mp3/m4a/opus: audio only; png/jpg: one
 * still image).
 *
 * @param video {@code h264}, {@code hevc}, {@code vp9}, {@code copy}, or {@code none} to drop video
 * @param audio {@code aac}, {@code mp3}, {@code opus}, {@code copy}, or {@code none} to drop audio
 * @param crf constant rate factor, 0–51 (lower is better)
 * @param videoBitrate such as {@code 2500k} or {@code 4M}
 * @param audioBitrate such as {@code 192k}
 * @param preset encoder speed preset, {@code ultrafast} … {@code veryslow}
 * @param sampleRate audio samples per second
 * @param channels audio channel count
 * @param container {@code mp4}, {@code mkv}, {@code webm}, {@code mov}, {@code mp3}, {@code m4a},
 *     {@code opus}, {@code png}, {@code jpg}, …; default from the destination's extension
 * @param hardware {@code off} (the default: software encoders), {@code auto} (a hardware encoder
 *     when this machine has one that works, else software, and software again when the device fails
 *     at run time), or the name of one hardware encoder or family ({@code h264_nvenc}, {@code
 *     nvenc}, {@code vaapi}, {@code qsv}, {@code videotoolbox}), which fails the job when it does
 *     not work
 * @param threads the threads FFmpeg may use for this output's encoders, 1–{@value #MAX_THREADS};
 *     {@code null} for the share of the CPU budget the engine admitted the run with
 */
public record CodecSpec(
    String video,
    String audio,
    Integer crf,
    String videoBitrate,
    String audioBitrate,
    String preset,
    Integer sampleRate,
    Integer channels,
    String container,
    String hardware,
    Integer threads) {

  /** The most threads an output may ask for. */
  public static final int MAX_THREADS = 64;

  /** All defaults. */
  public static final CodecSpec DEFAULT =
      new CodecSpec(null, null, null, null, null, null, null, null, null, null, null);

  /**
   * The settings without {@link #hardware} and {@link #threads}, as written before they existed.
   */
  public CodecSpec(
      String video,
      String audio,
      Integer crf,
      String videoBitrate,
      String audioBitrate,
      String preset,
      Integer sampleRate,
      Integer channels,
      String container) {
    this(
        video,
        audio,
        crf,
        videoBitrate,
        audioBitrate,
        preset,
        sampleRate,
        channels,
        container,
        null,
        null);
  }

  /** {@link #hardware}, {@code off} when not set. */
  public String hardwareOrOff() {
    return hardware == null ? "off" : hardware;
  }

  /** A copy with other codec names and container, the rest kept: what a planner resolves. */
  public CodecSpec resolved(String videoCodec, String audioCodec, String containerName) {
    return new CodecSpec(
        videoCodec,
        audioCodec,
        crf,
        videoBitrate,
        audioBitrate,
        preset,
        sampleRate,
        channels,
        containerName,
        hardware,
        threads);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> videoCodec() {
    return Optional.ofNullable(video);
  }

  public Optional<String> audioCodec() {
    return Optional.ofNullable(audio);
  }

  /** A fluent way to write a codec. */
  public static final class Builder {
    private String video;
    private String audio;
    private Integer crf;
    private String videoBitrate;
    private String audioBitrate;
    private String preset;
    private Integer sampleRate;
    private Integer channels;
    private String container;
    private String hardware;
    private Integer threads;

    private Builder() {}

    public Builder video(String codec) {
      this.video = codec;
      return this;
    }

    public Builder audio(String codec) {
      this.audio = codec;
      return this;
    }

    public Builder crf(int value) {
      this.crf = value;
      return this;
    }

    public Builder videoBitrate(String value) {
      this.videoBitrate = value;
      return this;
    }

    public Builder audioBitrate(String value) {
      this.audioBitrate = value;
      return this;
    }

    public Builder preset(String value) {
      this.preset = value;
      return this;
    }

    public Builder sampleRate(int value) {
      this.sampleRate = value;
      return this;
    }

    public Builder channels(int value) {
      this.channels = value;
      return this;
    }

    public Builder container(String value) {
      this.container = value;
      return this;
    }

    /** {@code off}, {@code auto} or a hardware encoder or family; see {@link CodecSpec}. */
    public Builder hardware(String value) {
      this.hardware = value;
      return this;
    }

    /** The threads for this output's encoders, instead of the admitted share of the CPU. */
    public Builder threads(int value) {
      this.threads = value;
      return this;
    }

    public CodecSpec build() {
      return new CodecSpec(
          video,
          audio,
          crf,
          videoBitrate,
          audioBitrate,
          preset,
          sampleRate,
          channels,
          container,
          hardware,
          threads);
    }
  }
}
