package ecusim.emulator.cpu;

/** The ARMv7-A cores ecusim can emulate, with Unicorn's {@code uc_cpu_arm} ids. */
public enum CpuModel {
    CORTEX_A9(16), CORTEX_A15(17);

    private final int unicornId;

    CpuModel(int unicornId) {
        this.unicornId = unicornId;
    }

    int unicornId() {
        return unicornId;
    }
}
