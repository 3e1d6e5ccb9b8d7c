package ecusim.kernel;

/**
 * Layout of a thread's user-level thread control block, one page mapped read/write in its task: message
 * registers, buffer registers and thread control registers, as in Fiasco.OC's ARM UTCB. Its address is in
 * TPIDRURO, where L4 on ARM keeps it.
 */
public final class Utcb {
    public static final int SIZE = 4096;
    /** Message registers MR0..MR62 at offset 0. */
    public static final int MESSAGE_REGISTERS = 63, MR_OFFSET = 0;
    /** Buffer registers BR0..BR57. */
    public static final int BUFFER_REGISTERS = 58, BR_OFFSET = 64 * 4;
    /** Thread control registers TCR0..TCR7. */
    public static final int THREAD_CONTROL_REGISTERS = 8, TCR_OFFSET = 128 * 4;

    private Utcb() {}
}
