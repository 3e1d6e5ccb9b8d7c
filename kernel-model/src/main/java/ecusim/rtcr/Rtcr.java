package ecusim.rtcr;

import ecusim.config.ConfigException;
import ecusim.core.ComponentException;
import ecusim.core.Core;
import ecusim.init.JavaComponent;
import ecusim.init.StartSpec;
import ecusim.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Rtcr, the checkpointer/restorer: a parent component that starts its children itself, serves all their
 * sessions (recording every object under a stable identity), and checkpoints them as one group without
 * their knowledge — pausing their threads wherever they are, reading their threads' state, capability
 * spaces and memory through what a Genode parent on Fiasco.OC has (its intercepted sessions, the kernel's
 * thread and capability operations, write-protect tracking) — and restores such a checkpoint into empty
 * children, here or on another ECU. Every step is charged to virtual time ({@link RtcrCost}), so what a
 * checkpoint costs emerges from the mechanism.
 *
 * <p>Started by init as {@code <start name="rtcr"> <binary name="rtcr"/> <config ...>} ({@link RtcrConfig});
 * with {@code standby="yes"} it starts no child and waits for an image to restore (a migration target).
 */
public final class Rtcr implements JavaComponent {
    /** The name init knows it by, in {@code <binary name="rtcr"/>}. */
    public static final String BINARY = "rtcr";

    private Environment env;
    private RtcrConfig config;
    private final ObjectIds ids = new ObjectIds();
    final List<TargetChild> children = new ArrayList<>();
    /** The ECU's virtual time minus the group's, in cycles: 0 until a restore carries a group's time to where it continues. */
    private long groupOffsetCycles;
    private final Checkpointer checkpointer = new Checkpointer(this);
    private final RtcrServers servers = new RtcrServers(this);
    private final List<CheckpointStats> checkpointStats = new ArrayList<>();
    private final List<RestoreStats> restoreStats = new ArrayList<>();
    private final List<CheckpointImage> chain = new ArrayList<>();
    private final List<CheckpointImage> received = new ArrayList<>();
    /** Digests of the images in {@link #chain} and {@link #received}, by identity (images are compared by what they hold). */
    private final java.util.Map<CheckpointImage, String> digests = new java.util.IdentityHashMap<>();
    private final java.util.Map<String, String> binaryDigests = new java.util.HashMap<>();

    @Override
    public void start(Environment env) throws ComponentException {
        try {
            take(env);
        } catch (ConfigException e) {
            throw new ComponentException("its config: " + e.getMessage());
        }
        // Its session for a controller (a guest that asks for checkpoints and restores): service "Rtcr".
        env.announce("Rtcr", kernel().createGate(0, servers.get(RtcrServers.CONTROL)));
        if (config.standby()) return;
        for (StartSpec spec : config.children()) {
            TargetChild child = new TargetChild(this, spec);
            children.add(child);
            try {
                child.start();
            } catch (ComponentException e) {
                child.destroy();
                children.remove(child);
                throw new ComponentException("its child " + spec.name() + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ state as data (ECU snapshots)

    @Override
    public byte[] capture() {
        return RtcrSnapshots.capture(this);
    }

    @Override
    public void prepare(Environment env) {
        try {
            take(env);
        } catch (ConfigException e) {
            throw new IllegalStateException("its config: " + e.getMessage(), e);
        }
    }

    /** Its environment and config, and the fault handler of its designated dataspaces at core, under its name. */
    private void take(Environment env) throws ConfigException {
        this.env = env;
        config = RtcrConfig.parse(env.name() + "'s config", env.config());
        env.core().registerFaultHandler(faultHandlerName(), faultHandler);
    }

    @Override
    public void restore(byte[] state, java.util.function.LongFunction<ecusim.kernel.KernelObject> objects,
                        java.util.function.IntFunction<ecusim.core.Component> components) {
        RtcrSnapshots.restore(this, state, objects, components);
    }

    @Override
    public ecusim.kernel.GateServer server(String name) {
        return servers.get(name);
    }

    @Override
    public String nameOf(ecusim.kernel.GateServer server) {
        return servers.nameOf(server);
    }

    Checkpointer checkpointer() {
        return checkpointer;
    }

    long groupOffsetCycles() {
        return groupOffsetCycles;
    }

    void restoreState(long groupOffsetCycles, RtcrState.CheckpointerState checkpointerState, List<CheckpointImage> chain,
                      List<CheckpointImage> received, List<CheckpointStats> checkpointStats, List<RestoreStats> restoreStats) {
        this.groupOffsetCycles = groupOffsetCycles;
        checkpointer.restore(checkpointerState, checkpointStats.isEmpty() ? null : checkpointStats.getLast());
        this.chain.clear();
        this.chain.addAll(chain);
        this.received.clear();
        this.received.addAll(received);
        this.checkpointStats.clear();
        this.checkpointStats.addAll(checkpointStats);
        this.restoreStats.clear();
        this.restoreStats.addAll(restoreStats);
    }

    public RtcrConfig config() {
        return config;
    }

    String name() {
        return env.name();
    }

    String ecuName() {
        return env.ecu();
    }

    Core core() {
        return env.core();
    }

    Kernel kernel() {
        return env.core().kernel();
    }

    int priority() {
        return env.component().priority();
    }

    RtcrServers servers() {
        return servers;
    }

    ObjectIds ids() {
        return ids;
    }

    /** Charges {@code times} the cost of {@code step} to virtual time. */
    void charge(RtcrCost step, long times) {
        var cpu = kernel().cpu();
        if (times > 0) cpu.charge(cpu.costs().cycles(step.key()) * times);
    }

    /** The SHA-256 of ELF image {@code binary}, as an image names the binary its child ran ("" if there is none). */
    String binaryDigest(String binary) {
        return binaryDigests.computeIfAbsent(binary, b -> {
            byte[] image = core().romModule(b);
            return image == null ? "" : CheckpointImage.sha256(image);
        });
    }

    void log(String text) {
        env.log(text);
    }

    /** The group's virtual time in µs: what its Timer sessions call "now". */
    long groupMicros() {
        return kernel().cyclesToMicros(groupCyclesAt(kernel().now()));
    }

    /** The group's virtual time, in cycles of this ECU's clock, at ECU time {@code cycles}. */
    long groupCyclesAt(long cycles) {
        return cycles - groupOffsetCycles;
    }

    /** The group's clock reads {@code groupCycles} now (a restore). */
    void setGroupCycles(long groupCycles) {
        groupOffsetCycles = kernel().now() - groupCycles;
    }

    /** The child of the group (other than {@code client}) that provides {@code service}, or null. */
    TargetChild provider(String service, TargetChild client) {
        for (TargetChild c : children) {
            if (c != client && !c.exited && (c.announced.containsKey(service) || c.spec.provides().contains(service))) return c;
        }
        return null;
    }

    void announced(TargetChild server, String service) {
        for (TargetChild c : children) if (c != server) c.answerPending(server, service);
    }

    void childExited(TargetChild child, int code) {
        child.exited = true;
        log("child " + child.spec.name() + " exited with " + code);
        child.destroy();
        if (children.stream().allMatch(c -> c.exited)) env.exit(code);
    }

    // ------------------------------------------------------------------ checkpoint and restore

    /** The "Rtcr" session: a controller's checkpoint and restore requests, answered when done (in virtual time, charged). */
    ecusim.kernel.Message control(ecusim.kernel.IpcGate gate, ecusim.kernel.Thread caller, ecusim.kernel.Message request) {
        try {
            switch (request.label()) {
                case ecusim.core.Protocol.RTCR_CHECKPOINT -> {
                    CheckpointImage image = checkpoint(request.word(0) != 0);
                    CheckpointStats s = checkpointStats.getLast();
                    log("checkpoint " + s.sequence() + " (" + (image.incremental() ? "incremental" : "full") + ") for a controller: " + s.pagesWritten()
                            + " of " + s.pagesScanned() + " pages");
                    return ecusim.kernel.Message.of(0, (int) s.sequence(), (int) s.pagesWritten());
                }
                case ecusim.core.Protocol.RTCR_RESTORE -> {
                    List<CheckpointImage> latest = received.isEmpty() ? chain() : received();
                    if (latest.isEmpty()) return ecusim.kernel.Message.error(ecusim.kernel.L4Error.NOT_FOUND);
                    restore(latest);
                    log("restored checkpoint " + latest.getLast().header().sequence() + " for a controller");
                    return ecusim.kernel.Message.of(0, (int) latest.getLast().header().sequence());
                }
                default -> {
                    return ecusim.kernel.Message.error(ecusim.kernel.L4Error.NOSYS);
                }
            }
        } catch (CheckpointException e) {
            log("refused a controller: " + e.getMessage());
            return ecusim.kernel.Message.error(ecusim.kernel.L4Error.INVALID);
        }
    }

    /**
     * Checkpoints the group now: pauses every thread, records everything, copies the memory the mode says
     * changed, resumes them. {@code incremental} asks for an image of what changed since the last one (in
     * the modes that track changes; the first image is always full).
     */
    public CheckpointImage checkpoint(boolean incremental) throws CheckpointException {
        CheckpointImage image = checkpointer.take(incremental);
        checkpointStats.add(checkpointer.lastStats());
        if (!image.incremental()) chain.clear();
        chain.add(image);
        forgetDigests();
        return image;
    }

    /** The images since (and with) the last full one, oldest first: what restores the group's latest checkpoint. */
    public List<CheckpointImage> chain() {
        return List.copyOf(chain);
    }

    /**
     * Takes an image sent from another ECU's Rtcr (a migration), as the bytes that came: a full one starts a
     * new received chain, an incremental one must build on the last image received. Refused otherwise (and
     * a damaged one by its record and byte); what was received stays.
     */
    public void receive(byte[] encoded) throws CheckpointException, ecusim.platform.SnapshotFormatException {
        CheckpointImage image = CheckpointImage.decode(encoded);
        if (image.incremental()) {
            if (received.isEmpty() || !digestOf(received.getLast()).equals(image.header().parentDigest())) {
                throw new CheckpointException("incremental image " + image.header().sequence() + " builds on an image " + name()
                        + " has not received (parent digest " + image.header().parentDigest() + ")");
            }
        } else {
            received.clear();
        }
        received.add(image);
        rememberDigest(image, CheckpointImage.digest(encoded));
        forgetDigests();
    }

    /** The digest of {@code image} (how the next image of its chain names it): known for the chains Rtcr holds, else encoded. */
    String digestOf(CheckpointImage image) {
        return digests.computeIfAbsent(image, i -> CheckpointImage.digest(i.encode()));
    }

    void rememberDigest(CheckpointImage image, String digest) {
        digests.put(image, digest);
    }

    /** Keeps the digests of the images Rtcr still holds only. */
    private void forgetDigests() {
        java.util.Set<CheckpointImage> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(chain);
        held.addAll(received);
        digests.keySet().retainAll(held);
    }

    /** The chain received from elsewhere, oldest first (empty if none). */
    public List<CheckpointImage> received() {
        return List.copyOf(received);
    }

    /**
     * Replaces the group by the one {@code chain} describes (a full image and the incremental images after
     * it, oldest first): every child is ended, then made again empty and filled from the images. Checked
     * first: a chain that does not fit this Rtcr is refused and nothing changes.
     */
    public void restore(List<CheckpointImage> chain) throws CheckpointException {
        Restorer restorer = new Restorer(this, chain);
        restorer.check();
        for (TargetChild c : children) c.destroy();
        children.clear();
        restorer.restore(() -> checkpointer.restored(chain)); // tracking starts before the group runs again
        restoreStats.add(restorer.stats());
    }

    public List<CheckpointStats> checkpointStats() {
        return List.copyOf(checkpointStats);
    }

    public List<RestoreStats> restoreStats() {
        return List.copyOf(restoreStats);
    }

    /** Whether any child of its group still runs (there is something to checkpoint). */
    public boolean running() {
        return children.stream().anyMatch(c -> !c.exited && c.component != null && !c.component.destroyed());
    }

    /** The names of the children it started, in order (their log lines say "rtcr -> name"). */
    public List<String> childNames() {
        return children.stream().map(c -> c.spec.name()).toList();
    }

    /** How many sessions child {@code name} has asked Rtcr for since it was started or restored (-1: no such child). */
    public int sessionRequests(String name) {
        for (TargetChild c : children) if (c.spec.name().equals(name)) return c.sessionRequests;
        return -1;
    }

    // ------------------------------------------------------------------ designated dataspaces

    private record Tracked(TargetChild child, TargetChild.Designated dataspace) {}

    private final java.util.Map<ecusim.core.RegionMap, Tracked> tracked = new java.util.IdentityHashMap<>();
    private final ecusim.core.RegionMap.FaultHandler faultHandler = (map, offset, write) -> {
        Tracked t = tracked.get(map);
        if (t != null) t.child().designatedFault(t.dataspace(), offset);
    };

    /** The name Rtcr's fault handler of designated dataspaces has at core. */
    String faultHandlerName() {
        return "rtcr:" + env.name();
    }

    ecusim.core.RegionMap.FaultHandler faultHandler() {
        return faultHandler;
    }

    void track(ecusim.core.RegionMap map, TargetChild child, TargetChild.Designated d) {
        tracked.put(map, new Tracked(child, d));
    }

    void untrack(ecusim.core.RegionMap map) {
        tracked.remove(map);
    }

    StartSpec spec(String name) {
        for (StartSpec s : config.children()) if (s.name().equals(name)) return s;
        return null;
    }
}
