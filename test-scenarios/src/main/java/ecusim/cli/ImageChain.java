package ecusim.cli;

import ecusim.rtcr.CheckpointException;
import ecusim.rtcr.CheckpointImage;
import java.util.List;

/** Checkpoint images as read (from files or a connection): decoded, and the bytes they came as (which carry their digests). */
record ImageChain(List<CheckpointImage> images, List<byte[]> bytes) {
    ImageChain {
        images = List.copyOf(images);
        bytes = List.copyOf(bytes);
    }

    /** Refuses images that do not make a chain: a full one first, each other building on the one before. */
    void check() throws CheckpointException {
        CheckpointImage.checkChain(images, bytes);
    }
}
