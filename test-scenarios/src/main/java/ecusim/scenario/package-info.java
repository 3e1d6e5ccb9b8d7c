/**
 * Scenario files: which ECUs to simulate (CPU, clock, RAM, init configuration), how long to run in virtual
 * time, and what must be observed ({@code <expect>}). {@link ecusim.scenario.ScenarioReader} rejects anything it
 * does not understand with {@code file:line}; {@link ecusim.scenario.ExpectationChecker} judges a finished run
 * from its log lines and component ends alone, so it needs no simulator and is tested on its own.
 */
package ecusim.scenario;
