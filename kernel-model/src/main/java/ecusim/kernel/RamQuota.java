package ecusim.kernel;

/**
 * Who pays for the kernel memory an object needs (Fiasco.OC's Ram_quota): a task's page tables and UTCBs,
 * its threads, the gates and IRQs its factory creates. Core's protection domains implement it, so a
 * component's RAM quota covers its kernel objects as well as its dataspaces. A charge that would exceed it
 * is refused, and the kernel returns {@link L4Error#NO_MEMORY}.
 */
public interface RamQuota {
    /** Takes {@code bytes} from the quota; false (nothing taken) when fewer are left. */
    boolean charge(long bytes);

    /** Gives back what an object that went away was charged. */
    void refund(long bytes);

    /** A quota of {@code limit} bytes, for tests and for whoever has no protection domain of its own. */
    static Limited limited(long limit) {
        return new Limited(limit);
    }

    /** A quota of a fixed number of bytes; what is used of it is state a snapshot keeps. */
    final class Limited implements RamQuota {
        private final long limit;
        private long used;

        private Limited(long limit) {
            this.limit = limit;
        }

        @Override
        public boolean charge(long bytes) {
            if (bytes < 0 || bytes > limit - used) return false;
            used += bytes;
            return true;
        }

        @Override
        public void refund(long bytes) {
            used -= bytes;
        }

        public long used() {
            return used;
        }

        /** Sets what is used (a restore). */
        public void restoreUsed(long used) {
            this.used = used;
        }
    }
}
