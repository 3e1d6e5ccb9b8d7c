package ecusim.rtcr;

import ecusim.emulator.cpu.RegisterFile;
import ecusim.platform.SnapshotFile;
import ecusim.platform.SnapshotFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One checkpoint of an Rtcr group as a self-describing, versioned binary stream (seed 003): a header, then
 * the metadata of every child (threads, capabilities, sessions, dataspaces, attachments, gates and signals),
 * then seed 002's per-page version index (which image of the chain holds each page), then the page records,
 * each with its dataspace identity, offset and version, in dataspace and offset order. The framing is the ECU
 * snapshot's ({@link SnapshotFile}: magic, format number, schema, numbered records with CRC-32C each, a
 * trailing SHA-256 over the whole image), with a magic of its own. An incremental image carries only the
 * pages that changed and names its parent by the parent's digest; every reference inside an image is an
 * Rtcr identity, never a kernel object id or a badge.
 */
public record CheckpointImage(Header header, List<ChildImage> children, List<PageIndex> index, List<PageImage> pages) {
    public static final byte[] MAGIC = "ECUSIM-CKPTIMAGE".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param ecu            the ECU it was taken on
     * @param rtcr           the name of the Rtcr that took it
     * @param sequence       its number in Rtcr's series (1 for the first)
     * @param parentDigest   the digest of the image it builds on, or "" for a full image
     * @param mode           the memory mode ({@link MemoryMode#xmlName()})
     * @param clockHz        the clock its cycle counts are in
     * @param resumedAtCycles the ECU's virtual time when the group ran again after it (its encoding done): the
     *                        instant it describes
     * @param groupCycles    the group's virtual time then (what its Timer's "now" counts), in cycles of {@code clockHz}
     * @param nextObjectId   Rtcr's next identity, so a restored group hands out none twice
     */
    public record Header(String ecu, String rtcr, long sequence, String parentDigest, String mode, int granularity, long clockHz, long resumedAtCycles,
                         long groupCycles, long nextObjectId) {}

    /** One child: how it was started, and everything it held; {@code mapped}: the pages of its address space its page table mapped. */
    public record ChildImage(String name, String binary, String binaryDigest, long ramQuota, int priority, String config, long task,
                             long parentGate, long pdSession, long rmSession, long cpuSession, int nextSessionId, List<ThreadImage> threads,
                             List<DataspaceImage> dataspaces, List<AttachmentImage> attachments, List<EndpointImage> endpoints,
                             List<SessionImage> sessions, List<AnnounceImage> announced, List<CapabilityImage> capabilities, int[] mapped) {}

    /**
     * A thread's complete state: registers, scheduling state, its UTCB, and its pending kernel operation with
     * references as identities ({@code pending}: NONE, SENDING, AWAITING_REPLY, AWAITING_SERVER, RECEIVING_OPEN,
     * RECEIVING_IRQ, SLEEPING); a timeout as the cycles that were left of it when the group resumed; its place
     * in line (ready queue, or its receiver's senders), -1 for none.
     */
    public record ThreadImage(long id, String name, int priority, int utcbAddress, String state, RegisterFile registers, boolean paused,
                              String pending, long partner, long gate, int tag, boolean call, int timeoutUs, long irq, long timeoutLeftCycles,
                              long sliceLeft, int queuePosition, byte[] utcb) {}

    /**
     * A dataspace: RAM of {@code size} bytes — designated dataspaces of {@code tilePages} pages each when that
     * is not 0 — or (when {@code rom} is set) ROM module {@code rom} of session {@code session}.
     */
    public record DataspaceImage(long id, int size, String rom, long session, int tilePages) {}

    public record AttachmentImage(int at, long dataspace, int size, boolean writable, boolean executable) {}

    /** An IPC gate ({@code signal} false) or a signal of the child's PD session, bound to thread {@code receiver}. */
    public record EndpointImage(long id, boolean signal, long receiver, int label, int pending) {}

    /**
     * A session of the child's parent interface: LOG, ROM or Timer (Rtcr's), or a service of {@code server},
     * another child of the group. A Timer session's signal, its alarm's cycles left and period, and its sleeps.
     */
    public record SessionImage(int sessionId, long id, String service, String label, long quota, String server, long signal,
                               long alarmLeftCycles, long alarmPeriodCycles, List<SleepImage> sleeps) {}

    public record SleepImage(long thread, long leftCycles) {}

    public record AnnounceImage(String service, long gate) {}

    /**
     * One occupied capability selector: the object's identity, the rights, and where the capability was
     * derived from — a selector of the child at index {@code parentChild} of the group, or -1 for a root —
     * with its place among that parent's copies.
     */
    public record CapabilityImage(int selector, long object, int rights, int parentChild, int parentSelector, int childIndex) {}

    /** One page of a dataspace, as it was at checkpoint {@code version}. */
    public record PageImage(long dataspace, int offset, long version, byte[] data) {}

    /**
     * Seed 002's per-page version index of one RAM dataspace: for each page, the checkpoint (sequence number)
     * of the chain whose image holds its content as of this one, 0 for a page never written (zeros). A restore
     * finds every page's record through it, in whichever image of the chain that is.
     */
    public record PageIndex(long dataspace, long[] versions) {}

    private static final SnapshotFile FILE = new SnapshotFile(MAGIC, "checkpoint image",
            List.of(Header.class, ChildImage.class, PageIndex.class, PageImage.class));

    /** Whether it carries only what changed since its parent. */
    public boolean incremental() {
        return !header.parentDigest().isEmpty();
    }

    /** The image as bytes: the header, the children's metadata, the version index, then the pages. */
    public byte[] encode() {
        return FILE.encode(records());
    }

    /** Writes the image to {@code file} atomically (a temporary file beside it, moved into place). */
    public void write(java.nio.file.Path file) throws java.io.IOException {
        FILE.write(file, records());
    }


    private List<Record> records() {
        List<Record> records = new ArrayList<>(1 + children.size() + index.size() + pages.size());
        records.add(header);
        records.addAll(children);
        records.addAll(index);
        records.addAll(pages);
        return records;
    }

    /** The version index of dataspace {@code id}, or null. */
    public PageIndex indexOf(long id) {
        for (PageIndex i : index) if (i.dataspace() == id) return i;
        return null;
    }

    /** This image's record of page {@code offset} of dataspace {@code id}, or null (records are in dataspace and offset order). */
    public PageImage page(long id, int offset) {
        int lo = 0, hi = pages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            PageImage p = pages.get(mid);
            int c = p.dataspace() != id ? Long.compare(p.dataspace(), id) : Integer.compare(p.offset(), offset);
            if (c == 0) return p;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    /**
     * One full image equal to {@code chain} (a full image and the incremental ones after it, oldest first):
     * the newest image's metadata and, for each page of its dataspaces, the newest record of the chain.
     */
    public static CheckpointImage flatten(List<CheckpointImage> chain) {
        CheckpointImage last = chain.getLast();
        Header h = last.header();
        java.util.Map<Long, CheckpointImage> bySequence = new java.util.HashMap<>();
        for (CheckpointImage image : chain) bySequence.put(image.header().sequence(), image);
        List<PageIndex> index = new ArrayList<>();
        List<PageImage> pages = new ArrayList<>();
        for (PageIndex i : last.index()) {
            long[] versions = new long[i.versions().length];
            for (int p = 0; p < versions.length; p++) {
                if (i.versions()[p] == 0) continue;
                PageImage page = bySequence.get(i.versions()[p]).page(i.dataspace(), p * 4096);
                pages.add(new PageImage(page.dataspace(), page.offset(), h.sequence(), page.data()));
                versions[p] = h.sequence();
            }
            index.add(new PageIndex(i.dataspace(), versions));
        }
        pages.sort(java.util.Comparator.comparingLong(PageImage::dataspace).thenComparingInt(PageImage::offset));
        return new CheckpointImage(new Header(h.ecu(), h.rtcr(), h.sequence(), "", h.mode(), h.granularity(), h.clockHz(), h.resumedAtCycles(), h.groupCycles(),
                h.nextObjectId()), last.children(), index, pages);
    }

    /**
     * Refuses a chain whose newest image's version index names a page no image of the chain holds (the index
     * is how a restore finds each page).
     */
    public static void checkPages(List<CheckpointImage> chain) throws CheckpointException {
        java.util.Map<Long, CheckpointImage> bySequence = new java.util.HashMap<>();
        for (CheckpointImage image : chain) bySequence.put(image.header().sequence(), image);
        for (PageIndex i : chain.getLast().index()) {
            for (int p = 0; p < i.versions().length; p++) {
                long v = i.versions()[p];
                if (v == 0) continue;
                CheckpointImage holder = bySequence.get(v);
                if (holder == null) {
                    throw new CheckpointException("page " + p + " of dataspace " + i.dataspace() + " is in checkpoint " + v + ", which the chain lacks");
                }
                if (holder.page(i.dataspace(), p * 4096) == null) {
                    throw new CheckpointException("checkpoint " + v + " lacks page " + p + " of dataspace " + i.dataspace() + ", which the index says it holds");
                }
            }
        }
    }

    /**
     * Refuses a chain that is empty, does not start with a full image, or whose images do not each build on
     * the one before; {@code encoded} are the images' bytes, which carry their digests.
     */
    public static void checkChain(List<CheckpointImage> chain, List<byte[]> encoded) throws CheckpointException {
        java.util.Map<CheckpointImage, String> digests = new java.util.IdentityHashMap<>();
        for (int i = 0; i < chain.size(); i++) digests.put(chain.get(i), digest(encoded.get(i)));
        checkChain(chain, digests::get);
    }

    /** As {@link #checkChain(List, List)}, with the images' digests from {@code digests} (known ones need no encoding). */
    public static void checkChain(List<CheckpointImage> chain, java.util.function.Function<CheckpointImage, String> digests) throws CheckpointException {
        if (chain.isEmpty()) throw new CheckpointException("no image to restore");
        if (chain.getFirst().incremental()) {
            throw new CheckpointException("image " + chain.getFirst().header().sequence() + " is incremental: its parent (digest "
                    + chain.getFirst().header().parentDigest() + ") is missing from the chain");
        }
        for (int i = 1; i < chain.size(); i++) {
            var h = chain.get(i).header();
            String parent = digests.apply(chain.get(i - 1));
            if (!h.parentDigest().equals(parent)) {
                throw new CheckpointException("image " + i + " of the chain (checkpoint " + h.sequence() + ") builds on "
                        + (h.parentDigest().isEmpty() ? "nothing (it is full)" : "digest " + h.parentDigest()) + ", not on the image before it (" + parent + ")");
            }
        }
    }

    /** Decodes and checks an image; a damaged, truncated or foreign one is refused with its record and byte. */
    public static CheckpointImage decode(byte[] bytes) throws SnapshotFormatException {
        List<Record> records = FILE.decode(bytes);
        if (records.isEmpty() || !(records.getFirst() instanceof Header header)) {
            throw new SnapshotFormatException("record 0 is not the image's header", SnapshotFile.MAGIC.length);
        }
        List<ChildImage> children = new ArrayList<>();
        List<PageIndex> index = new ArrayList<>();
        List<PageImage> pages = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            switch (records.get(i)) {
                case ChildImage c when index.isEmpty() && pages.isEmpty() -> children.add(c);
                case PageIndex x when pages.isEmpty() -> index.add(x);
                case PageImage p -> {
                    if (!pages.isEmpty() && (pages.getLast().dataspace() > p.dataspace()
                            || pages.getLast().dataspace() == p.dataspace() && pages.getLast().offset() >= p.offset())) {
                        throw new SnapshotFormatException("record " + i + " (PageImage) is out of dataspace and offset order", 0);
                    }
                    pages.add(p);
                }
                default -> throw new SnapshotFormatException("record " + i + " (" + records.get(i).getClass().getSimpleName()
                        + ") comes out of order: the header, the children, the page index, then the pages", 0);
            }
        }
        return new CheckpointImage(header, children, index, pages);
    }

    /**
     * An image's digest, in hex, from its encoded {@code bytes}: the SHA-256 of everything before its end
     * record, which that record carries (so it is read, not computed again). How an incremental image names
     * its parent.
     */
    public static String digest(byte[] bytes) {
        return HexFormat.of().formatHex(SnapshotFile.digestOf(bytes));
    }

    /** The SHA-256 of any bytes, in hex (an ELF image's, say). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** How many bytes {@link #encode} gives, worked out without encoding. */
    public long encodedLength() {
        return FILE.encodedLength(records());
    }
}
