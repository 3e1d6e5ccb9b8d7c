package ecusim.emulator.bare;

import ecusim.emulator.cpu.CpuEvent;

/** How a bare run ended. */
public sealed interface BareOutcome {
    /** The guest called exit. */
    record Exited(int code) implements BareOutcome {}

    /** The guest stopped on an exception nobody handles; {@code where} is symbol+offset. */
    record Crashed(CpuEvent event, String where) implements BareOutcome {}

    /**
     * The guest made a system call the provisional ABI does not have ({@code svc #number} at {@code pc},
     * {@code where} is symbol+offset): most likely a program built for another environment.
     */
    record UnknownSystemCall(int number, int pc, String where) implements BareOutcome {}

    /** The instruction limit was reached first. */
    record LimitReached(long instructions) implements BareOutcome {}
}
