package ecusim.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of a checkpoint sweep in the style of seed 001: for each access pattern, the children's runtime
 * overhead against the mean frozen time of a checkpoint — one line per footprint and interval through the
 * granularities of designated dataspaces (G = 1 … 256, left to right as G grows), and write bits and full
 * copies as single points. PNG and SVG.
 */
public final class SweepPlots {
    private SweepPlots() {}

    /** Writes {@code checkpoint-PATTERN.png} and {@code .svg} into {@code folder}; returns the files. */
    public static List<Path> write(List<CheckpointSweep.Point> points, Path folder) throws IOException {
        Map<String, List<CheckpointSweep.Point>> byPattern = new LinkedHashMap<>();
        for (var p : points) byPattern.computeIfAbsent(p.config().pattern(), k -> new ArrayList<>()).add(p);
        List<Path> files = new ArrayList<>();
        for (var e : byPattern.entrySet()) {
            XYChart chart = new XYChartBuilder().width(900).height(600).title("memwalk " + e.getKey() + ": runtime overhead against checkpoint time")
                    .xAxisTitle("mean frozen time per checkpoint (us, virtual)").yAxisTitle("runtime overhead (%)").build();
            chart.getStyler().setLegendVisible(true);
            Map<String, List<CheckpointSweep.Point>> series = new LinkedHashMap<>();
            for (var p : e.getValue()) {
                var c = p.config();
                String where = c.footprintPages() + " pages, every " + c.intervalUs() / 1000 + " ms";
                String name = c.mode().equals("designated") ? "designated G=1..256, " + where : c.label() + ", " + where;
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
            }
            for (var s : series.entrySet()) {
                double[] x = s.getValue().stream().mapToDouble(CheckpointSweep.Point::meanFrozenUs).toArray();
                double[] y = s.getValue().stream().mapToDouble(CheckpointSweep.Point::overheadPercent).toArray();
                XYSeries line = chart.addSeries(s.getKey(), x, y);
                if (s.getValue().size() == 1) {
                    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    line.setMarker(s.getKey().startsWith("full") ? SeriesMarkers.SQUARE : SeriesMarkers.DIAMOND);
                }
            }
            Path png = folder.resolve("checkpoint-" + e.getKey() + ".png");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            Path svg = folder.resolve("checkpoint-" + e.getKey() + ".svg");
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            files.add(png);
            files.add(svg);
        }
        return files;
    }
}
