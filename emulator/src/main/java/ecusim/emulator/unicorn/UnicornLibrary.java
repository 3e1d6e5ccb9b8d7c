package ecusim.emulator.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The loaded Unicorn library: one downcall handle per C function, bound once per JVM. Immutable, so one
 * instance serves every engine (several ECUs live in one JVM).
 *
 * <p>Implementation notes: handles are {@code static final} in {@link Holder} so that {@code invokeExact}
 * call sites are constant-folded by the JIT.
 */
final class UnicornLibrary {
    static final int MIN_MAJOR = 2;
    static final int MIN_MINOR = 1;

    /** Lazily loads the library on first use; a failure is rethrown with its message at every use. */
    static final class Holder {
        static final Path PATH;
        static final MethodHandle VERSION, OPEN, CLOSE, STRERROR, MEM_MAP_PTR, MEM_READ, MEM_WRITE, REG_READ,
                REG_WRITE, REG_READ_BATCH, REG_WRITE_BATCH, EMU_START, EMU_STOP, HOOK_ADD, HOOK_DEL, CTL_0,
                CTL_INT, CTL_LONG_LONG, CONTEXT_ALLOC, CONTEXT_SAVE, CONTEXT_RESTORE, CONTEXT_FREE, CONTEXT_SIZE;
        static final MemorySegment EMU_STOP_ADDRESS, REG_READ_ADDRESS;
        static final String VERSION_TEXT;

        static {
            PATH = NativeLibraryLocator.unicorn();
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = SymbolLookup.libraryLookup(PATH, Arena.global());
            VERSION = handle(linker, lookup, "uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            OPEN = handle(linker, lookup, "uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            CLOSE = handle(linker, lookup, "uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            STRERROR = handle(linker, lookup, "uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
            MEM_MAP_PTR = handle(linker, lookup, "uc_mem_map_ptr",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
            MEM_READ = handle(linker, lookup, "uc_mem_read",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
            MEM_WRITE = handle(linker, lookup, "uc_mem_write",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
            REG_READ = handle(linker, lookup, "uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            REG_WRITE = handle(linker, lookup, "uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
            REG_READ_BATCH = handle(linker, lookup, "uc_reg_read_batch",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            REG_WRITE_BATCH = handle(linker, lookup, "uc_reg_write_batch",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            EMU_START = handle(linker, lookup, "uc_emu_start",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
            EMU_STOP = handle(linker, lookup, "uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // uc_hook_add is variadic after `end`; no extra arguments are passed for the hook types used here.
            HOOK_ADD = handle(linker, lookup, "uc_hook_add", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
            HOOK_DEL = handle(linker, lookup, "uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            MemorySegment ctl = lookup.findOrThrow("uc_ctl");
            CTL_0 = linker.downcallHandle(ctl, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            CTL_INT = linker.downcallHandle(ctl, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                    Linker.Option.firstVariadicArg(2));
            CTL_LONG_LONG = linker.downcallHandle(ctl,
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG),
                    Linker.Option.firstVariadicArg(2));
            CONTEXT_ALLOC = handle(linker, lookup, "uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            CONTEXT_SAVE = handle(linker, lookup, "uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            CONTEXT_RESTORE = handle(linker, lookup, "uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            CONTEXT_FREE = handle(linker, lookup, "uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            CONTEXT_SIZE = handle(linker, lookup, "uc_context_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
            EMU_STOP_ADDRESS = lookup.findOrThrow("uc_emu_stop");
            REG_READ_ADDRESS = lookup.findOrThrow("uc_reg_read");
            VERSION_TEXT = checkVersion();
        }

        private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
            return linker.downcallHandle(lookup.findOrThrow(name), fd);
        }

        private static String checkVersion() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment major = arena.allocate(JAVA_INT);
                MemorySegment minor = arena.allocate(JAVA_INT);
                int combined = (int) VERSION.invokeExact(major, minor);
                int ma = major.get(JAVA_INT, 0), mi = minor.get(JAVA_INT, 0);
                String text = ma + "." + mi + "." + ((combined >>> 8) & 0xFF);
                requireSupported(ma, mi, text, PATH);
                return text;
            } catch (IllegalStateException e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError("uc_version", t);
            }
        }
    }

    private UnicornLibrary() {}

    /** Refuses Unicorn older than 2.1 with advice on how to get 2.1. */
    static void requireSupported(int major, int minor, String text, Path path) {
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new IllegalStateException("Unicorn " + text + " at " + path + " is too old: ecusim needs 2.1 or "
                    + "newer (2.0.x sends every guest store through a slow path, 10-40x slower). Run "
                    + "./scripts/setup-unicorn.sh to fetch Debian 13's libunicorn2t64 2.1.1 into ~/.cache/ecusim, "
                    + "or set -D" + NativeLibraryLocator.UNICORN_PROPERTY + " to a 2.1 library.");
        }
    }

    /** The version of the loaded library, e.g. {@code 2.1.1}; loads it on first use. */
    static String version() {
        return Holder.VERSION_TEXT;
    }

    static String strerror(int error) {
        try {
            MemorySegment text = (MemorySegment) Holder.STRERROR.invokeExact(error);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "uc_err " + error;
        }
    }
}
