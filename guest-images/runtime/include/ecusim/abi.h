/*
 * The ecusim kernel ABI and core/parent protocols: the one contract between guest code and the platform.
 * The Java side mirrors every constant here (kernel-model: ecusim.kernel.Abi, ecusim.core.Protocol);
 * change both together.
 *
 * ------------------------------------------------------------------------------------------------
 * The system call: invoke (svc #0), Fiasco.OC style
 *
 *   in   r0 = message tag      (words | items << 6 | label << 16)
 *        r1 = capability selector (destination; ignored for an open wait and for a pure reply)
 *        r2 = operation flags  (ECUSIM_SEND | ECUSIM_RECV | ECUSIM_OPEN_WAIT | ECUSIM_REPLY)
 *        r3 = timeout in microseconds of virtual time for each phase that would block
 *             (ECUSIM_TIMEOUT_NEVER waits forever, 0 does not wait)
 *   out  r0 = tag of the received message (0 when nothing was received)
 *        r1 = error code (0 = ok, else one of ECUSIM_E*)
 *        r2 = label of the IPC gate (or IRQ) through which the received message came, 0 for a reply
 *
 *   The message itself lives in the calling thread's UTCB (address in TPIDRURO, see ecusim_utcb()):
 *   MR[0 .. words-1] untyped words, then for each typed item two words:
 *     send item     MR[k] = ECUSIM_ITEM_MAP | (grant ? ECUSIM_ITEM_GRANT : 0) | rights << 4 | selector << 12
 *                   MR[k+1] = 0
 *     received item MR[k] = ECUSIM_ITEM_MAP | rights << 4 | selector << 12 of where it was installed
 *                          (0 when the receiver had no free buffer for it)
 *   Buffer registers BR[0..3] name the selectors where received capabilities go (0 = no buffer).
 *
 *   Operations:  send = SEND, call = SEND|RECV (closed wait for the callee's reply),
 *                wait = RECV|OPEN_WAIT, receive from an IRQ = RECV on the IRQ's selector,
 *                reply = REPLY (answer the last caller, return at once),
 *                reply_and_wait = REPLY|RECV|OPEN_WAIT (reply to the last caller, then wait).
 *
 *   Errors are positive: the kernel's in r1, a server's (core, init, yours) as the label of its reply.
 *   The env.h functions return them negated.
 *
 *   Invoking a kernel object (Task, Thread, Factory, IRQ) with SEND|RECV performs an operation on it:
 *   MR[0] = opcode, arguments follow; results come back in the MRs, the error in r1.
 * ------------------------------------------------------------------------------------------------
 */
#ifndef ECUSIM_ABI_H
#define ECUSIM_ABI_H

/* --- invoke --- */
#define ECUSIM_SEND             0x1u
#define ECUSIM_RECV             0x2u
#define ECUSIM_OPEN_WAIT        0x4u
#define ECUSIM_REPLY            0x8u
#define ECUSIM_TIMEOUT_NEVER    0xffffffffu

#define ECUSIM_TAG(label, words, items) \
    (((unsigned)(words) & 63u) | (((unsigned)(items) & 63u) << 6) | ((unsigned)(label) << 16))
#define ECUSIM_TAG_WORDS(tag)   ((tag) & 63u)
#define ECUSIM_TAG_ITEMS(tag)   (((tag) >> 6) & 63u)
#define ECUSIM_TAG_LABEL(tag)   ((int)(tag) >> 16)

#define ECUSIM_ITEM_MAP         0x1u
#define ECUSIM_ITEM_GRANT       0x2u
#define ECUSIM_RIGHT_R          0x1u
#define ECUSIM_RIGHT_W          0x2u
#define ECUSIM_RIGHT_S          0x4u
#define ECUSIM_RIGHT_D          0x8u
#define ECUSIM_RIGHTS_ALL       0xfu
#define ECUSIM_ITEM(selector, rights, grant) \
    (ECUSIM_ITEM_MAP | ((grant) ? ECUSIM_ITEM_GRANT : 0u) | (((unsigned)(rights) & 15u) << 4) | ((unsigned)(selector) << 12))
#define ECUSIM_ITEM_SELECTOR(word) ((unsigned)(word) >> 12)

/* UTCB layout (bytes from the UTCB base) */
#define ECUSIM_UTCB_MR          0      /* MR[0..62] */
#define ECUSIM_UTCB_MR_COUNT    63
#define ECUSIM_UTCB_BR          256    /* BR[0..57] */
#define ECUSIM_UTCB_BR_COUNT    4      /* buffer registers the kernel reads for capabilities */

/* --- error codes (r1 after invoke, and result codes of core and parent operations) --- */
#define ECUSIM_EOK              0
#define ECUSIM_EPERM            1      /* the capability lacks a right */
#define ECUSIM_ENOENT           2      /* no capability at the selector / no such service, ROM, session */
#define ECUSIM_ENOMEM           12     /* quota or memory exhausted */
#define ECUSIM_EEXIST           17     /* selector or address already in use */
#define ECUSIM_EINVAL           22     /* malformed argument */
#define ECUSIM_ERANGE           34     /* selector or address outside its space */
#define ECUSIM_ENOSYS           38     /* the object does not implement the operation */
#define ECUSIM_ETIMEDOUT        110    /* the IPC timeout expired */
#define ECUSIM_ECANCELED        125    /* the partner vanished or the IPC was aborted */

/* --- capability selectors every component starts with --- */
#define ECUSIM_CAP_TASK         1      /* the component's own task */
#define ECUSIM_CAP_THREAD       2      /* its main thread */
#define ECUSIM_CAP_PARENT       3      /* the parent interface (init) */
#define ECUSIM_CAP_PD           4      /* PD session: RAM quota, dataspaces, IPC gates, signals */
#define ECUSIM_CAP_RM           5      /* RM session: the component's address space as a region map */
#define ECUSIM_CAP_CPU          6      /* CPU session: threads */
#define ECUSIM_CAP_FIRST_FREE   16     /* the runtime allocates selectors from here */
#define ECUSIM_CAP_COUNT        256    /* capability-space size of a component */

/* --- kernel object operations (MR[0]) --- */
#define ECUSIM_TASK_MAP         1      /* MR1 = my selector, MR2 = selector in the task, MR3 = rights mask */
#define ECUSIM_TASK_UNMAP       2      /* MR1 = selector in the task (revokes everything derived, and it) */
#define ECUSIM_TASK_CAP_VALID   3      /* MR1 = selector -> MR0 = 1 if it holds a capability */
#define ECUSIM_THREAD_EX_REGS   1      /* MR1 = pc, MR2 = sp (0xffffffff = unchanged) -> MR0 = old pc, MR1 = old sp */
#define ECUSIM_THREAD_PAUSE     2
#define ECUSIM_THREAD_RESUME    3
#define ECUSIM_IRQ_TRIGGER      1
#define ECUSIM_IRQ_ATTACH       2      /* MR1 = label: the IRQ now wakes the caller's open wait with that label */

/* --- parent interface (label = opcode; strings as below) --- */
/* Every session request donates at least this much RAM quota ("ram_quota=4K"); less is refused with ENOMEM. */
#define ECUSIM_SESSION_RAM_QUOTA 4096u
#define ECUSIM_PARENT_SESSION   1      /* string service, string args ("ram_quota=4096, label=x") -> cap in BR0, MR0 = session id */
#define ECUSIM_PARENT_UPGRADE   2      /* MR0 = session id, string args ("ram_quota=4096") */
#define ECUSIM_PARENT_CLOSE     3      /* MR0 = session id */
#define ECUSIM_PARENT_EXIT      4      /* MR0 = exit code; the component is destroyed, never returns */
#define ECUSIM_PARENT_ANNOUNCE  5      /* string service, item: the IPC gate clients' sessions go to */

/* --- core services (label = opcode) --- */
#define ECUSIM_LOG_WRITE        1      /* string line (without newline) */

#define ECUSIM_TIMER_NOW        1      /* -> MR0 = low, MR1 = high 32 bits of microseconds since boot */
#define ECUSIM_TIMER_SLEEP      2      /* MR0 = microseconds; the reply comes when they have passed */
#define ECUSIM_TIMER_SIGH       3      /* item: the IRQ (signal context) that alarms trigger */
#define ECUSIM_TIMER_PERIODIC   4      /* MR0 = period in microseconds (0 stops) */
#define ECUSIM_TIMER_ONESHOT    5      /* MR0 = microseconds from now (0: at once) */

#define ECUSIM_PD_ALLOC         1      /* MR0 = bytes -> item: dataspace, MR0 = size (page-rounded) */
#define ECUSIM_PD_FREE          2      /* item: dataspace */
#define ECUSIM_PD_QUOTA         3      /* -> MR0 = RAM quota, MR1 = RAM used (bytes) */
#define ECUSIM_PD_ALLOC_GATE    4      /* MR0 = label -> item: IPC gate bound to the calling thread */
#define ECUSIM_PD_ALLOC_SIGNAL  5      /* MR0 = label -> item: IRQ attached to the calling thread */

#define ECUSIM_RM_ATTACH        1      /* item: dataspace, MR0 = local address (0 = anywhere), MR1 = executable -> MR0 = address */
#define ECUSIM_RM_DETACH        2      /* MR0 = address */

#define ECUSIM_ROM_DATASPACE    1      /* -> item: dataspace (read-only), MR0 = size in bytes */

#define ECUSIM_CPU_CREATE_THREAD 1     /* MR0 = priority, string name -> item: thread */
#define ECUSIM_CPU_START         2     /* item: thread, MR0 = pc, MR1 = sp */
#define ECUSIM_CPU_PAUSE         3     /* item: thread; paused in whatever state it is, IPC included */
#define ECUSIM_CPU_RESUME        4     /* item: thread */
#define ECUSIM_CPU_GET_STATE     5     /* item: thread -> MR0..15 = r0..r15, MR16 = CPSR */
#define ECUSIM_CPU_SET_STATE     6     /* item: thread, MR0..15 = r0..r15, MR16 = CPSR (user mode kept) */

/* --- Rtcr's session (service "Rtcr", which Rtcr announces for a controller) --- */
#define ECUSIM_RTCR_CHECKPOINT   1     /* MR0 = 1: incremental (if the mode tracks) -> MR0 = checkpoint number, MR1 = pages written */
#define ECUSIM_RTCR_RESTORE      2     /* restores the latest chain (received, else its own) -> MR0 = checkpoint number restored */

/*
 * Strings in messages: one word with the byte length, then the bytes packed little-endian, padded to a
 * word. At most 200 bytes each.
 */
#define ECUSIM_STRING_MAX       200

#endif
