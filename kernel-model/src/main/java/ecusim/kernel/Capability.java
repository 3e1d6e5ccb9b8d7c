package ecusim.kernel;

/** A reference to a kernel object with the rights its holder has on it. */
public record Capability(KernelObject object, Rights rights) {}
