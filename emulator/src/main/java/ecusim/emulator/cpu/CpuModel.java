package ecusim.emulator.cpu;

/** The ARMv7-A cores ecusim can emulate, with Unicorn's {@code uc_cpu_arm} ids. */
public enum CpuModel {
    CORTEX_A9(16), CORTEX_A15(17);

    /**
     * The one default clock of ecusim, for bare runs and scenarios alike: 666 MHz, a Cortex-A9 as ECU-class
     * parts run it (Zynq-7000 speed grade -1: 667 MHz). Virtual time is cycles divided by the clock.
     */
    public static final long DEFAULT_CLOCK_HZ = 666_000_000L;

    private final int unicornId;

    CpuModel(int unicornId) {
        this.unicornId = unicornId;
    }

    int unicornId() {
        return unicornId;
    }
}
