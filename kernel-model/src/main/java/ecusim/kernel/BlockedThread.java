package ecusim.kernel;

/** A thread blocked in the kernel, and what it waits for in words: one line of a deadlock report. */
public record BlockedThread(Thread thread, String waitsFor) {}
