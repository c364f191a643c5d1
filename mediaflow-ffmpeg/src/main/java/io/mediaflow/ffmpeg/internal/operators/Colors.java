package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Colors as FFmpeg's filters take them: one of the names FFmpeg knows ({@code ffmpeg -colors}),
 * case-insensitive, or {@code #RRGGBB}. A name FFmpeg does not know would fail only when the run
 * starts, so names are checked against its list here.
 */
final class Colors {

  private static final Set<String> NAMES =
      Set.of(
          ("aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue"
                  + " blueviolet brown burlywood cadetblue chartreuse chocolate coral"
                  + " cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod"
                  + " darkgray darkgreen darkkhaki darkmagenta darkolivegreen darkorange"
                  + " darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray"
                  + " darkturquoise darkviolet deeppink deepskyblue dimgray dodgerblue firebrick"
                  + " floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray"
                  + " green greenyellow honeydew hotpink indianred indigo ivory khaki lavender"
                  + " lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan"
                  + " lightgoldenrodyellow lightgreen lightgrey lightpink lightsalmon"
                  + " lightseagreen lightskyblue lightslategray lightsteelblue lightyellow lime"
                  + " limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid"
                  + " mediumpurple mediumseagreen mediumslateblue mediumspringgreen"
                  + " mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin"
                  + " navajowhite navy oldlace olive olivedrab orange orangered orchid"
                  + " palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff"
                  + " peru pink plum powderblue purple red rosybrown royalblue saddlebrown salmon"
                  + " sandybrown seagreen seashell sienna silver skyblue slateblue slategray snow"
                  + " springgreen steelblue tan teal thistle tomato turquoise violet wheat white"
                  + " whitesmoke yellow yellowgreen")
              .split(" "));

  private Colors() {}

  /** Empty when {@code text} is a color FFmpeg takes, otherwise what is wrong. */
  static Optional<String> problem(String text) {
    if (text.length() == 7 && text.charAt(0) == '#' && isHex(text.substring(1))) {
      return Optional.empty();
    }
    if (NAMES.contains(text.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(
        "must be a color name FFmpeg knows (such as white, black, red, navy) or #RRGGBB but was "
            + ParamType.describe(text));
  }

  /** A color parameter with a default. */
  static ParamSpec param(String name, String defaultColor, String about) {
    return ParamSpec.builder(name, ParamType.STRING)
        .defaultValue(defaultColor)
        .check(v -> problem((String) v))
        .description(about + ": a color name (white, black, red, ...) or #RRGGBB")
        .build();
  }

  private static boolean isHex(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
