package ecusim.emulator.unicorn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnicornLibraryTest {
    @Test
    void refusesUnicorn20WithAdviceOnGetting21() {
        var e = assertThrows(IllegalStateException.class,
                () -> UnicornLibrary.requireSupported(2, 0, "2.0.1", Path.of("/usr/lib/libunicorn.so.2")));
        assertTrue(e.getMessage().contains("2.0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("setup-unicorn.sh"), e.getMessage());
    }

    @Test
    void acceptsUnicorn21AndNewer() {
        assertDoesNotThrow(() -> UnicornLibrary.requireSupported(2, 1, "2.1.1", Path.of("x")));
        assertDoesNotThrow(() -> UnicornLibrary.requireSupported(3, 0, "3.0.0", Path.of("x")));
    }

    @Test
    void theLoadedLibraryIsAtLeast21() {
        String[] parts = Unicorn.libraryVersion().split("\\.");
        int major = Integer.parseInt(parts[0]), minor = Integer.parseInt(parts[1]);
        assertTrue(major > 2 || (major == 2 && minor >= 1), Unicorn.libraryVersion());
    }

    @Test
    void engineErrorsCarryUnicornsText() {
        try (Unicorn engine = Unicorn.openArm(16)) {
            // Mapping at an unaligned address is refused by Unicorn with UC_ERR_ARG.
            var e = assertThrows(UnicornException.class, () -> engine.mapHostMemory(0x123, java.lang.foreign.Arena.ofAuto().allocate(4096), Unicorn.PROT_ALL));
            assertTrue(e.getMessage().startsWith("uc_mem_map_ptr failed: "), e.getMessage());
        }
    }
}
