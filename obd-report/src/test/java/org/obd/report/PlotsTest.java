package org.obd.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.experiment.Saliencies;
import org.obd.train.loop.StepRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The plots of a hand-made run: files, sizes, series, values left out, empty cases. */
class PlotsTest {

  @TempDir Path dir;

  private static final String EXACT = Runs.EXACT;
  private static final String EXACT_RETRAINED = EXACT + Plots.RETRAINED;

  private static Map<String, Plots.Plot> byName(List<Plots.Plot> plots) {
    return plots.stream().collect(Collectors.toMap(Plots.Plot::name, Function.identity()));
  }

  private static List<String> names(List<Plots.Plot> plots) {
    return plots.stream().map(Plots.Plot::name).toList();
  }

  @Test
  void eachPlotHasOneSeriesPerStrategyAndSaysWhatWasLeftOut() {
    List<Plots.Plot> plots = Plots.plots(Runs.records(), Runs.saliencies());
    assertEquals(List.of("objective-without-retraining", "objective-with-retraining",
        "predicted-vs-actual", "test-accuracy", "saliency-obd", "saliency-magnitude",
        "saliency-obd-hessian-exact-damping-0.1"), names(plots));
    Map<String, Plots.Plot> p = byName(plots);

    Plots.Plot without = p.get(Plots.OBJECTIVE_WITHOUT_RETRAINING);
    assertEquals(Runs.STRATEGIES, without.series());
    assertEquals(2, without.omitted(), "obd's NaN and infinite E");
    assertTrue(without.logY() && !without.logX());
    assertEquals(Math.log10(0.01), without.chart().getSeries("obd").getYData()[0], 1e-12,
        "log10 E on the log axis");
    assertEquals("Training objective E, without retraining (2 points not shown: E ≤ 0 or not"
        + " finite)", without.chart().getTitle());
    assertEquals(Runs.STEPS - 2, without.chart().getSeries("obd").getXData().length);
    assertEquals(0.0, without.chart().getSeries("magnitude").getXData()[0], "step 0 included");

    Plots.Plot with = p.get(Plots.OBJECTIVE_WITH_RETRAINING);
    assertEquals(Runs.STRATEGIES, with.series());
    assertEquals(0, with.omitted());
    assertEquals("Training objective E, with retraining", with.chart().getTitle());

    Plots.Plot pva = p.get(Plots.PREDICTED_VS_ACTUAL);
    assertEquals(List.of("obd", EXACT, "obd" + Plots.RETRAINED, EXACT_RETRAINED, Plots.IDENTITY),
        pva.series(), "magnitude predicts nothing");
    assertEquals(5, pva.omitted());
    assertTrue(pva.chart().getTitle().endsWith("(5 of 20 steps not shown: ΔE ≤ 0 or NaN)"),
        pva.chart().getTitle());
    assertTrue(pva.logX() && pva.logY());
    assertEquals(3, pva.chart().getSeries("obd").getXData().length, "steps 1, 4, 5");
    double[] identity = pva.chart().getSeries(Plots.IDENTITY).getYData();
    assertArrayEquals(identity, pva.chart().getSeries(Plots.IDENTITY).getXData());
    assertEquals(Math.log10(1e-4 * 2), identity[0], 1e-12, "the smallest value shown");
    assertEquals(Math.log10(1.5e-4 * Math.pow(2.2, 5)), identity[1], 1e-12, "the largest");

    Plots.Plot acc = p.get(Plots.TEST_ACCURACY);
    assertEquals(List.of("obd", "magnitude", EXACT, "obd (retrained)", "magnitude (retrained)",
        EXACT_RETRAINED), acc.series());
    assertEquals(0, acc.omitted());
    assertFalse(acc.logX() || acc.logY());
    assertEquals(95.0, acc.chart().getSeries("obd").getYData()[0], 1e-12, "in %");
    assertEquals(75.0, acc.chart().getSeries("obd").getXData()[Runs.STEPS - 1], 1e-12, "in %");

    Plots.Plot obd = p.get("saliency-obd");
    assertEquals(List.of("layer0.weight (200 parameters, 6 ≤ 0 or NaN not shown)",
        "layer1.weight (40 parameters, 1 ≤ 0 or NaN not shown)"), obd.series(),
        "weight blocks only; the non-positive counted per layer");
    assertEquals(7, obd.omitted());
    assertTrue(obd.logX() && !obd.logY());
    assertEquals(-6 + 0.125, obd.chart().getSeries(obd.series().get(0)).getXData()[0], 1e-12,
        "the centre of the first quarter-decade bin, in log10");
    assertEquals("obd: first-step saliency per layer (7 of 240 ≤ 0 or NaN, not shown)",
        obd.chart().getTitle());
    double[] shares = obd.chart().getSeries(obd.series().get(0)).getYData();
    assertEquals(100.0, Arrays.stream(shares).sum(), 1e-9, "shares of the layer's plotted");
    assertEquals(List.of("layer0.weight (200 parameters)", "layer1.weight (40 parameters)"),
        p.get("saliency-magnitude").series());
  }

  private static Document svg(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(file))));
  }

  @Test
  void everyPlotIsWrittenAsPngAndSvgOfThePromisedSize() throws Exception {
    Path out = dir.resolve("run").resolve(Plots.DIRECTORY);
    List<Plots.Plot> plots = Plots.plots(Runs.records(), Runs.saliencies());
    List<Path> files = Plots.write(out, plots);
    List<Path> expected = new ArrayList<>();
    for (Plots.Plot p : plots) {
      expected.add(out.resolve(p.name() + ".png"));
      expected.add(out.resolve(p.name() + ".svg"));
    }
    assertEquals(expected, files);
    try (var listing = Files.list(out)) {
      assertEquals(files.size(), listing.count(), "no temporary files left");
    }
    for (Plots.Plot p : plots) {
      BufferedImage png = ImageIO.read(out.resolve(p.name() + ".png").toFile());
      assertNotNull(png, p.name());
      assertEquals(Plots.WIDTH, png.getWidth(), p.name());
      assertEquals(Plots.HEIGHT, png.getHeight(), p.name());

      Document doc = svg(out.resolve(p.name() + ".svg"));
      Element root = doc.getDocumentElement();
      assertEquals("svg", root.getLocalName(), p.name());
      assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
      assertEquals(Plots.WIDTH + "px", root.getAttribute("width"), p.name());
      assertEquals(Plots.HEIGHT + "px", root.getAttribute("height"), p.name());
      String title = doc.getElementsByTagNameNS("*", "title").item(0).getTextContent();
      assertEquals(p.chart().getTitle(), title);
      String desc = doc.getElementsByTagNameNS("*", "desc").item(0).getTextContent();
      for (String s : p.series()) {
        assertTrue(desc.contains("\nseries: " + s + "\n"), p.name() + ": " + s);
      }
      assertTrue(desc.contains("x axis: " + p.chart().getXAxisTitle()), desc);
    }
    assertEquals("true", System.getProperty("java.awt.headless"), "set by Plots");
    assertTrue(GraphicsEnvironment.isHeadless());
  }

  @Test
  void plotsWithoutDataAreNotWritten() throws IOException {
    Path out = dir.resolve("plots");
    assertEquals(List.of(), Plots.draw(out, List.of(), List.of()));
    assertFalse(Files.exists(out), "not even the directory");

    // no retraining, regression (no accuracy), a strategy that predicts nothing
    List<StepRecord> rs = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      rs.add(Runs.record("magnitude", false, k, 0.1 * (k + 1), Double.NaN, 0.01, Double.NaN));
    }
    assertEquals(List.of(Plots.OBJECTIVE_WITHOUT_RETRAINING), names(Plots.plots(rs, List.of())));

    // every value one the axes cannot show
    List<StepRecord> bad = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      bad.add(Runs.record("obd", k == 1, k, k == 0 ? 0 : Double.NaN, -1, Double.NaN,
          Double.POSITIVE_INFINITY));
    }
    List<Saliencies.Row> rows = List.of(new Saliencies.Row("obd", "layer0.weight", 0, 0),
        new Saliencies.Row("obd", "layer0.weight", 1, -2), new Saliencies.Row("obd",
            "layer0.weight", 2, Double.NaN));
    assertEquals(List.of(), Plots.draw(out, bad, rows));
    assertFalse(Files.exists(out));
  }

  @Test
  void oddValuesAreDrawnWithoutThrowing() throws IOException {
    List<StepRecord> rs = List.of(
        // one point per plot, the same value everywhere
        Runs.record("obd", false, 0, 1, 1, 1, 1),
        Runs.record("obd", true, 1, 1, 1, 1, 1),
        // extremes
        Runs.record("magnitude", false, 0, Double.MIN_VALUE, 1e-300, 1e300, 0),
        Runs.record("magnitude", false, 1, Double.MAX_VALUE, Double.MAX_VALUE,
            Double.MIN_VALUE, Double.NEGATIVE_INFINITY));
    List<Saliencies.Row> rows = List.of(
        new Saliencies.Row("obd", "layer0.weight", 0, 1e-3),
        new Saliencies.Row("obd", "layer0.weight", 1, 1e-3),
        new Saliencies.Row("magnitude", "layer0.weight", 0, Double.MIN_VALUE),
        new Saliencies.Row("magnitude", "layer1.weight", 1, Double.MAX_VALUE),
        new Saliencies.Row("magnitude", "layer1.weight", 2, Double.POSITIVE_INFINITY));
    List<Plots.Plot> plots = Plots.plots(rs, rows);
    assertEquals(List.of("objective-without-retraining", "objective-with-retraining",
        "predicted-vs-actual", "test-accuracy", "saliency-obd", "saliency-magnitude"),
        names(plots));
    Plots.Plot mag = byName(plots).get("saliency-magnitude");
    assertEquals(1, mag.omitted());
    assertTrue(mag.chart().getSeries(mag.series().get(0)).getXData().length <= 700,
        "decade-wide bins over 600 decades");
    List<Path> files = Plots.write(dir, plots);
    assertEquals(2 * plots.size(), files.size());
    for (Path f : files) {
      assertTrue(Files.size(f) > 0, f.toString());
    }
  }

  @Test
  void logAxisTicksAreLabelledWithTheValues() {
    assertEquals("0.001", Plots.tickLabel(-3.0000000000000004));
    assertEquals("1", Plots.tickLabel(-1e-15));
    assertEquals("0.00316", Plots.tickLabel(-2.5));
    assertEquals("1.65", Plots.tickLabel(Math.log10(1.65)), "narrow ranges keep distinct labels");
    assertEquals("10000", Plots.tickLabel(4));
    assertEquals("250", Plots.tickLabel(Math.log10(250)));
    assertEquals("1e-7", Plots.tickLabel(-7));
    assertEquals("3.16e12", Plots.tickLabel(12.5));
    assertEquals("4e-5", Plots.tickLabel(Math.log10(4e-5)));
    assertEquals("1e400", Plots.tickLabel(400), "beyond the doubles");
    assertEquals("1e-400", Plots.tickLabel(-400));
    assertEquals("", Plots.tickLabel(Double.NaN));
  }

  @Test
  void strategyLabelsThatMakeTheSameFileNameGetDistinctOnes() {
    List<Saliencies.Row> rows = List.of(
        new Saliencies.Row("obd(a=b)", "layer0.weight", 0, 1),
        new Saliencies.Row("OBD a b", "layer0.weight", 0, 2));
    assertEquals(List.of("saliency-obd-a-b", "saliency-obd-a-b-2"),
        names(Plots.plots(List.of(), rows)));
  }

  @Test
  void aSpreadPlotDrawsEachMeanWithItsBoundsAndLeavesOutWhatALogAxisCannotShow() {
    double[] x = {0, 10, 20};
    Plots.Band obd = new Plots.Band("obd", "obd", false, x, new double[] {0.1, 0.2, 0.4},
        new double[] {0.01, 0.05, 0.5}, new int[] {3, 3, 2});
    Plots.Band retrained = new Plots.Band("obd (retrained)", "obd", true, x,
        new double[] {0.1, 0.12, 0.15}, new double[] {0.0, 0.01, 0.02}, new int[] {3, 3, 3});
    Plots.Band empty = new Plots.Band("none", "none", false, new double[0], new double[0],
        new double[0], new int[0]);
    Plots.Plot p = Plots.spread("spread", "Training objective", "fraction deleted (%)",
        "E (log scale)", true, List.of(obd, retrained, empty));
    assertEquals(List.of("obd", "obd (retrained)"), p.series(), "a band with no point is left out");
    assertEquals(1, p.omitted(), "obd's mean - sd at 20% is negative: not on a log axis");
    assertEquals("Training objective (mean ± sd over up to 3 runs) (1 value not shown: ≤ 0 or not"
        + " finite)", p.chart().getTitle());
    for (String bound : List.of("obd ± sd", "obd ± sd #2", "obd (retrained) ± sd",
        "obd (retrained) ± sd #2")) {
      assertFalse(p.chart().getSeries(bound).isShowInLegend(), bound + ": drawn, not in the legend");
    }
    assertEquals(2, p.chart().getSeries("obd ± sd").getYData().length, "the lower bound, less"
        + " its point at or below 0");
    assertEquals(Math.log10(0.4 + 0.5), p.chart().getSeries("obd ± sd #2").getYData()[2], 1e-12,
        "the upper bound, log10 on the log axis");
    assertEquals(p.chart().getSeries("obd").getLineColor(),
        p.chart().getSeries("obd (retrained)").getLineColor(), "one colour per group");
    assertNull(Plots.spread("none", "t", "x", "y", false, List.of(empty)), "nothing to draw");
    assertThrows(IllegalArgumentException.class, () -> new Plots.Band("b", "b", false, x,
        new double[2], new double[3], new int[3]));
  }
}
