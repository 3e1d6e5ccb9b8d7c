package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import ecusim.emulator.mmu.PagePermissions;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever bytes a guest executes, the CPU reports an event and never fails: random ARM words and Thumb
 * halfwords (system instructions, coprocessor accesses, NEON, undefined encodings, wild loads and stores
 * against a read-only page, an unmapped one and a writable one) run until an exception or the budget.
 * One machine serves every try (creating an engine costs far more than a try).
 */
class RandomCodeTest {
    private static final int D = TestMachine.DATA;
    private static TestMachine machine;

    @BeforeContainer
    static void boot() {
        machine = TestMachine.arm(0);
        machine.mapData(D, 1, PagePermissions.READ);
        machine.mapData(D + 0x2000, 1, PagePermissions.READ_WRITE);
    }

    @AfterContainer
    static void close() {
        machine.close();
    }

    @Property(tries = 300, seed = "20261201")
    void randomArmCodeEndsInAnEventNotAnError(@ForAll @Size(16) List<Integer> words, @ForAll @Size(8) List<Integer> registers) {
        byte[] code = new byte[words.size() * 4];
        for (int i = 0; i < words.size(); i++) for (int b = 0; b < 4; b++) code[4 * i + b] = (byte) (words.get(i) >>> 8 * b);
        machine.reload(code, false);
        runEvents(registers);
    }

    @Property(tries = 300, seed = "20261201")
    void randomThumbCodeEndsInAnEventNotAnError(@ForAll @Size(32) List<Integer> halfwords, @ForAll @Size(8) List<Integer> registers) {
        byte[] code = new byte[halfwords.size() * 2];
        for (int i = 0; i < halfwords.size(); i++) for (int b = 0; b < 2; b++) code[2 * i + b] = (byte) (halfwords.get(i) >>> 8 * b);
        machine.reload(code, true);
        runEvents(registers);
    }

    /** Points r0..r7 at the interesting pages or random values, then runs across several events. */
    private static void runEvents(List<Integer> registers) {
        for (int i = 0; i < registers.size(); i++) {
            int r = registers.get(i);
            int value = switch (Math.floorMod(r, 4)) {
                case 0 -> D + (r >>> 20 & 0xFFC);
                case 1 -> D + 0x2000 + (r >>> 20 & 0xFFC);
                case 2 -> D + 0x1000;
                default -> r;
            };
            machine.set(ArmReg.gpr(i), value);
        }
        for (int i = 0; i < 4; i++) {
            CpuEvent event = machine.cpu.run(64);
            assertNotNull(event);
            if (!(event instanceof CpuEvent.SystemCall)) return; // aborts and undefined instructions stay where they are
        }
    }
}
