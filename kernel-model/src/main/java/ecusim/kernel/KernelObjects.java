package ecusim.kernel;

/**
 * Operations guests perform on kernel objects by invoking their capabilities: MR0 = opcode, arguments in
 * MR1.., results back in the MRs and the error in r1. Each checks the right it needs on the capability.
 */
final class KernelObjects {
    record Result(L4Error error, int[] words, SystemCallHandler.Outcome outcome) {
        static Result ok(int... words) {
            return new Result(L4Error.OK, words, SystemCallHandler.Outcome.CONTINUE);
        }

        static Result error(L4Error error) {
            return new Result(error, new int[0], SystemCallHandler.Outcome.CONTINUE);
        }
    }

    private KernelObjects() {}

    private static int mr(Kernel kernel, Thread self, int index) {
        return kernel.cpu().ram().readInt(self.utcbFrame() + Utcb.MR_OFFSET + 4L * index);
    }

    static Result task(Kernel kernel, Thread self, Capability cap, Task task) {
        if (!cap.rights().has(Rights.W)) return Result.error(L4Error.PERMISSION);
        MappingDatabase mapdb = kernel.mappingDatabase();
        return switch (mr(kernel, self, 0)) {
            case Abi.TASK_MAP -> {
                L4Error e = mapdb.map(self.task().capSpace(), mr(kernel, self, 1), task.capSpace(), mr(kernel, self, 2),
                        new Rights(mr(kernel, self, 3) & 15));
                yield e == L4Error.OK ? Result.ok() : Result.error(e);
            }
            case Abi.TASK_UNMAP -> {
                int selector = mr(kernel, self, 1);
                if (!task.capSpace().inRange(selector)) yield Result.error(L4Error.RANGE);
                if (task.capSpace().lookup(selector) == null) yield Result.error(L4Error.NOT_FOUND);
                yield Result.ok(mapdb.unmap(task.capSpace(), selector, true));
            }
            case Abi.TASK_CAP_VALID -> Result.ok(task.capSpace().lookup(mr(kernel, self, 1)) != null ? 1 : 0);
            default -> Result.error(L4Error.NOSYS);
        };
    }

    static Result thread(Kernel kernel, Thread self, Capability cap, Thread thread) {
        if (!cap.rights().has(Rights.W)) return Result.error(L4Error.PERMISSION);
        return switch (mr(kernel, self, 0)) {
            case Abi.THREAD_EX_REGS -> {
                var before = kernel.registersOf(thread);
                int oldPc = before == null ? 0 : before.pc(), oldSp = before == null ? 0 : before.r(13);
                kernel.exRegs(thread, mr(kernel, self, 1), mr(kernel, self, 2));
                yield Result.ok(oldPc, oldSp);
            }
            case Abi.THREAD_PAUSE -> {
                if (thread == self) yield Result.error(L4Error.INVALID); // a thread pauses others; itself it would never resume
                kernel.pause(thread);
                yield Result.ok();
            }
            case Abi.THREAD_RESUME -> {
                kernel.resume(thread);
                yield Result.ok();
            }
            default -> Result.error(L4Error.NOSYS);
        };
    }

    static Result irq(Kernel kernel, Thread self, Capability cap, Irq irq) {
        return switch (mr(kernel, self, 0)) {
            case Abi.IRQ_TRIGGER -> {
                if (!cap.rights().has(Rights.W)) yield Result.error(L4Error.PERMISSION);
                kernel.trigger(irq);
                yield Result.ok();
            }
            case Abi.IRQ_ATTACH -> {
                if (!cap.rights().has(Rights.R)) yield Result.error(L4Error.PERMISSION);
                kernel.attach(irq, self, mr(kernel, self, 1));
                yield Result.ok();
            }
            default -> Result.error(L4Error.NOSYS);
        };
    }
}
