/**
 * Fault-injection campaigns (in progress, issue 13): a golden run of a single-ECU scenario, experiments
 * sampled from the fault space of one component's thread with the scenario's seed, each fast-forwarded by
 * restoring the nearest in-place snapshot of a warm ECU, injected at an exact instruction count of that
 * thread, run to the scenario's end and classified against the golden run ({@link ecusim.campaign.Outcome});
 * rates with Wilson 95 % intervals ({@link ecusim.campaign.Wilson}).
 */
package ecusim.campaign;
