package ecusim.kernel;

/**
 * What a thread did and what the kernel did on its behalf, for metrics: instructions, cycles (its own
 * and the kernel's work for it), system calls, IPC transfers, page faults and TLB flushes.
 */
public final class ThreadStats {
    long instructions, cycles, systemCalls, ipcs, pageFaults, sendWaits;

    public long instructions() {
        return instructions;
    }

    public long cycles() {
        return cycles;
    }

    public long systemCalls() {
        return systemCalls;
    }

    public long ipcs() {
        return ipcs;
    }

    /** Sends that found the receiver busy and waited in its queue. */
    public long sendWaits() {
        return sendWaits;
    }

    public long pageFaults() {
        return pageFaults;
    }
}
