package ecusim.kernel;

/**
 * The kernel's shadow of one page's state: what the mapping allows (writable, executable, user) and what
 * happened to it (accessed, dirty). The hardware PTE may be stricter than the shadow while dirty tracking
 * write-protects the page; the shadow is the truth.
 */
public record PageBits(long frame, boolean writable, boolean executable, boolean accessed, boolean dirty) {
    /** User pages only: every mapping the kernel makes for a task is a user mapping. */
    public boolean user() {
        return true;
    }

    public boolean present() {
        return true;
    }
}
