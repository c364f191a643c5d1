package io.mediaflow.api.plan;

import io.mediaflow.api.media.StreamType;

/**
 * One track an output gets.
 *
 * @param type video, audio or subtitle
 * @param source a graph label ({@code small_v}) when filtered, otherwise an input stream specifier
 *     ({@code 0:a:0}, or {@code 0:a?} for every audio track)
 * @param codec the codec to encode with ({@code h264}, {@code aac}), or {@code copy}
 * @param filtered whether {@code source} is a graph label
 */
public record OutputStream(StreamType type, String source, String codec, boolean filtered) {}
