package ecusim.experiment;

import ecusim.kernel.PePhase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;

/**
 * Plots of {@link DwcOverhead}: where a replicated component's time goes, phase by phase in percent (the
 * breakdown of Tokponnon and Lobelle's slides, as stacked bars, one per component and variant), and the
 * overhead of each variant against the run once. PNG and SVG.
 */
public final class DwcPlots {
    private DwcPlots() {}

    /** Writes {@code dwc-breakdown} and {@code dwc-overhead} (.png, .svg) into {@code folder}; returns the files. */
    public static List<Path> write(List<DwcOverhead.Row> rows, Path folder) throws IOException {
        List<String> labels = rows.stream()
                .map(r -> (r.component().equals(r.workload()) ? r.component() : r.workload() + "/" + r.component()) + " " + r.variant()).toList();
        CategoryChart breakdown = new CategoryChartBuilder().width(1100).height(650).title("Replication: where the time goes")
                .xAxisTitle("component and variant").yAxisTitle("share of the PEs' cycles (%)").build();
        breakdown.getStyler().setStacked(true);
        breakdown.getStyler().setXAxisLabelRotation(35);
        for (PePhase p : PePhase.values()) {
            List<Double> shares = rows.stream().map(r -> r.phasePercent().get(p.key())).toList();
            breakdown.addSeries(p.key().replace('_', ' '), labels, shares);
        }
        CategoryChart overhead = new CategoryChartBuilder().width(1100).height(650).title("Replication overhead against the run once")
                .xAxisTitle("component and variant").yAxisTitle("overhead (%)").build();
        overhead.getStyler().setXAxisLabelRotation(35);
        overhead.getStyler().setLegendVisible(false);
        overhead.addSeries("overhead", labels, rows.stream().map(DwcOverhead.Row::overheadPercent).toList());
        List<Path> files = new ArrayList<>();
        for (var chart : List.of(breakdown, overhead)) {
            String name = chart == breakdown ? "dwc-breakdown" : "dwc-overhead";
            Path png = folder.resolve(name + ".png"), svg = folder.resolve(name + ".svg");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            files.add(png);
            files.add(svg);
        }
        return files;
    }
}
