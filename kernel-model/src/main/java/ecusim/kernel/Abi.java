package ecusim.kernel;

/**
 * The kernel's system-call ABI as guests see it: the Java mirror of {@code guest-images/runtime/include/
 * ecusim/abi.h} (the contract; change both together). One system call, {@code invoke} ({@code svc #0}):
 * r0 = message tag, r1 = capability selector, r2 = operation flags, r3 = timeout in microseconds; out
 * r0 = received tag, r1 = error code, r2 = label of the gate or IRQ the message came through.
 */
public final class Abi {
    /** The immediate of the invoke {@code svc}. */
    public static final int SVC_INVOKE = 0;

    public static final int SEND = 0x1, RECV = 0x2, OPEN_WAIT = 0x4, REPLY = 0x8;
    public static final int TIMEOUT_NEVER = 0xffff_ffff;

    /** Typed-item word: map (bit 0), grant (bit 1), rights (bits 4..7), selector (bits 12..31). */
    public static final int ITEM_MAP = 0x1, ITEM_GRANT = 0x2;

    /** Buffer registers the kernel reads as receive selectors for capabilities. */
    public static final int RECEIVE_BUFFERS = 4;

    /** Labels of messages the kernel synthesizes (negative, as Fiasco.OC's protocol labels). */
    public static final int LABEL_PAGE_FAULT = -2, LABEL_EXCEPTION = -5;

    /** Selectors every component starts with. */
    public static final int CAP_TASK = 1, CAP_THREAD = 2, CAP_PARENT = 3, CAP_PD = 4, CAP_RM = 5, CAP_CPU = 6;
    public static final int CAP_FIRST_FREE = 16, CAP_COUNT = 256;

    /** Operations on kernel objects (MR0 of an invoke on them). */
    public static final int TASK_MAP = 1, TASK_UNMAP = 2, TASK_CAP_VALID = 3;
    public static final int THREAD_EX_REGS = 1, THREAD_PAUSE = 2, THREAD_RESUME = 3;
    public static final int IRQ_TRIGGER = 1, IRQ_ATTACH = 2;

    /** Error codes returned in r1 that are not {@link L4Error}s of object operations. */
    public static final int E_TIMEDOUT = 110, E_CANCELED = 125;

    private Abi() {}

    public static int tag(int label, int words, int items) {
        return (words & 63) | (items & 63) << 6 | label << 16;
    }

    public static int words(int tag) {
        return tag & 63;
    }

    public static int items(int tag) {
        return tag >>> 6 & 63;
    }

    public static int label(int tag) {
        return tag >> 16;
    }

    public static int item(int selector, Rights rights) {
        return ITEM_MAP | rights.bits() << 4 | selector << 12;
    }

    public static int itemSelector(int word) {
        return word >>> 12;
    }

    public static Rights itemRights(int word) {
        return new Rights(word >>> 4 & 15);
    }
}
