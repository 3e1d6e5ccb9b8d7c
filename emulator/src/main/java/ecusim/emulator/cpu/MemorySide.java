package ecusim.emulator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import ecusim.emulator.unicorn.AccountingShim;
import ecusim.emulator.unicorn.Unicorn;
import java.lang.foreign.MemorySegment;

/**
 * Java's view of the shim's memory side ({@code ecusim_memory} in ecusim_shim.c): the cache model's tag arrays
 * and miss counters, and the data-access trace buffer. One data-access hook serves both; it exists only once
 * one of them is enabled, since Unicorn's memory hooks slow every load and store.
 */
final class MemorySide {
    private static final int ENABLED = 0, L1_MISS = 4, L2_MISS = 8, PC = 12, L1I = 16, L1D = 40, L2 = 64, ACCESSES = 88, TRACE = 96,
            TRACE_CAPACITY = 104, TRACE_COUNT = 108, TRACE_DROPPED = 112;
    private static final int LEVEL_SETS = 0, LEVEL_WAYS = 4, LEVEL_TAGS = 8, LEVEL_MISSES = 16;
    static final int CACHE = 1, TRACING = 2, CODE_HOOKED = 4, STOP_DEFERRED = 8, TRACING_INSTRUCTIONS = 16;
    private static final long[] COUNTERS = {L1I + LEVEL_MISSES, L1D + LEVEL_MISSES, L2 + LEVEL_MISSES, ACCESSES};
    private static final int RECORD = 24;

    private final MemorySegment state, accountingState;
    private boolean codeHooked;
    private final MemorySegment[] tags = new MemorySegment[3];
    private MemorySegment trace;

    MemorySide(Unicorn engine, MemorySegment accountingState) {
        state = engine.arena().allocate(AccountingShim.MEMORY_SIZE, 8);
        this.accountingState = accountingState;
        accountingState.set(ADDRESS, Accounting.MEM, state);
        engine.addHook(Unicorn.HOOK_MEM_READ | Unicorn.HOOK_MEM_WRITE, AccountingShim.memoryHook(), accountingState, 1, 0);
    }

    void enableCache(Unicorn engine, CacheModel model, long l1MissCycles, long l2MissCycles) {
        int[][] levels = {{model.l1iSets(), model.l1iWays()}, {model.l1dSets(), model.l1dWays()}, {model.l2Sets(), model.l2Ways()}};
        long[] offsets = {L1I, L1D, L2};
        for (int i = 0; i < 3; i++) {
            tags[i] = engine.arena().allocate((long) levels[i][0] * levels[i][1] * 4, 4);
            state.set(JAVA_INT, offsets[i] + LEVEL_SETS, levels[i][0]);
            state.set(JAVA_INT, offsets[i] + LEVEL_WAYS, levels[i][1]);
            state.set(ADDRESS, offsets[i] + LEVEL_TAGS, tags[i]);
        }
        state.set(JAVA_INT, L1_MISS, (int) l1MissCycles);
        state.set(JAVA_INT, L2_MISS, (int) l2MissCycles);
        state.set(JAVA_INT, ENABLED, state.get(JAVA_INT, ENABLED) | CACHE);
    }

    boolean cacheEnabled() {
        return (state.get(JAVA_INT, ENABLED) & CACHE) != 0;
    }

    /** Invalidates every line of every level (a clean and invalidate: RAM is always current here). */
    void invalidateCaches() {
        for (MemorySegment t : tags) if (t != null) t.fill((byte) 0);
    }

    CacheModel.Stats stats() {
        return new CacheModel.Stats(state.get(JAVA_LONG, L1I + LEVEL_MISSES), state.get(JAVA_LONG, L1D + LEVEL_MISSES),
                state.get(JAVA_LONG, L2 + LEVEL_MISSES), state.get(JAVA_LONG, ACCESSES));
    }

    /** The tag arrays, L1 I, L1 D, L2 one after the other, then the miss and access counters (ECU state when the model is on). */
    byte[] cacheContent() {
        long total = 32;
        for (MemorySegment t : tags) total += t.byteSize();
        byte[] out = new byte[(int) total];
        int at = 0;
        for (MemorySegment t : tags) {
            MemorySegment.copy(t, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, out, at, (int) t.byteSize());
            at += (int) t.byteSize();
        }
        java.nio.ByteBuffer counters = java.nio.ByteBuffer.wrap(out, at, 32);
        for (long offset : COUNTERS) counters.putLong(state.get(JAVA_LONG, offset));
        return out;
    }

    void restoreCacheContent(byte[] content) {
        long total = 32;
        for (MemorySegment t : tags) total += t.byteSize();
        if (content.length != total) throw new IllegalArgumentException("cache content of " + content.length + " bytes, the model has " + total);
        int at = 0;
        for (MemorySegment t : tags) {
            MemorySegment.copy(content, at, t, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (int) t.byteSize());
            at += (int) t.byteSize();
        }
        java.nio.ByteBuffer counters = java.nio.ByteBuffer.wrap(content, at, 32);
        for (long offset : COUNTERS) state.set(JAVA_LONG, offset, counters.getLong());
    }

    /** Whether the tracing code hook is attached (it makes Unicorn stop a refused block late; see ArmCpu). */
    boolean codeHooked() {
        return codeHooked;
    }

    /** Starts the trace; true when this attached the code hook (the caller must then retranslate). */
    boolean startTrace(Unicorn engine, int capacity) {
        boolean attached = false;
        if (!codeHooked) {
            engine.addHook(Unicorn.HOOK_CODE, AccountingShim.codeHook(), accountingState, 1, 0);
            codeHooked = attached = true;
            state.set(JAVA_INT, ENABLED, state.get(JAVA_INT, ENABLED) | CODE_HOOKED); // the shim stops blocks from it
        }
        if (trace == null || trace.byteSize() < (long) capacity * RECORD) trace = engine.arena().allocate((long) capacity * RECORD, 8);
        state.set(ADDRESS, TRACE, trace);
        state.set(JAVA_INT, TRACE_CAPACITY, capacity);
        state.set(JAVA_INT, TRACE_COUNT, 0);
        state.set(JAVA_LONG, TRACE_DROPPED, 0);
        state.set(JAVA_INT, ENABLED, state.get(JAVA_INT, ENABLED) | TRACING);
        return attached;
    }

    void stopTrace() {
        state.set(JAVA_INT, ENABLED, state.get(JAVA_INT, ENABLED) & ~(TRACING | TRACING_INSTRUCTIONS));
    }

    /** Forgets a stop the shim deferred to a code hook that never came (a run that ended first): a new start owes none. */
    void clearDeferredStop() {
        int enabled = state.get(JAVA_INT, ENABLED);
        if ((enabled & STOP_DEFERRED) != 0) state.set(JAVA_INT, ENABLED, enabled & ~STOP_DEFERRED);
    }

    /** Whether the trace also records every executed instruction. */
    void traceInstructions(boolean on) {
        int enabled = state.get(JAVA_INT, ENABLED);
        state.set(JAVA_INT, ENABLED, on ? enabled | TRACING_INSTRUCTIONS : enabled & ~TRACING_INSTRUCTIONS);
    }

    /** Raw records since the last drain, and empties the buffer; {@code dropped} receives what did not fit. */
    int drain(RawSink sink) {
        int n = state.get(JAVA_INT, TRACE_COUNT);
        for (int i = 0; i < n; i++) {
            long at = (long) i * RECORD;
            sink.record(trace.get(JAVA_LONG, at), trace.get(JAVA_INT, at + 8), trace.get(JAVA_INT, at + 12), trace.get(JAVA_INT, at + 16),
                    trace.get(JAVA_SHORT, at + 20), trace.get(JAVA_SHORT, at + 22));
        }
        state.set(JAVA_INT, TRACE_COUNT, 0);
        long dropped = state.get(JAVA_LONG, TRACE_DROPPED);
        state.set(JAVA_LONG, TRACE_DROPPED, 0);
        if (dropped > 0) throw new IllegalStateException(dropped + " memory accesses did not fit the trace buffer of "
                + state.get(JAVA_INT, TRACE_CAPACITY) + " records: drain more often or make it larger");
        return n;
    }

    interface RawSink {
        /** {@code kind}: 0 load, 1 store, 2 an executed instruction ({@code address}: 1 if Thumb). */
        void record(long instructionsCounted, int blockVa, int address, int pc, int size, int kind);
    }
}
