package ecusim.campaign;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A campaign's outcomes as a picture: each outcome's rate as a bar, its Wilson 95 % interval as two marks. */
public final class CampaignPlot {
    private CampaignPlot() {}

    /** The PNG bytes of the plot of {@code counts} out of {@code total} experiments. */
    public static byte[] outcomes(String campaign, Map<Outcome, Long> counts, long total) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> rates = new ArrayList<>(), lows = new ArrayList<>(), highs = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            Wilson w = Wilson.of95(counts.getOrDefault(o, 0L), total);
            names.add(o.name());
            rates.add(100 * w.rate());
            lows.add(100 * w.low());
            highs.add(100 * w.high());
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("Campaign " + campaign + ": " + total + " experiments")
                .xAxisTitle("outcome").yAxisTitle("share of the experiments (%), with the Wilson 95 % interval").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.addSeries("rate", names, rates);
        for (var interval : List.of(List.of("95 % low", lows), List.of("95 % high", highs))) {
            @SuppressWarnings("unchecked")
            CategorySeries s = chart.addSeries((String) interval.get(0), names, (List<Double>) interval.get(1));
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** The PNG bytes of an enumerated campaign's exact shares ({@code weights}: the points of each outcome) after {@code runs} runs. */
    public static byte[] shares(String campaign, Map<Outcome, Long> weights, long runs) throws IOException {
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        List<String> names = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            names.add(o.name());
            shares.add(total == 0 ? 0.0 : 100.0 * weights.getOrDefault(o, 0L) / total);
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title("Campaign " + campaign + ": every def/use class, " + runs + " runs")
                .xAxisTitle("outcome").yAxisTitle("share of the fault space covered (%), exact").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("share", names, shares);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
