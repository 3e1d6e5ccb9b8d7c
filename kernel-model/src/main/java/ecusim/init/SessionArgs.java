package ecusim.init;

/** Genode session arguments, e.g. {@code ram_quota=8K, label="config"}: the parts init acts upon. */
record SessionArgs(long ramQuota, String label) {
    /** Parses {@code key=value} pairs separated by commas; unknown keys are ignored; null when malformed. */
    static SessionArgs parse(String args) {
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
                    Long q = parseSize(value);
                    if (q == null) return null;
                    quota = q;
                }
                case "label" -> label = value;
                default -> { }
            }
        }
        return new SessionArgs(quota, label);
    }

    private static Long parseSize(String value) {
        long multiplier = 1;
        String digits = value;
        char last = value.isEmpty() ? ' ' : Character.toUpperCase(value.charAt(value.length() - 1));
        if (last == 'K' || last == 'M') {
            multiplier = last == 'K' ? 1024 : 1024 * 1024;
            digits = value.substring(0, value.length() - 1);
        }
        try {
            long n = Long.parseLong(digits);
            return n < 0 ? null : n * multiplier;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
