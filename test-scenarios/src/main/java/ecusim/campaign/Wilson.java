package ecusim.campaign;

/** The Wilson score interval of a binomial proportion, as campaign statistics report rates. */
public record Wilson(double rate, double low, double high) {
    private static final double Z95 = 1.959963984540054;

    /** The 95 % interval for {@code k} of {@code n}. */
    public static Wilson of95(long k, long n) {
        if (n <= 0 || k < 0 || k > n) throw new IllegalArgumentException(k + " of " + n);
        double p = (double) k / n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Wilson(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
