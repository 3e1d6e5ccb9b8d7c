package ecusim.guests;

import java.util.List;
import java.util.Optional;

/**
 * The shipped component images (built against the component runtime, run under core and init), by binary
 * name: {@code counter}, {@code memwalk}, {@code pingpong-server}, ... They are the ROM modules of an ECU.
 */
public final class ComponentImages {
    private static final ImageDirectory IMAGES = new ImageDirectory("/ecusim/components/");

    private ComponentImages() {}

    public static List<String> names() {
        return IMAGES.names();
    }

    /** The ELF bytes of the image {@code name}, or empty when no such image ships. */
    public static Optional<byte[]> load(String name) {
        return IMAGES.load(name);
    }
}
