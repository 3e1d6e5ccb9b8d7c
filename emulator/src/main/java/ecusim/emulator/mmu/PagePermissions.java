package ecusim.emulator.mmu;

/**
 * What user-mode (PL0) code may do with a page. Privileged access is always read/write; the kernel
 * model runs on the host and never goes through the MMU anyway.
 */
public record PagePermissions(boolean read, boolean write, boolean execute) {
    public static final PagePermissions NONE = new PagePermissions(false, false, false);
    public static final PagePermissions READ = new PagePermissions(true, false, false);
    public static final PagePermissions READ_WRITE = new PagePermissions(true, true, false);
    public static final PagePermissions READ_EXECUTE = new PagePermissions(true, false, true);
    public static final PagePermissions ALL = new PagePermissions(true, true, true);

    public PagePermissions {
        if (write && !read) throw new IllegalArgumentException("ARMv7 AP bits cannot express write without read");
        if (execute && !read) throw new IllegalArgumentException("ARMv7 user execution needs read permission");
    }

    /** Permissions given as {@code r}, {@code w}, {@code x} letters, e.g. {@code "rw"}. */
    public static PagePermissions parse(String letters) {
        return new PagePermissions(letters.indexOf('r') >= 0, letters.indexOf('w') >= 0, letters.indexOf('x') >= 0);
    }

    public boolean allows(AccessType type) {
        return switch (type) {
            case READ -> read;
            case WRITE -> write;
            case EXECUTE -> execute;
        };
    }

    @Override
    public String toString() {
        return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
    }
}
