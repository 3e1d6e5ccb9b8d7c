package ecusim.emulator.bare;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cost.CostKey;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.AccessType;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;

/**
 * One guest image on one core, bare: a single address space with the MMU on, the image's segments, a
 * stack below {@link #STACK_TOP} and a heap at {@link #HEAP_BASE}; system calls are the provisional ABI.
 */
public final class BareMachine implements AutoCloseable {
    public static final int STACK_TOP = 0x7FF0_0000, HEAP_BASE = 0x4000_0000;
    /** What a system call of the provisional ABI costs (there is no kernel here to charge its own). */
    public static final CostKey SYSTEM_CALL = new CostKey("bare.syscall", 120, 2, "[MODEL] a provisional-ABI system call, priced as kernel.syscall");
    private static final int ASID = 1, MAX_WRITE = 64 * 1024, EFAULT = -14, ENOSYS = -38;

    /**
     * Machine and guest parameters; {@link #defaults()} fits every shipped guest. {@code clockHz} turns cycles
     * into the microseconds of the time call; {@code lenientCalls} makes an unknown system call return -38
     * (ENOSYS) instead of ending the run with {@link BareOutcome.UnknownSystemCall}.
     */
    public record Config(CpuModel model, long ramBase, long ramSize, int stackPages, int heapPages, int arg0, int arg1,
                         boolean instrumented, long clockHz, boolean lenientCalls) {
        public Config {
            if (clockHz <= 0) throw new IllegalArgumentException("clock must be positive: " + clockHz);
        }

        public static Config defaults() {
            return new Config(CpuModel.CORTEX_A9, 0x8000_0000L, 64L << 20, 16, 16, 0, 0, true, CpuModel.DEFAULT_CLOCK_HZ, false);
        }

        public Config withHeapPages(int pages) {
            return new Config(model, ramBase, ramSize, stackPages, pages, arg0, arg1, instrumented, clockHz, lenientCalls);
        }

        public Config withArguments(int arg0, int arg1) {
            return new Config(model, ramBase, ramSize, stackPages, heapPages, arg0, arg1, instrumented, clockHz, lenientCalls);
        }

        public Config withClock(long hz) {
            return new Config(model, ramBase, ramSize, stackPages, heapPages, arg0, arg1, instrumented, hz, lenientCalls);
        }

        /** Unknown system calls return -38 (ENOSYS), as a kernel would, instead of ending the run. */
        public Config withLenientCalls() {
            return new Config(model, ramBase, ramSize, stackPages, heapPages, arg0, arg1, instrumented, clockHz, true);
        }

        /** Without instruction accounting: for measuring its cost only (see ArmCpu#createUninstrumented). */
        public Config uninstrumented() {
            return new Config(model, ramBase, ramSize, stackPages, heapPages, arg0, arg1, false, clockHz, lenientCalls);
        }
    }

    /**
     * A debugger of the guest (a GDB stub): told when the guest stops at a BKPT or after a single step, it
     * looks (the machine stands still) and says how the guest goes on.
     */
    public interface Debugger {
        /** {@code stepped}: the one instruction asked for ran; else a BKPT is the next instruction, nothing of it ran. */
        boolean stopped(boolean stepped);
    }

    /** What the guest says to the world. */
    public interface Listener {
        void output(byte[] bytes);

        /** The guest's marker call: {@code value} after {@code instructions} instructions, at {@code cycles}. */
        default void marker(int value, long instructions, long cycles) {}
    }

    private final PhysicalRam ram;
    private final ArmCpu cpu;
    private final ElfImage image;
    private final Config config;
    private final TranslationTable table;
    private Debugger debugger;
    /** The debugger asked for one instruction before it looks again. */
    private boolean stepping;
    /** Pages both writable and executable, and whether each is being written now (W^X, see {@link #toggle}). */
    private final java.util.Map<Integer, Boolean> writableCode = new java.util.TreeMap<>(Integer::compareUnsigned);

    private BareMachine(ElfImage image, Config config, CostModel costs) throws BareLoadException {
        this.image = image;
        this.config = config;
        this.ram = new PhysicalRam(config.ramBase(), config.ramSize());
        try {
            this.cpu = config.instrumented() ? ArmCpu.create(config.model(), ram, costs)
                    : ArmCpu.createUninstrumented(config.model(), ram, costs);
            var frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
            this.table = TranslationTable.create(ram, frames); // a fresh RAM always has room for the L1 table
            var loader = new AddressSpaceLoader(ram, frames);
            loader.load(image, table);
            separateWriteAndExecute(image);
            loader.mapZeroed(table, STACK_TOP - config.stackPages() * PhysicalRam.PAGE_SIZE, config.stackPages(), PagePermissions.READ_WRITE,
                    "stack of " + config.stackPages() + " pages");
            loader.mapZeroed(table, HEAP_BASE, config.heapPages(), PagePermissions.READ_WRITE, "heap of " + config.heapPages() + " pages");
            cpu.switchAddressSpace(table.l1Base(), ASID);
            cpu.enableMmu();
            cpu.invalidateCode();
            RegisterFile entry = RegisterFile.userEntry(image.entry(), STACK_TOP)
                    .with(0, HEAP_BASE).with(1, config.heapPages() * PhysicalRam.PAGE_SIZE)
                    .with(2, config.arg0()).with(3, config.arg1());
            cpu.setRegisters(entry);
        } catch (RuntimeException | BareLoadException e) {
            close();
            throw e;
        }
    }

    /**
     * Builds the machine and places {@code image} in it, ready to run from its entry point; refuses an image,
     * stack or heap that does not fit into its RAM.
     */
    public static BareMachine boot(ElfImage image, Config config, CostModel costs) throws BareLoadException {
        if (config.heapPages() < 0 || config.stackPages() < 0) throw new IllegalArgumentException("negative stack or heap size");
        return new BareMachine(image, config, costs);
    }

    public ArmCpu cpu() {
        return cpu;
    }

    public ElfImage image() {
        return image;
    }

    public TranslationTable translationTable() {
        return table;
    }

    /**
     * Attaches {@code debugger} (null detaches): a BKPT then stops the guest for it instead of ending the run
     * as a crash. {@code stepFirst}: the guest runs one instruction before the debugger looks again.
     */
    public void debug(Debugger debugger, boolean stepFirst) {
        this.debugger = debugger;
        this.stepping = debugger != null && stepFirst;
    }

    /** Runs until the guest exits or crashes, or {@code maxInstructions} more have executed. */
    public BareOutcome run(long maxInstructions, Listener listener) {
        long limit = cpu.instructions() + maxInstructions;
        CpuEvent next = null; // an event already taken (by the one-instruction step of a store into its own page)
        while (true) {
            boolean step = stepping && debugger != null;
            long before = cpu.instructions();
            CpuEvent event = next != null ? next : cpu.run(step ? Math.min(1, limit - before) : limit - before);
            next = null;
            switch (event) {
                case CpuEvent.BudgetExhausted b when step && cpu.instructions() < limit -> { } // the step's instruction ran
                case CpuEvent.BudgetExhausted b -> {
                    return new BareOutcome.LimitReached(cpu.instructions());
                }
                case CpuEvent.Breakpoint b when debugger != null -> {
                    stepping = debugger.stopped(false);
                    continue;
                }
                case CpuEvent.SystemCall call -> {
                    cpu.charge(cpu.costs().cycles(SYSTEM_CALL));
                    ProvisionalCall kind = ProvisionalCall.of(call.immediate());
                    if (kind == ProvisionalCall.EXIT) return new BareOutcome.Exited(cpu.register(ArmReg.R0));
                    if (kind == null && !config.lenientCalls()) {
                        return new BareOutcome.UnknownSystemCall(call.immediate(), call.pc(), image.symbols().describe(call.pc()));
                    }
                    if (kind == ProvisionalCall.TIME) {
                        long cycles = cpu.cycles(), micros = cycles * 1_000_000 / config.clockHz();
                        cpu.setRegisters(cpu.registers().with(0, (int) cycles).with(1, (int) (cycles >>> 32))
                                .with(2, (int) micros).with(3, (int) (micros >>> 32)));
                    } else {
                        cpu.setRegister(ArmReg.R0, kind == null ? ENOSYS : serve(kind, listener));
                    }
                }
                case CpuEvent.DataAbort a when a.kind() == ecusim.emulator.mmu.FaultKind.PERMISSION && a.access().write()
                        && ((a.pc() ^ a.faultAddress()) & -PhysicalRam.PAGE_SIZE) == 0 && writableCode.get(a.faultAddress() & -PhysicalRam.PAGE_SIZE) == Boolean.FALSE -> {
                    next = stepInOwnPage(a.faultAddress(), limit);
                    if (next instanceof CpuEvent.BudgetExhausted && cpu.instructions() < limit) next = null;
                }
                case CpuEvent.DataAbort a when a.kind() == ecusim.emulator.mmu.FaultKind.PERMISSION && a.access().write()
                        && toggle(a.faultAddress(), true) -> { } // now writable: the store is retried
                case CpuEvent.PrefetchAbort a when a.kind() == ecusim.emulator.mmu.FaultKind.PERMISSION && toggle(a.address(), false) -> { }
                default -> {
                    int pc = switch (event) {
                        case CpuEvent.DataAbort a -> a.pc();
                        case CpuEvent.PrefetchAbort a -> a.address();
                        case CpuEvent.UndefinedInstruction u -> u.pc();
                        case CpuEvent.Breakpoint b -> b.pc();
                        default -> throw new AssertionError(event);
                    };
                    return new BareOutcome.Crashed(event, image.symbols().describe(pc));
                }
            }
            if (step && next == null && cpu.instructions() > before && debugger != null) stepping = debugger.stopped(true);
        }
    }

    /**
     * Maps every page that is both writable and executable as executable only: a page is never both in
     * hardware (W^X), so that code the guest rewrites is decoded afresh (Unicorn notices its own stores to
     * code only on the first store after a TLB fill, and the counts and prices of blocks would go stale).
     */
    private void separateWriteAndExecute(ElfImage image) {
        var walker = new ecusim.emulator.mmu.PageTableWalker(ram);
        for (var segment : image.segments()) {
            long start = segment.vaddr() & 0xFFFF_F000L, end = segment.end();
            for (long page = start; page < end; page += PhysicalRam.PAGE_SIZE) {
                var t = walker.translate(table.l1Base(), (int) page);
                if (t != null && t.permissions().write() && t.permissions().execute()) {
                    table.protectPage((int) page, PagePermissions.READ_EXECUTE);
                    writableCode.put((int) page, false);
                }
            }
        }
        cpu.flushTlb();
    }

    /**
     * A permission fault on a page that is writable and executable: a store makes it writable (its code is
     * forgotten), an instruction fetch makes it executable again. False for any other page: a real fault.
     */
    private boolean toggle(int address, boolean write) {
        int page = address & ~(PhysicalRam.PAGE_SIZE - 1);
        Boolean writing = writableCode.get(page);
        if (writing == null || writing == write) return false;
        writableCode.put(page, write);
        if (write) cpu.forgetCode(table.l1Base(), page, PhysicalRam.PAGE_SIZE);
        table.protectPage(page, write ? PagePermissions.READ_WRITE : PagePermissions.READ_EXECUTE);
        cpu.flushTlbPage(page);
        return true;
    }

    /**
     * A store into the page it runs from: W^X would ping-pong without progress, so the page is writable and
     * executable for exactly one instruction, then executable only again, its code forgotten each time.
     */
    private CpuEvent stepInOwnPage(int address, long limit) {
        int page = address & -PhysicalRam.PAGE_SIZE;
        cpu.forgetCode(table.l1Base(), page, PhysicalRam.PAGE_SIZE);
        table.protectPage(page, new PagePermissions(true, true, true));
        cpu.flushTlbPage(page);
        try {
            return cpu.run(Math.min(1, limit - cpu.instructions()));
        } finally {
            cpu.forgetCode(table.l1Base(), page, PhysicalRam.PAGE_SIZE);
            table.protectPage(page, PagePermissions.READ_EXECUTE);
            cpu.flushTlbPage(page);
        }
    }

    private int serve(ProvisionalCall call, Listener listener) {
        return switch (call) {
            case WRITE -> {
                int address = cpu.register(ArmReg.R0);
                int length = cpu.register(ArmReg.R1);
                if (length < 0 || length > MAX_WRITE || !userReadable(address, length)) yield EFAULT;
                byte[] bytes = new byte[length];
                cpu.readVirtual(address, bytes, 0, length);
                listener.output(bytes);
                yield length;
            }
            case MARKER -> {
                listener.marker(cpu.register(ArmReg.R0), cpu.instructions(), cpu.cycles());
                yield 0;
            }
            case EXIT, TIME -> throw new AssertionError(call + " is handled by run");
        };
    }

    /** Reads guest memory with host privileges (a debugger); false if a page of the range is not mapped. */
    public boolean readMemory(int va, byte[] into) {
        return accessMemory(va, into, false);
    }

    /** Writes guest memory with host privileges, code included (a debugger's breakpoints); false if a page is not mapped. */
    public boolean writeMemory(int va, byte[] bytes) {
        return accessMemory(va, bytes, true);
    }

    private boolean accessMemory(int va, byte[] buffer, boolean write) {
        var walker = new ecusim.emulator.mmu.PageTableWalker(ram);
        long start = va & 0xFFFF_FFFFL, end = start + buffer.length;
        if (end > 1L << 32) return false;
        for (long page = start & ~0xFFFL; page < end; page += PhysicalRam.PAGE_SIZE) {
            if (walker.translate(table.l1Base(), (int) page) == null) return false;
        }
        for (long at = start; at < end; ) {
            long page = at & ~0xFFFL, upTo = Math.min(end, page + PhysicalRam.PAGE_SIZE);
            long pa = walker.translate(table.l1Base(), (int) page).physical() + (at - page);
            if (write) {
                ram.write(pa, buffer, (int) (at - start), (int) (upTo - at));
                cpu.forgetCode(table.l1Base(), (int) page, PhysicalRam.PAGE_SIZE);
            } else {
                ram.read(pa, buffer, (int) (at - start), (int) (upTo - at));
            }
            at = upTo;
        }
        return true;
    }

    private boolean userReadable(int address, int length) {
        if (length == 0) return true;
        long first = address & 0xFFFF_FFFFL, last = first + length - 1;
        if (last > 0xFFFF_FFFFL) return false;
        for (long page = first & ~0xFFFL; page <= last; page += PhysicalRam.PAGE_SIZE) {
            if (cpu.translate((int) page, AccessType.READ) < 0) return false;
        }
        return true;
    }

    @Override
    public void close() {
        try {
            if (cpu != null) cpu.close();
        } finally {
            ram.close();
        }
    }
}
