package ecusim.guests;

import java.util.List;

/** The shipped bare-metal guest images (provisional ABI, emulator level), by name ({@code hello}, {@code memwalk}, ...). */
public final class GuestImages {
    private static final ImageDirectory IMAGES = new ImageDirectory("/ecusim/guests/");

    private GuestImages() {}

    /** Names of all shipped images, in the order of {@code index.txt}. */
    public static List<String> names() {
        return IMAGES.names();
    }

    /** The ELF bytes of image {@code name}. */
    public static byte[] load(String name) {
        return IMAGES.load(name).orElseThrow(() -> new IllegalArgumentException(
                "no shipped guest image '" + name + "' (shipped: " + String.join(", ", names()) + ")"));
    }
}
