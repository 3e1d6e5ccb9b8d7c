package ecusim.core;

/**
 * Opcodes (message labels) of the parent interface and core's services: the Java mirror of
 * {@code guest-images/runtime/include/ecusim/abi.h}; change both together.
 */
public final class Protocol {
    public static final int PARENT_SESSION = 1, PARENT_UPGRADE = 2, PARENT_CLOSE = 3, PARENT_EXIT = 4, PARENT_ANNOUNCE = 5;
    public static final int LOG_WRITE = 1;
    public static final int TIMER_NOW = 1, TIMER_SLEEP = 2, TIMER_SIGH = 3, TIMER_PERIODIC = 4, TIMER_ONESHOT = 5;
    public static final int PD_ALLOC = 1, PD_FREE = 2, PD_QUOTA = 3, PD_ALLOC_GATE = 4, PD_ALLOC_SIGNAL = 5;
    public static final int RM_ATTACH = 1, RM_DETACH = 2;
    public static final int ROM_DATASPACE = 1;
    public static final int CPU_CREATE_THREAD = 1, CPU_START = 2, CPU_PAUSE = 3, CPU_RESUME = 4, CPU_GET_STATE = 5, CPU_SET_STATE = 6;
    /** Rtcr's session (service "Rtcr"): checkpoint (MR0 = 1 for incremental) and restore of the latest chain. */
    public static final int RTCR_CHECKPOINT = 1, RTCR_RESTORE = 2;
    /** The least RAM quota a session request donates (ECUSIM_SESSION_RAM_QUOTA). */
    public static final long SESSION_RAM_QUOTA = 4096;
    /** Longest string a message carries. */
    public static final int STRING_MAX = 200;

    private Protocol() {}
}
