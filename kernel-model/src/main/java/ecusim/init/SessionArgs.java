package ecusim.init;

/** Genode session arguments, e.g. {@code ram_quota=8K, label="config"}: the parts init acts upon. */
public record SessionArgs(long ramQuota, String label) {
    /** Parses {@code key=value} pairs separated by commas; unknown keys are ignored; null when malformed. */
    public static SessionArgs parse(String args) {
        long quota = 0;
        String label = "";
        for (String part : args.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) return null;
            String key = p.substring(0, eq).strip(), value = p.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            switch (key) {
                case "ram_quota" -> {
                    var q = ecusim.config.Sizes.parse(value);
                    if (q.isEmpty()) return null;
                    quota = q.getAsLong();
                }
                case "label" -> label = value;
                default -> { }
            }
        }
        return new SessionArgs(quota, label);
    }
}
