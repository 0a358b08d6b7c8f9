package org.obd.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.obd.core.AtomicFiles;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.Saliencies;
import org.obd.train.loop.StepRecord;

/**
 * The plots of a run, from its step records ({@code metrics.csv}, see {@code Metrics.read}) and its
 * first-step saliencies ({@code saliencies.csv}, see {@link Saliencies#read}). Each plot is drawn
 * {@value #WIDTH}×{@value #HEIGHT} pixels, with a title, axis titles with units and a legend, and
 * written as PNG and SVG under the same base name:
 *
 * <ul>
 *   <li>{@value #OBJECTIVE_WITHOUT_RETRAINING}: the training objective {@code E} after each step
 *       vs the fraction of parameters deleted (%), one line per strategy, the sequences without
 *       retraining, step 0 (nothing deleted) included; log {@code E} axis (the OBD paper's
 *       Fig. 1a);
 *   <li>{@value #OBJECTIVE_WITH_RETRAINING}: the same for the sequences with retraining (Fig. 2);
 *   <li>{@value #PREDICTED_VS_ACTUAL}: the change of {@code E} each step's deletion was predicted
 *       to cause vs the change it caused (before any retraining), one scatter series per strategy
 *       and retraining mode ({@code obd}, {@code obd (retrained)}; a strategy's two modes share a
 *       colour, circles without and triangles with retraining), and the line {@code y = x}; both
 *       axes log. Strategies that predict no change (every {@code predictedDelta} NaN: magnitude,
 *       random) are left out; step 0, which has no deletion, too;
 *   <li>{@value #TEST_ACCURACY}: test accuracy (%) vs fraction deleted (%), one line per strategy
 *       and retraining mode (dashed with retraining), only when some record has a test accuracy
 *       (classification with a test set);
 *   <li>{@value #SALIENCY_PREFIX}{@code <strategy>}: per strategy, the distribution of its
 *       first-step saliencies over each layer's weights ({@code layerN.weight} blocks; bias blocks
 *       are left out when there are weight blocks): a histogram of {@code log10} saliency in bins a
 *       quarter of a decade wide (a decade when the saliencies span more than {@value
 *       #WIDE_SALIENCIES} decades) shared by the layers, drawn as one line per layer through the
 *       bins' centres, its height the share (%) of that layer's plotted parameters in the bin. The
 *       file name is the strategy label as {@link Experiment#fileName} makes it, e.g. {@code
 *       saliency-obd-hessian-exact}.
 * </ul>
 *
 * <p>A log axis is drawn as a linear axis of {@code log10} of the values, its ticks labelled with
 * the values themselves ({@code 0.001}, {@code 1e-7}): its ticks are spaced by the range, so that
 * any range, even hundreds of decades, is drawn quickly and legibly (see {@link Plot#logX}).
 *
 * <p>Values an axis cannot show are left out, never thrown on: NaN and infinities anywhere, and on
 * a log axis zero and negative values (a deletion that lowered {@code E}, a negative OBD saliency
 * where {@code h_kk < 0}). How many were left out is said in the plot: in the title (points, steps
 * or parameters not shown) and, for saliencies, per layer in its legend entry. A plot with nothing
 * to draw (no sequence of that retraining mode, no strategy that predicts, no test accuracy, no
 * saliencies, or every value left out) is not drawn and not written.
 *
 * <p>Drawing needs no display: this class sets {@code java.awt.headless=true} before AWT is used,
 * unless that property is already set.
 */
public final class Plots {

  static {
    Headless.ensure();
  }

  /** Width of every plot, in pixels (PNG) or SVG user units (px). */
  public static final int WIDTH = 800;

  /** Height of every plot, in pixels (PNG) or SVG user units (px). */
  public static final int HEIGHT = 600;

  /** The directory of a run's plots, relative to the run directory. */
  public static final String DIRECTORY = "plots";

  /** Base name of the plot of {@code E} vs fraction deleted without retraining. */
  public static final String OBJECTIVE_WITHOUT_RETRAINING = "objective-without-retraining";

  /** Base name of the plot of {@code E} vs fraction deleted with retraining. */
  public static final String OBJECTIVE_WITH_RETRAINING = "objective-with-retraining";

  /** Base name of the plot of predicted vs actual change of {@code E}. */
  public static final String PREDICTED_VS_ACTUAL = "predicted-vs-actual";

  /** Base name of the plot of test accuracy vs fraction deleted. */
  public static final String TEST_ACCURACY = "test-accuracy";

  /** Prefix of the base names of the saliency plots, one per strategy. */
  public static final String SALIENCY_PREFIX = "saliency-";

  /**
   * Span of a strategy's {@code log10} saliencies (decades) above which the saliency plots' bins
   * are a decade wide instead of a quarter.
   */
  public static final double WIDE_SALIENCIES = 15;

  /** Name of the reference line of {@value #PREDICTED_VS_ACTUAL}. */
  public static final String IDENTITY = "y = x";

  /** Suffix of a series of a sequence with retraining, e.g. {@code obd (retrained)}. */
  public static final String RETRAINED = " (retrained)";

  /**
   * One plot, ready to write.
   *
   * @param name the base file name, without extension
   * @param chart the chart (for inspection; {@link #write} draws it)
   * @param series the names of its series, in legend order
   * @param omitted how many values were left out because the axes cannot show them (see the class
   *     comment: points, steps or parameters, as the title says)
   * @param logX whether the x axis is logarithmic: the series' x values are then {@code log10} of
   *     the quantity, on a linear axis whose ticks are labelled with the quantity
   * @param logY the same for the y axis
   */
  public record Plot(
      String name, XYChart chart, List<String> series, int omitted, boolean logX, boolean logY) {

    /** Copies the series names. */
    public Plot {
      series = List.copyOf(series);
    }
  }

  private Plots() {}

  /**
   * The plots that have data, in the order of the class comment (saliency plots in the order the
   * strategies first appear in {@code saliencies}). Nothing is written.
   *
   * @param records a run's step records, in any order (each sequence is sorted by step)
   * @param saliencies its first-step saliencies; empty when the run has none
   */
  public static List<Plot> plots(List<StepRecord> records, List<Saliencies.Row> saliencies) {
    Headless.ensure();
    List<Plot> plots = new ArrayList<>();
    addIfAny(plots, objective(records, false));
    addIfAny(plots, objective(records, true));
    addIfAny(plots, predictedVsActual(records));
    addIfAny(plots, testAccuracy(records));
    plots.addAll(saliency(saliencies));
    return plots;
  }

  /**
   * Draws each plot into {@code dir} (created when missing, unless there is no plot) as {@code
   * <name>.png} and {@code <name>.svg}, each written atomically (a temporary file, then moved into
   * place).
   *
   * @return the files written, in order: each plot's PNG, then its SVG
   */
  public static List<Path> write(Path dir, List<Plot> plots) throws IOException {
    Headless.ensure();
    if (!plots.isEmpty()) {
      Files.createDirectories(dir);
    }
    List<Path> files = new ArrayList<>();
    for (Plot p : plots) {
      Path png = dir.resolve(p.name() + ".png");
      AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(p.chart(), BitmapEncoder.BitmapFormat.PNG));
      files.add(png);
      Path svgFile = dir.resolve(p.name() + ".svg");
      AtomicFiles.writeString(svgFile, svg(p));
      files.add(svgFile);
    }
    return files;
  }

  /**
   * Draws the plots of {@code records} and {@code saliencies} into {@code dir}: {@link #plots},
   * then {@link #write}. A run's plots go to {@code <run directory>/}{@value #DIRECTORY}.
   *
   * @return the files written (none when no plot has data)
   */
  public static List<Path> draw(
      Path dir, List<StepRecord> records, List<Saliencies.Row> saliencies) throws IOException {
    return write(dir, plots(records, saliencies));
  }

  /**
   * Draws a finished run's plots into {@code <runDir>/}{@value #DIRECTORY}, from its step records
   * and its {@code saliencies.csv} when it has one: what {@code obd run} and each run of {@code
   * obd sweep} draw.
   *
   * @return the files written
   */
  public static List<Path> drawRun(Path runDir, List<StepRecord> records) throws IOException {
    Path file = runDir.resolve(Saliencies.FILE);
    List<Saliencies.Row> saliencies = Files.exists(file) ? Saliencies.read(file) : List.of();
    return draw(runDir.resolve(DIRECTORY), records, saliencies);
  }

  // ---------------------------------------------------------------------------------------------
  // spread over runs (a sweep's seeds)

  /**
   * One line of a spread plot: a quantity's mean over several runs (e.g. the seeds of one
   * configuration of a sweep) at each x, with its sample standard deviation.
   *
   * @param name the legend entry
   * @param group which colour it takes: lines of the same group share one (e.g. a strategy's
   *     lines without and with retraining)
   * @param dashed whether the mean's line is dashed (e.g. with retraining)
   * @param x the x values, ascending
   * @param mean the mean at each x
   * @param sd the sample standard deviation at each x (0 over one run)
   * @param runs how many runs the mean is over at each x
   */
  public record Band(String name, String group, boolean dashed, double[] x, double[] mean,
      double[] sd, int[] runs) {

    /** Checks that the arrays have one entry per x. */
    public Band {
      if (mean.length != x.length || sd.length != x.length || runs.length != x.length) {
        throw new IllegalArgumentException("a band needs one mean, sd and count per x");
      }
    }
  }

  /**
   * A plot of mean ± sd bands: each band's mean as a line with markers and {@code mean − sd} and
   * {@code mean + sd} as thin dotted lines of the same colour, left out of the legend (a
   * legend entry says {@code mean ± sd over n runs}). On a log y axis the bounds at or below 0 are
   * left out (the title says how many), as every value a log axis cannot show.
   *
   * @param name the base file name
   * @param title the title
   * @param xTitle the x axis' title
   * @param yTitle the y axis' title
   * @param logY whether the y axis is logarithmic (drawn as {@link Plot#logY} says)
   * @return the plot, or null when no band has a point to draw
   */
  public static Plot spread(String name, String title, String xTitle, String yTitle, boolean logY,
      List<Band> bands) {
    Headless.ensure();
    XYChart c = chart(xTitle, yTitle, false, logY);
    Color[] palette = c.getStyler().getSeriesColors();
    List<String> groups = bands.stream().map(Band::group).distinct().toList();
    List<String> names = new ArrayList<>();
    int omitted = 0;
    int most = 0;
    for (Band b : bands) {
      Points mean = new Points();
      Points lo = new Points();
      Points hi = new Points();
      for (int i = 0; i < b.x().length; i++) {
        if (!mean.add(b.x()[i], b.mean()[i], false, logY)) {
          omitted++;
        }
        if (!lo.add(b.x()[i], b.mean()[i] - b.sd()[i], false, logY)) {
          omitted++;
        }
        hi.add(b.x()[i], b.mean()[i] + b.sd()[i], false, logY);
        most = Math.max(most, b.runs()[i]);
      }
      if (mean.isEmpty()) {
        continue;
      }
      Color colour = palette[groups.indexOf(b.group()) % palette.length];
      XYSeries s = mean.addTo(c, b.name(), XYSeriesRenderStyle.Line);
      s.setLineColor(colour);
      s.setMarkerColor(colour);
      s.setMarker(b.dashed() ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.CIRCLE);
      if (b.dashed()) {
        s.setLineStyle(SeriesLines.DASH_DASH);
      }
      names.add(s.getName());
      for (Points bound : List.of(lo, hi)) {
        if (bound.isEmpty()) {
          continue;
        }
        XYSeries e = bound.addTo(c, b.name() + " ± sd", XYSeriesRenderStyle.Line);
        e.setLineColor(colour);
        e.setMarker(SeriesMarkers.NONE);
        e.setLineStyle(SeriesLines.DOT_DOT);
        e.setLineWidth(1f);
        e.setShowInLegend(false);
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    c.setTitle(title + String.format(Locale.ROOT, " (mean ± sd over up to %d run%s)", most,
        most == 1 ? "" : "s") + notShown(omitted, "value", "≤ 0 or not finite"));
    return new Plot(name, c, names, omitted, false, logY);
  }

  /**
   * The SVG text of a plot. The encoder draws text as glyph outlines, so the chart's title, axis
   * titles and legend entries are added as text too: the title as the root's {@code <title>}, the
   * rest in its {@code <desc>}, one per line ({@code x axis: …}, {@code y axis: …}, {@code
   * series: …}), for search and screen readers. The DOCTYPE is dropped (SVG 2 has none, and it
   * would send XML tools to the network for the SVG 1.1 DTD).
   */
  static String svg(Plot p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(
        p.chart(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    String svg = out.toString(StandardCharsets.UTF_8).replaceFirst("<!DOCTYPE[^>]*>\\R?", "");
    int root = svg.indexOf("<svg");
    int end = root < 0 ? -1 : svg.indexOf('>', root);
    if (end < 0) {
      throw new IllegalStateException("the SVG encoder wrote no <svg> element for " + p.name());
    }
    StringBuilder text = new StringBuilder("\n  <title>").append(xml(p.chart().getTitle()))
        .append("</title>\n  <desc>\nx axis: ").append(xml(p.chart().getXAxisTitle()))
        .append("\ny axis: ").append(xml(p.chart().getYAxisTitle()));
    for (String s : p.series()) {
      text.append("\nseries: ").append(xml(s));
    }
    text.append("\n</desc>");
    return svg.substring(0, end + 1) + text + svg.substring(end + 1);
  }

  /** {@code s} with XML's special characters escaped. */
  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void addIfAny(List<Plot> plots, Plot p) {
    if (p != null) {
      plots.add(p);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the plots

  /** {@code E} vs % deleted for one retraining mode, or null without data. */
  static Plot objective(List<StepRecord> records, boolean retrained) {
    Map<String, List<StepRecord>> sequences = new LinkedHashMap<>();
    for (StepRecord r : records) {
      if (r.retrained() == retrained) {
        sequences.computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r);
      }
    }
    XYChart c = chart("fraction deleted (%)", "training objective E (log scale)", false, true);
    Colours colours = new Colours(c, records);
    int omitted = 0;
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<StepRecord>> e : sequences.entrySet()) {
      Points p = new Points();
      for (StepRecord r : bySteps(e.getValue())) {
        if (!p.add(100 * r.fractionDeleted(), r.trainObjective(), false, true)) {
          omitted++;
        }
      }
      if (!p.isEmpty()) {
        XYSeries s = p.addTo(c, e.getKey(), XYSeriesRenderStyle.Line);
        colours.paint(s, e.getKey());
        names.add(s.getName());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    c.setTitle("Training objective E, " + (retrained ? "with" : "without")
        + " retraining" + notShown(omitted, "point", "E ≤ 0 or not finite"));
    return new Plot(retrained ? OBJECTIVE_WITH_RETRAINING : OBJECTIVE_WITHOUT_RETRAINING, c,
        names, omitted, false, true);
  }

  /** Predicted vs actual {@code ΔE} per step, or null without data. */
  static Plot predictedVsActual(List<StepRecord> records) {
    Set<String> predicting = new HashSet<>();
    for (StepRecord r : records) {
      if (r.step() > 0 && !Double.isNaN(r.predictedDelta())) {
        predicting.add(r.strategy());
      }
    }
    Map<String, List<StepRecord>> sequences = new LinkedHashMap<>();
    for (StepRecord r : records) {
      if (r.step() > 0 && predicting.contains(r.strategy())) {
        sequences.computeIfAbsent(seriesName(r), k -> new ArrayList<>()).add(r);
      }
    }
    XYChart c = chart("actual ΔE (change of the training objective E, log scale)",
        "predicted ΔE (log scale)", true, true);
    Colours colours = new Colours(c, records);
    int omitted = 0;
    int total = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<StepRecord>> e : sequences.entrySet()) {
      Points p = new Points();
      StepRecord first = e.getValue().get(0);
      for (StepRecord r : bySteps(e.getValue())) {
        total++;
        if (!p.add(r.actualDelta(), r.predictedDelta(), true, true)) {
          omitted++;
        }
      }
      if (p.isEmpty()) {
        continue;
      }
      for (int i = 0; i < p.x.size(); i++) {
        lo = Math.min(lo, Math.min(p.x.get(i), p.y.get(i)));
        hi = Math.max(hi, Math.max(p.x.get(i), p.y.get(i)));
      }
      XYSeries s = p.addTo(c, e.getKey(), XYSeriesRenderStyle.Scatter);
      colours.paint(s, first.strategy());
      s.setMarker(marker(first.retrained()));
      names.add(s.getName());
    }
    if (names.isEmpty()) {
      return null;
    }
    XYSeries identity =
        c.addSeries(unique(c, IDENTITY), new double[] {lo, hi}, new double[] {lo, hi});
    identity.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    identity.setMarker(SeriesMarkers.NONE);
    identity.setLineColor(Color.DARK_GRAY);
    identity.setLineStyle(SeriesLines.DASH_DASH);
    names.add(identity.getName());
    c.setTitle("Predicted vs actual ΔE per prune step"
        + (omitted == 0 ? "" : String.format(Locale.ROOT,
            " (%d of %d steps not shown: ΔE ≤ 0 or NaN)", omitted, total)));
    return new Plot(PREDICTED_VS_ACTUAL, c, names, omitted, true, true);
  }

  /** Test accuracy vs % deleted, or null when no record has a test accuracy. */
  static Plot testAccuracy(List<StepRecord> records) {
    if (records.stream().noneMatch(r -> Double.isFinite(r.testAccuracy()))) {
      return null;
    }
    Map<String, List<StepRecord>> sequences = new LinkedHashMap<>();
    for (StepRecord r : records) {
      sequences.computeIfAbsent(seriesName(r), k -> new ArrayList<>()).add(r);
    }
    XYChart c = chart("fraction deleted (%)", "test accuracy (%)", false, false);
    Colours colours = new Colours(c, records);
    int omitted = 0;
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<StepRecord>> e : sequences.entrySet()) {
      Points p = new Points();
      StepRecord first = e.getValue().get(0);
      for (StepRecord r : bySteps(e.getValue())) {
        if (!p.add(100 * r.fractionDeleted(), 100 * r.testAccuracy(), false, false)) {
          omitted++;
        }
      }
      if (p.isEmpty()) {
        continue;
      }
      XYSeries s = p.addTo(c, e.getKey(), XYSeriesRenderStyle.Line);
      colours.paint(s, first.strategy());
      s.setMarker(marker(first.retrained()));
      if (first.retrained()) {
        s.setLineStyle(SeriesLines.DASH_DASH);
      }
      names.add(s.getName());
    }
    c.setTitle("Test accuracy vs fraction deleted"
        + notShown(omitted, "point", "accuracy not finite"));
    return new Plot(TEST_ACCURACY, c, names, omitted, false, false);
  }

  /** One saliency plot per strategy with at least one positive, finite saliency. */
  static List<Plot> saliency(List<Saliencies.Row> rows) {
    Map<String, Map<String, List<Double>>> byStrategy = new LinkedHashMap<>();
    for (Saliencies.Row r : rows) {
      byStrategy.computeIfAbsent(r.strategy(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.block(), k -> new ArrayList<>()).add(r.saliency());
    }
    List<Plot> plots = new ArrayList<>();
    Set<String> fileNames = new HashSet<>();
    for (Map.Entry<String, Map<String, List<Double>>> e : byStrategy.entrySet()) {
      Map<String, List<Double>> blocks = new LinkedHashMap<>();
      e.getValue().forEach((b, v) -> {
        if (b.endsWith(".weight")) {
          blocks.put(b, v);
        }
      });
      if (blocks.isEmpty()) {
        blocks.putAll(e.getValue());
      }
      Plot p = saliency(e.getKey(), blocks);
      if (p != null) {
        String name = p.name();
        for (int k = 2; !fileNames.add(name); k++) {
          name = p.name() + "-" + k;
        }
        plots.add(name.equals(p.name()) ? p : new Plot(name, p.chart(), p.series(), p.omitted(), true, false));
      }
    }
    return plots;
  }

  private static Plot saliency(String strategy, Map<String, List<Double>> blocks) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Double> values : blocks.values()) {
      for (double v : values) {
        if (Double.isFinite(v) && v > 0) {
          double l = Math.log10(v);
          lo = Math.min(lo, l);
          hi = Math.max(hi, l);
        }
      }
    }
    if (lo > hi) {
      return null;
    }
    double width = hi - lo > WIDE_SALIENCIES ? 1 : 0.25;
    lo = Math.floor(lo / width) * width;
    int bins = (int) Math.floor((hi - lo) / width) + 1; // [lo, lo + bins * width) holds hi
    double[] centres = new double[bins];
    for (int b = 0; b < bins; b++) {
      centres[b] = lo + (b + 0.5) * width;
    }
    XYChart c = chart("saliency (the strategy's units, log scale; OBD: predicted rise of E)",
        "share of the layer's plotted parameters (%)", true, false);
    c.getStyler().setXAxisMin(lo).setXAxisMax(lo + bins * width);
    int omitted = 0;
    int total = 0;
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : blocks.entrySet()) {
      double[] counts = new double[bins];
      int shown = 0;
      int bad = 0;
      for (double v : e.getValue()) {
        total++;
        if (!(Double.isFinite(v) && v > 0)) {
          bad++;
          continue;
        }
        int b = (int) Math.floor((Math.log10(v) - lo) / width);
        counts[Math.max(0, Math.min(bins - 1, b))]++;
        shown++;
      }
      omitted += bad;
      if (shown == 0) {
        continue;
      }
      for (int b = 0; b < bins; b++) {
        counts[b] = 100 * counts[b] / shown;
      }
      String name = e.getKey() + " (" + e.getValue().size() + " parameters"
          + (bad == 0 ? "" : ", " + bad + " ≤ 0 or NaN not shown") + ")";
      XYSeries s = c.addSeries(unique(c, name), centres.clone(), counts);
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      names.add(s.getName());
    }
    c.setTitle(strategy + ": first-step saliency per layer"
        + (omitted == 0 ? "" : String.format(Locale.ROOT,
            " (%d of %d ≤ 0 or NaN, not shown)", omitted, total)));
    return new Plot(
        SALIENCY_PREFIX + Experiment.fileName(strategy), c, names, omitted, true, false);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /**
   * A chart of the common size and style, its title set later. A log axis is a linear axis of
   * {@code log10} values whose ticks are labelled with the values ({@link #tickLabel}): XChart's
   * own log axes label and grid every decade, which for a range of hundreds of decades (a
   * saliency of 1e-300) takes seconds and draws an unreadable axis.
   */
  private static XYChart chart(String xTitle, String yTitle, boolean logX, boolean logY) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    if (logX) {
      c.setCustomXAxisTickLabelsFormatter(Plots::tickLabel);
    }
    if (logY) {
      c.setCustomYAxisTickLabelsFormatter(Plots::tickLabel);
    }
    XYStyler s = c.getStyler();
    // below the plot, one entry a line: long labels keep the plot's width
    s.setLegendPosition(LegendPosition.OutsideS);
    s.setLegendLayout(LegendLayout.Vertical);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setMarkerSize(6);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendBorderColor(Color.LIGHT_GRAY);
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    return c;
  }

  /**
   * The label of a log axis' tick at {@code log10} value {@code v}: {@code 10^v} to three
   * significant digits, plain from 1e-4 to 1e4 ({@code 0.001}, {@code 0.00316}, {@code 251}),
   * otherwise as mantissa and exponent ({@code 1e-7}, {@code 3.16e12}); computed from {@code v},
   * so that ticks beyond the range of a double ({@code 1e400}) are labelled too.
   */
  static String tickLabel(double v) {
    if (!Double.isFinite(v)) {
      return "";
    }
    double e = Math.floor(v + 1e-9);
    // three significant digits: ticks over a narrow range (1.6, 1.65, 1.7) stay distinct
    double m = Math.round(100 * Math.pow(10, v - e)) / 100.0; // in [1, 10]
    if (m >= 10) {
      m = 1;
      e++;
    }
    if (e >= -4 && e <= 4) {
      return new BigDecimal(Double.toString(m)).scaleByPowerOfTen((int) e).stripTrailingZeros()
          .toPlainString();
    }
    return new BigDecimal(Double.toString(m)).stripTrailingZeros().toPlainString() + "e"
        + (long) e;
  }

  /** The series name of a record's sequence: its label, plus {@link #RETRAINED} with retraining. */
  static String seriesName(StepRecord r) {
    return r.strategy() + (r.retrained() ? RETRAINED : "");
  }

  private static List<StepRecord> bySteps(List<StepRecord> records) {
    return records.stream().sorted(Comparator.comparingInt(StepRecord::step)).toList();
  }

  /** {@code name}, or with {@code " #2"}, {@code " #3"}… when the chart has a series of that name. */
  private static String unique(XYChart c, String name) {
    String n = name;
    for (int k = 2; c.getSeries(n) != null; k++) {
      n = name + " #" + k;
    }
    return n;
  }

  /** {@code " (3 points not shown: why)"}, or nothing when none was left out. */
  private static String notShown(int omitted, String what, String why) {
    return omitted == 0 ? "" : String.format(Locale.ROOT, " (%d %s%s not shown: %s)", omitted, what,
        omitted == 1 ? "" : "s", why);
  }

  /**
   * One colour per strategy, the same in every plot and for both retraining modes: the theme's
   * series colours in the order the strategies first appear in the records.
   */
  private static final class Colours {
    private final Color[] palette;
    private final List<String> strategies;

    Colours(XYChart c, List<StepRecord> records) {
      palette = c.getStyler().getSeriesColors();
      strategies = records.stream().map(StepRecord::strategy).distinct().toList();
    }

    /** Sets the line and marker colour of {@code s} to the strategy's. */
    void paint(XYSeries s, String strategy) {
      Color colour = palette[Math.max(0, strategies.indexOf(strategy)) % palette.length];
      s.setLineColor(colour);
      s.setMarkerColor(colour);
    }
  }

  /** The points of one series, those the axes can show. */
  private static final class Points {
    final List<Double> x = new ArrayList<>();
    final List<Double> y = new ArrayList<>();

    /**
     * Adds (x, y) — {@code log10} of a coordinate on a log axis — when both are finite and, on a
     * log axis, positive; whether it was added.
     */
    boolean add(double px, double py, boolean logX, boolean logY) {
      if (!Double.isFinite(px) || !Double.isFinite(py) || (logX && px <= 0) || (logY && py <= 0)) {
        return false;
      }
      x.add(logX ? Math.log10(px) : px);
      y.add(logY ? Math.log10(py) : py);
      return true;
    }

    boolean isEmpty() {
      return x.isEmpty();
    }

    XYSeries addTo(XYChart c, String name, XYSeriesRenderStyle style) {
      XYSeries s = c.addSeries(unique(c, name), x, y);
      s.setXYSeriesRenderStyle(style);
      return s;
    }
  }

  /** Marker of a retraining mode (circles without, triangles with retraining). */
  static Marker marker(boolean retrained) {
    return retrained ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.CIRCLE;
  }
}
