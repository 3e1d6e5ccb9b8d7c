package ecusim.scenario;

/** Whether one expectation held in a run, and the evidence: why it failed, or what satisfied it. */
public record Verdict(Expectation expectation, boolean holds, String detail) {
    /** {@code line 7: ecu0/client logs /ok/ before 100 ms: first match at 134 ms, after the 100 ms deadline}. */
    public String describe() {
        return expectation.describe() + ": " + detail;
    }
}
