package dev.mtfengine.mtf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String NASTY = "a<b & \"c\" 'd' > e";

  static String lineChart() {
    return SvgChart.line("Curves " + NASTY, "iteration", "J / J*", List.of(
        new SvgChart.Series(NASTY, new double[] {0, 10, 20}, new double[] {0.8, 0.81, 0.83}, false),
        new SvgChart.Series("two", new double[] {0, 20}, new double[] {0.79, 0.79}, true)));
  }

  static String barChart() {
    return SvgChart.bars("Bars", "J / J*", List.of(new SvgChart.Bar(NASTY, 0.82, 0.01),
        new SvgChart.Bar("b", 0.84, 0.0), new SvgChart.Bar("c", 0.80, 0.02)), 4);
  }

  static String histogram() {
    return SvgChart.histogram("Offsets", "offset", List.of(new SvgChart.Sample(NASTY, new double[] {-0.2, 0.0, 0.01, 0.14}),
        new SvgChart.Sample("b", new double[] {0.5})), 0.03,
        List.of(new SvgChart.Marker(-0.15, "box -0.15"), new SvgChart.Marker(0.15, "box 0.15")));
  }

  @Test
  void lineChartIsWellFormedWithOneLinePerSeriesAndALegend() {
    Document d = Xml.parse(lineChart());
    Element root = d.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals(SVG, root.getNamespaceURI());
    assertEquals(2, d.getElementsByTagNameNS(SVG, "polyline").getLength());
    assertEquals(3, d.getElementsByTagNameNS(SVG, "circle").getLength()); // points of the solid series only
    assertTrue(texts(d).contains(NASTY)); // escaped in the file, the original after parsing
    assertTrue(texts(d).contains("0.80"));
    assertTrue(texts(d).contains("iteration"));
  }

  @Test
  void barChartHasABarPerMethodAndErrorBarsWhereSdIsPositive() {
    Document d = Xml.parse(barChart());
    assertEquals(1 + 3, d.getElementsByTagNameNS(SVG, "rect").getLength()); // background + bars
    List<String> texts = texts(d);
    assertTrue(texts.contains("0.8200 \u00b1 0.0100"));
    assertTrue(texts.contains("0.8400 \u00b1 0.0000"));
    assertTrue(texts.stream().anyMatch(t -> t.startsWith("J / J* (axis starts at 0.7")), texts.toString());
    assertTrue(texts.contains(NASTY));
  }

  @Test
  void histogramBinsSharesAndMarksTheBox() {
    String svg = histogram();
    Document d = Xml.parse(svg);
    assertEquals(2, d.getElementsByTagNameNS(SVG, "path").getLength());
    List<String> texts = texts(d);
    assertTrue(texts.contains("box -0.15") && texts.contains("box 0.15"));
    assertTrue(texts.contains("share of values"));
    // the lone value of sample "b" makes one bin of share 1: the y axis must reach 1
    assertTrue(texts.contains("1.0"), texts.toString());
  }

  @Test
  void sameInputSameBytesInAnyLocale() {
    Locale before = Locale.getDefault();
    try {
      String line = lineChart();
      String bars = barChart();
      String hist = histogram();
      Locale.setDefault(Locale.GERMANY); // decimal comma if anything formats without Locale.ROOT
      assertEquals(line, lineChart());
      assertEquals(bars, barChart());
      assertEquals(hist, histogram());
      assertFalse(bars.contains("0,82"));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void chartsWithoutDataAreStillWellFormed() {
    Xml.parse(SvgChart.line("empty", "x", "y", List.of()));
    Xml.parse(SvgChart.bars("empty", "x", List.of(), 4));
    Xml.parse(SvgChart.histogram("empty", "x", List.of(), 0.1, List.of()));
  }

  static List<String> texts(Document d) {
    NodeList nodes = d.getElementsByTagNameNS(SVG, "text");
    return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent()).toList();
  }
}
