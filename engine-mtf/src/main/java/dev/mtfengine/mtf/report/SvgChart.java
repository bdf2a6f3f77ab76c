package dev.mtfengine.mtf.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written SVG charts: lines, horizontal bars with error bars, histograms. The output depends
 * only on the input (fixed sizes, fixed colours per series index, Locale.ROOT numbers), so a
 * regenerated report differs only where the results do.
 */
public final class SvgChart {
  /** Colours by series index (Tableau 10): distinguishable, and the same series keeps its colour. */
  static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
      "#ff9da7", "#9c755f", "#bab0ac"};
  private static final int WIDTH = 760;
  private static final int TOP = 50;
  private static final double CHAR_WIDTH = 6.6; // of 12 px sans-serif, for layout only

  private SvgChart() {}

  /** A named line: points (x[i], y[i]); dashed for references. */
  public record Series(String name, double[] x, double[] y, boolean dashed) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  /** One bar: a mean with a +- sd error bar. */
  public record Bar(String label, double mean, double sd) {}

  /** Values to bin into a histogram. */
  public record Sample(String name, double[] values) {}

  /** A labelled vertical line, e.g. an edge of the exploration box. */
  public record Marker(double x, String label) {}

  static String colour(int index) {
    return COLOURS[index % COLOURS.length];
  }

  /** A line chart of several series with a legend on the right. */
  public static String line(String title, String xLabel, String yLabel, List<Series> series) {
    double[] xs = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).toArray();
    double[] ys = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).toArray();
    Axis x = Axis.covering(min(xs, 0), max(xs, 1), 7);
    Axis y = Axis.covering(min(ys, 0), max(ys, 1), 6);
    Canvas c = new Canvas(WIDTH, 420, title, legendWidth(series.stream().map(Series::name).toList()), 70);
    c.frame(x, y, xLabel, yLabel);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      StringBuilder points = new StringBuilder();
      for (int p = 0; p < s.x().length; p++) {
        points.append(p == 0 ? "" : " ").append(c.px(x, s.x()[p])).append(',').append(c.py(y, s.y()[p]));
      }
      c.out.append("<polyline fill=\"none\" stroke=\"").append(colour(i)).append("\" stroke-width=\"2\"")
          .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"").append(points).append("\"/>\n");
      if (s.x().length <= 60 && !s.dashed()) {
        for (int p = 0; p < s.x().length; p++) {
          c.out.append("<circle cx=\"").append(c.px(x, s.x()[p])).append("\" cy=\"").append(c.py(y, s.y()[p]))
              .append("\" r=\"2.5\" fill=\"").append(colour(i)).append("\"/>\n");
        }
      }
    }
    c.legend(series.stream().map(Series::name).toList(), series.stream().map(Series::dashed).toList());
    return c.close();
  }

  /**
   * A scatter of estimate against truth: each series' points (x[i], y[i]) as dots, and the dashed
   * diagonal y = x, on which a perfect estimator's points lie. Both axes cover the same range.
   */
  public static String scatter(String title, String xLabel, String yLabel, List<Series> series) {
    double[] all = series.stream().flatMapToDouble(s -> java.util.stream.DoubleStream.concat(
        java.util.Arrays.stream(s.x()), java.util.Arrays.stream(s.y()))).filter(Double::isFinite).toArray();
    Axis x = Axis.covering(min(all, 0), max(all, 1), 7);
    Axis y = Axis.covering(min(all, 0), max(all, 1), 7);
    List<String> names = new ArrayList<>(series.stream().map(Series::name).toList());
    names.add("y = x");
    Canvas c = new Canvas(WIDTH, 480, title, legendWidth(names), 70);
    c.frame(x, y, xLabel, yLabel);
    c.out.append("<polyline fill=\"none\" stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"6 4\" points=\"")
        .append(c.px(x, x.tick(0))).append(',').append(c.py(y, x.tick(0))).append(' ')
        .append(c.px(x, x.tick(x.tickCount() - 1))).append(',').append(c.py(y, x.tick(x.tickCount() - 1))).append("\"/>\n");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      for (int p = 0; p < s.x().length; p++) {
        if (Double.isFinite(s.x()[p]) && Double.isFinite(s.y()[p])) {
          c.out.append("<circle cx=\"").append(c.px(x, s.x()[p])).append("\" cy=\"").append(c.py(y, s.y()[p]))
              .append("\" r=\"3\" fill=\"").append(colour(i)).append("\" fill-opacity=\"0.75\"/>\n");
        }
      }
    }
    List<Boolean> dashed = new ArrayList<>(series.stream().map(z -> false).toList());
    dashed.add(true);
    c.legend(names, dashed);
    return c.close();
  }

  /**
   * Horizontal bars with +- sd error bars, labels on the left and "mean +- sd" on the right. The
   * axis starts just below the smallest bar (said in the axis label when it is not 0), so
   * differences of a fraction of a percent stay visible.
   */
  public static String bars(String title, String xLabel, List<Bar> bars, int decimals) {
    double lo = bars.stream().mapToDouble(b -> b.mean() - b.sd()).min().orElse(0);
    double hi = bars.stream().mapToDouble(b -> b.mean() + b.sd()).max().orElse(1);
    double pad = (hi - lo) * 0.1;
    Axis x = Axis.covering(lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad, 6);
    int labelWidth = (int) Math.min(320, 16 + CHAR_WIDTH * bars.stream().mapToInt(b -> b.label().length()).max().orElse(0));
    int rowHeight = 26;
    Canvas c = new Canvas(WIDTH, TOP + rowHeight * Math.max(1, bars.size()) + 60, title, 140, labelWidth);
    String axisLabel = x.lo() == 0 ? xLabel : xLabel + " (axis starts at " + x.label(x.lo()) + ")";
    c.frame(x, null, axisLabel, null);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double mid = TOP + rowHeight * (i + 0.5);
      String yTop = Text.num(mid - rowHeight * 0.3, 1);
      double x0 = x.map(x.lo(), c.left, c.right);
      double x1 = x.map(b.mean(), c.left, c.right);
      c.out.append("<rect x=\"").append(Text.num(x0, 1)).append("\" y=\"").append(yTop).append("\" width=\"")
          .append(Text.num(Math.max(0, x1 - x0), 1)).append("\" height=\"").append(Text.num(rowHeight * 0.6, 1))
          .append("\" fill=\"").append(colour(i)).append("\"/>\n");
      if (b.sd() > 0) {
        String l = c.px(x, b.mean() - b.sd());
        String r = c.px(x, b.mean() + b.sd());
        String m = Text.num(mid, 1);
        c.segment(l, m, r, m, "#222");
        c.segment(l, Text.num(mid - 5, 1), l, Text.num(mid + 5, 1), "#222");
        c.segment(r, Text.num(mid - 5, 1), r, Text.num(mid + 5, 1), "#222");
      }
      c.text(c.left - 6, mid + 4, "end", Text.truncate(b.label(), 48));
      c.text(c.right + 8, mid + 4, "start", Text.num(b.mean(), decimals) + " \u00b1 " + Text.num(b.sd(), decimals));
    }
    return c.close();
  }

  /**
   * Histograms of several samples on shared bins of width {@code binWidth} (aligned to multiples
   * of it; doubled until there are at most 120 bins), as outlined steps so overlapping samples
   * stay readable. The y axis is the share of each sample's values, so samples of different sizes
   * compare.
   */
  public static String histogram(String title, String xLabel, List<Sample> samples, double binWidth,
      List<Marker> markers) {
    if (!(binWidth > 0)) {
      throw new IllegalArgumentException("histogram " + title + ": bin width " + binWidth + " must be > 0");
    }
    double[] all = samples.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values())).toArray();
    double min = Math.min(min(all, 0), markers.stream().mapToDouble(Marker::x).min().orElse(0));
    double max = Math.max(max(all, 0), markers.stream().mapToDouble(Marker::x).max().orElse(0));
    double width = binWidth;
    long from;
    int bins;
    while (true) {
      from = (long) Math.floor(min / width);
      long to = Math.max(from + 1, (long) Math.ceil(max / width));
      if (max >= to * width) {
        to++; // the largest value belongs to a bin [to * w, (to + 1) * w)
      }
      bins = (int) Math.min(Integer.MAX_VALUE, to - from);
      if (bins <= 120) {
        break;
      }
      width *= 2;
    }
    double lo = from * width;
    double hi = lo + bins * width;
    List<double[]> shares = new ArrayList<>();
    double top = 0;
    for (Sample s : samples) {
      double[] share = new double[bins];
      for (double v : s.values()) {
        share[Math.min(bins - 1, Math.max(0, (int) Math.floor((v - lo) / width)))] += 1.0 / s.values().length;
      }
      for (double v : share) {
        top = Math.max(top, v);
      }
      shares.add(share);
    }
    Axis x = Axis.covering(lo, hi, 8);
    Axis y = Axis.covering(0, top > 0 ? top : 1, 5);
    Canvas c = new Canvas(WIDTH, 420, title, legendWidth(samples.stream().map(Sample::name).toList()), 70);
    c.frame(x, y, xLabel, "share of values");
    for (int i = 0; i < samples.size(); i++) {
      double[] share = shares.get(i);
      StringBuilder path = new StringBuilder("M").append(c.px(x, lo)).append(',').append(c.py(y, 0));
      for (int b = 0; b < bins; b++) {
        String h = c.py(y, share[b]);
        path.append(" L").append(c.px(x, lo + b * width)).append(',').append(h)
            .append(" L").append(c.px(x, lo + (b + 1) * width)).append(',').append(h);
      }
      path.append(" L").append(c.px(x, hi)).append(',').append(c.py(y, 0)).append(" Z");
      c.out.append("<path d=\"").append(path).append("\" fill=\"").append(colour(i))
          .append("\" fill-opacity=\"0.2\" stroke=\"").append(colour(i)).append("\" stroke-width=\"1.5\"/>\n");
    }
    for (Marker m : markers) {
      String mx = c.px(x, m.x());
      c.out.append("<line x1=\"").append(mx).append("\" y1=\"").append(TOP).append("\" x2=\"").append(mx)
          .append("\" y2=\"").append(Text.num(c.bottom, 1)).append("\" stroke=\"#222\" stroke-dasharray=\"4 3\"/>\n");
      c.text(x.map(m.x(), c.left, c.right), TOP - 4, "middle", m.label());
    }
    c.legend(samples.stream().map(Sample::name).toList(), samples.stream().map(s -> false).toList());
    return c.close();
  }

  private static int legendWidth(List<String> names) {
    return (int) Math.min(300, 40 + CHAR_WIDTH * names.stream().mapToInt(String::length).max().orElse(0));
  }

  private static double min(double[] v, double empty) {
    return java.util.Arrays.stream(v).filter(Double::isFinite).min().orElse(empty);
  }

  private static double max(double[] v, double empty) {
    return java.util.Arrays.stream(v).filter(Double::isFinite).max().orElse(empty);
  }

  /** The SVG being drawn and its plot area. */
  private static final class Canvas {
    final StringBuilder out = new StringBuilder();
    final double left;
    final double right;
    final double bottom;

    Canvas(int width, int height, String title, int rightMargin, int leftMargin) {
      left = leftMargin;
      right = width - rightMargin;
      bottom = height - 50;
      out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
          .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
          .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
      out.append("<title>").append(Text.xml(title)).append("</title>\n");
      out.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#fff\"/>\n");
      out.append("<text x=\"").append(width / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\"")
          .append(" font-weight=\"bold\">").append(Text.xml(title)).append("</text>\n");
    }

    String px(Axis x, double v) {
      return Text.num(x.map(v, left, right), 1);
    }

    String py(Axis y, double v) {
      return Text.num(y.map(v, bottom, TOP), 1);
    }

    void text(double x, double y, String anchor, String content) {
      out.append("<text x=\"").append(Text.num(x, 1)).append("\" y=\"").append(Text.num(y, 1))
          .append("\" text-anchor=\"").append(anchor).append("\">").append(Text.xml(content)).append("</text>\n");
    }

    void segment(String x1, String y1, String x2, String y2, String stroke) {
      out.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
          .append("\" y2=\"").append(y2).append("\" stroke=\"").append(stroke).append("\"/>\n");
    }

    /** Axes with ticks, grid lines and labels; {@code y} may be null (bar charts label rows instead). */
    void frame(Axis x, Axis y, String xLabel, String yLabel) {
      String b = Text.num(bottom, 1);
      for (int i = 0; i < x.tickCount(); i++) {
        String tx = px(x, x.tick(i));
        segment(tx, String.valueOf(TOP), tx, b, "#e6e6e6");
        segment(tx, b, tx, Text.num(bottom + 5, 1), "#222");
        text(x.map(x.tick(i), left, right), bottom + 18, "middle", x.label(x.tick(i)));
      }
      if (y != null) {
        for (int i = 0; i < y.tickCount(); i++) {
          String ty = py(y, y.tick(i));
          segment(Text.num(left, 1), ty, Text.num(right, 1), ty, "#e6e6e6");
          segment(Text.num(left - 5, 1), ty, Text.num(left, 1), ty, "#222");
          text(left - 8, y.map(y.tick(i), bottom, TOP) + 4, "end", y.label(y.tick(i)));
        }
        segment(Text.num(left, 1), String.valueOf(TOP), Text.num(left, 1), b, "#222");
        double mid = (TOP + bottom) / 2;
        out.append("<text x=\"16\" y=\"").append(Text.num(mid, 1)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
            .append(Text.num(mid, 1)).append(")\">").append(Text.xml(yLabel)).append("</text>\n");
      }
      segment(Text.num(left, 1), b, Text.num(right, 1), b, "#222");
      text((left + right) / 2, bottom + 38, "middle", xLabel);
    }

    void legend(List<String> names, List<Boolean> dashed) {
      double x = right + 16;
      for (int i = 0; i < names.size(); i++) {
        double y = TOP + 8 + i * 18;
        out.append("<line x1=\"").append(Text.num(x, 1)).append("\" y1=\"").append(Text.num(y, 1)).append("\" x2=\"")
            .append(Text.num(x + 18, 1)).append("\" y2=\"").append(Text.num(y, 1)).append("\" stroke=\"")
            .append(colour(i)).append("\" stroke-width=\"3\"").append(dashed.get(i) ? " stroke-dasharray=\"6 4\"" : "")
            .append("/>\n");
        text(x + 24, y + 4, "start", names.get(i));
      }
    }

    String close() {
      return out.append("</svg>\n").toString();
    }
  }
}
