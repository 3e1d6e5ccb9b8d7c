package ecusim.emulator.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** The native accounting shim ({@code ecusim_shim.c}): addresses of its hooks, loaded once per JVM. */
public final class AccountingShim {
    /** sizeof(ecusim_accounting) and sizeof(block_entry) the Java side is written for. */
    public static final int STATE_SIZE = 168, ENTRY_SIZE = 32;
    /** sizeof(ecusim_memory) and sizeof(trace_record). */
    public static final int MEMORY_SIZE = 120, TRACE_RECORD_SIZE = 24;

    private static final class Holder {
        static final MemorySegment BLOCK_HOOK, INTR_HOOK, MEM_HOOK, CODE_HOOK;

        static {
            SymbolLookup lookup = SymbolLookup.libraryLookup(NativeLibraryLocator.shim(), Arena.global());
            BLOCK_HOOK = lookup.findOrThrow("ecusim_block_hook");
            INTR_HOOK = lookup.findOrThrow("ecusim_intr_hook");
            MEM_HOOK = lookup.findOrThrow("ecusim_mem_hook");
            CODE_HOOK = lookup.findOrThrow("ecusim_code_hook");
            MethodHandle memoryLayout = Linker.nativeLinker().downcallHandle(lookup.findOrThrow("ecusim_memory_layout"),
                    FunctionDescriptor.of(JAVA_INT));
            int memory;
            try {
                memory = (int) memoryLayout.invokeExact();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (memory != (MEMORY_SIZE << 16 | TRACE_RECORD_SIZE)) {
                throw new IllegalStateException("shim memory-side layout mismatch: native 0x" + Integer.toHexString(memory) + "; rebuild the emulator module");
            }
            MethodHandle layout = Linker.nativeLinker().downcallHandle(lookup.findOrThrow("ecusim_shim_layout"),
                    FunctionDescriptor.of(JAVA_INT));
            int actual;
            try {
                actual = (int) layout.invokeExact();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (actual != (STATE_SIZE << 16 | ENTRY_SIZE)) {
                throw new IllegalStateException("accounting shim layout mismatch: native 0x" + Integer.toHexString(actual)
                        + ", Java 0x" + Integer.toHexString(STATE_SIZE << 16 | ENTRY_SIZE) + "; rebuild the emulator module");
            }
        }
    }

    private AccountingShim() {}

    /** {@code ecusim_block_hook}, a UC_HOOK_BLOCK callback taking the shim state as user data. */
    public static MemorySegment blockHook() {
        return Holder.BLOCK_HOOK;
    }

    /** {@code ecusim_mem_hook}, a UC_HOOK_MEM_READ/WRITE callback taking the shim state as user data. */
    public static MemorySegment memoryHook() {
        return Holder.MEM_HOOK;
    }

    /** {@code ecusim_code_hook}, a UC_HOOK_CODE callback (tracing only) taking the shim state as user data. */
    public static MemorySegment codeHook() {
        return Holder.CODE_HOOK;
    }

    /** {@code ecusim_intr_hook}, a UC_HOOK_INTR callback taking the shim state as user data. */
    public static MemorySegment interruptHook() {
        return Holder.INTR_HOOK;
    }

    /** Address of {@code uc_emu_stop} in the loaded Unicorn, for the shim to call. */
    public static MemorySegment emuStopFunction() {
        return UnicornLibrary.Holder.EMU_STOP_ADDRESS;
    }

    /** Address of {@code uc_reg_read} in the loaded Unicorn, for the shim to call. */
    public static MemorySegment regReadFunction() {
        return UnicornLibrary.Holder.REG_READ_ADDRESS;
    }
}
