package dev.mtfengine.mtf.report;

import java.util.Locale;

/** Number formatting (Locale.ROOT, so reports are the same bytes everywhere) and XML escaping. */
final class Text {
  private Text() {}

  /** {@code value} with {@code decimals} decimals; "n/a" for NaN and infinities. */
  static String num(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "n/a";
  }

  /** As {@link #num}, with a sign. */
  static String signed(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%+." + decimals + "f", value) : "n/a";
  }

  static String meanSd(MeanSd m, int decimals, String plusMinus) {
    return num(m.mean(), decimals) + plusMinus + num(m.sd(), decimals);
  }

  /** Escapes the five XML special characters, so labels are safe in SVG and HTML text and attributes. */
  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
