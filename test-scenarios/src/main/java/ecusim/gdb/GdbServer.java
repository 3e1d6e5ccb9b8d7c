package ecusim.gdb;

import ecusim.emulator.cpu.RegisterFile;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The GDB remote serial protocol over one TCP connection, for one stopped thread at a time. The simulation
 * calls {@link #stopped} whenever the debugged thread stops (at start, at a breakpoint, after a step); it
 * answers GDB's packets until GDB resumes, and returns how. While it does, the simulation stands still.
 *
 * <p>Registers: r0–r15, cpsr, d0–d31, fpscr, in that order (the target description it sends, remote numbers
 * 0–49). Breakpoints (Z0/z0) are BKPT instructions written into the guest's code (ARM {@code e1200070},
 * Thumb {@code be00}); memory reads show the original bytes. Not supported: watchpoints, interrupting a
 * running target with Ctrl-C (set breakpoints before continuing), several threads.
 */
public final class GdbServer implements Closeable {
    /** How the debugged thread goes on after a stop. */
    public enum Resume { CONTINUE, STEP, DETACH, KILL }

    private static final int SIGTRAP = 5;
    private static final byte[] ARM_BKPT = {0x70, 0x00, 0x20, (byte) 0xE1}, THUMB_BKPT = {0x00, (byte) 0xBE};
    private static final HexFormat HEX = HexFormat.of();

    private final ServerSocket listener;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean acks = true;
    private boolean waitingForStop; // GDB resumed us and waits for a stop reply
    private boolean gone;
    private final Map<Integer, byte[]> breakpoints = new HashMap<>(); // address -> original bytes

    private GdbServer(ServerSocket listener) {
        this.listener = listener;
    }

    /** Listens on {@code host:port} (port 0: any free one, see {@link #port()}). */
    public static GdbServer listen(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(host, port), 1);
        return new GdbServer(s);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Waits for GDB to connect. */
    public void accept() throws IOException {
        socket = listener.accept();
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Whether GDB is still there (it has not detached, killed or hung up). */
    public boolean connected() {
        return socket != null && !gone;
    }

    /**
     * The debugged thread stopped: tells GDB if it is waiting, then serves its requests about {@code target}
     * until it resumes. After a detach or a lost connection it returns {@link Resume#DETACH} at once.
     */
    public Resume stopped(GdbTarget target) {
        if (!connected()) return Resume.DETACH;
        try {
            if (waitingForStop) {
                send("S" + hex2(SIGTRAP));
                waitingForStop = false;
            }
            while (true) {
                String packet = receive();
                if (packet == null) {
                    gone = true;
                    return Resume.DETACH;
                }
                Resume resume = handle(packet, target);
                if (resume != null) {
                    if (resume == Resume.CONTINUE || resume == Resume.STEP) waitingForStop = true;
                    return resume;
                }
            }
        } catch (IOException e) {
            gone = true;
            return Resume.DETACH;
        }
    }

    /** The debugged guest ended with {@code code}: GDB hears of it (if it waits) and the connection ends. */
    public void exited(int code) {
        if (!connected()) return;
        try {
            if (waitingForStop) send("W" + hex2(code & 0xFF));
        } catch (IOException ignored) {
            // GDB went away: nothing to tell
        }
        gone = true;
    }

    /** The debugged thread was stopped by a fault it cannot go on from: GDB hears of it as a signal. */
    public void terminated(int signal) {
        if (!connected()) return;
        try {
            if (waitingForStop) send("X" + hex2(signal));
        } catch (IOException ignored) {
            // GDB went away: nothing to tell
        }
        gone = true;
    }

    private Resume handle(String packet, GdbTarget target) throws IOException {
        char command = packet.isEmpty() ? ' ' : packet.charAt(0);
        switch (command) {
            case '?' -> send("S" + hex2(SIGTRAP));
            case 'g' -> send(encodeRegisters(target.registers()));
            case 'G' -> {
                target.setRegisters(decodeRegisters(packet.substring(1), target.registers()));
                send("OK");
            }
            case 'p' -> {
                int n = Integer.parseInt(packet.substring(1), 16);
                String all = encodeRegisters(target.registers());
                int[] span = registerSpan(n);
                send(span == null ? "E00" : all.substring(span[0], span[1]));
            }
            case 'P' -> {
                int eq = packet.indexOf('=');
                int n = Integer.parseInt(packet.substring(1, eq), 16);
                int[] span = registerSpan(n);
                if (span == null) {
                    send("E00");
                } else {
                    StringBuilder all = new StringBuilder(encodeRegisters(target.registers()));
                    all.replace(span[0], span[1], packet.substring(eq + 1));
                    target.setRegisters(decodeRegisters(all.toString(), target.registers()));
                    send("OK");
                }
            }
            case 'm' -> {
                int comma = packet.indexOf(',');
                int address = (int) Long.parseLong(packet.substring(1, comma), 16);
                int length = Math.min(Integer.parseInt(packet.substring(comma + 1), 16), 4096);
                byte[] bytes = new byte[length];
                if (target.read(address, bytes)) send(HEX.formatHex(withoutBreakpoints(address, bytes)));
                else send("E01");
            }
            case 'M' -> {
                int comma = packet.indexOf(','), colon = packet.indexOf(':');
                int address = (int) Long.parseLong(packet.substring(1, comma), 16);
                byte[] bytes = HEX.parseHex(packet.substring(colon + 1));
                send(target.write(address, bytes) ? "OK" : "E01");
            }
            case 'Z', 'z' -> send(breakpoint(packet, command == 'Z', target));
            case 'c' -> {
                return Resume.CONTINUE;
            }
            case 's' -> {
                return Resume.STEP;
            }
            case 'D' -> {
                send("OK");
                removeAllBreakpoints(target);
                gone = true;
                return Resume.DETACH;
            }
            case 'k' -> {
                removeAllBreakpoints(target);
                gone = true;
                return Resume.KILL;
            }
            case 'H', 'T' -> send("OK"); // one thread
            case 'q', 'Q' -> send(query(packet));
            default -> send(""); // not supported: GDB falls back (vCont -> c/s, X -> M)
        }
        return null;
    }

    private String query(String packet) {
        if (packet.startsWith("qSupported")) return "PacketSize=2000;qXfer:features:read+;QStartNoAckMode+";
        if (packet.equals("QStartNoAckMode")) {
            acks = false; // takes effect after this reply's ack
            return "OK";
        }
        if (packet.startsWith("qXfer:features:read:target.xml:")) {
            String[] range = packet.substring("qXfer:features:read:target.xml:".length()).split(",");
            int offset = Integer.parseInt(range[0], 16), length = Integer.parseInt(range[1], 16);
            String xml = TargetDescription.XML;
            if (offset >= xml.length()) return "l";
            String part = xml.substring(offset, Math.min(xml.length(), offset + length));
            return (offset + part.length() >= xml.length() ? "l" : "m") + part;
        }
        if (packet.equals("qAttached")) return "1";
        if (packet.equals("qC")) return "QC1";
        if (packet.equals("qfThreadInfo")) return "m1";
        if (packet.equals("qsThreadInfo")) return "l";
        if (packet.startsWith("qSymbol")) return "OK";
        return "";
    }

    private String breakpoint(String packet, boolean insert, GdbTarget target) {
        String[] fields = packet.substring(1).split(",");
        if (!fields[0].equals("0") || fields.length < 3) return ""; // software breakpoints only
        int address = (int) Long.parseLong(fields[1], 16);
        int kind = Integer.parseInt(fields[2].split(";")[0], 16);
        if (insert) {
            if (breakpoints.containsKey(address)) return "OK";
            byte[] bkpt = kind == 4 ? ARM_BKPT : THUMB_BKPT; // kind 2 and 3: Thumb (a 16-bit BKPT covers a 32-bit one's start)
            byte[] original = new byte[bkpt.length];
            if (!target.read(address, original) || !target.write(address, bkpt)) return "E01";
            breakpoints.put(address, original);
        } else {
            byte[] original = breakpoints.remove(address);
            if (original != null && !target.write(address, original)) return "E01";
        }
        return "OK";
    }

    private void removeAllBreakpoints(GdbTarget target) {
        breakpoints.forEach(target::write);
        breakpoints.clear();
    }

    /** Memory as GDB should see it: the original bytes where breakpoints are written. */
    private byte[] withoutBreakpoints(int address, byte[] bytes) {
        breakpoints.forEach((at, original) -> {
            for (int i = 0; i < original.length; i++) {
                long offset = (at + i & 0xFFFF_FFFFL) - (address & 0xFFFF_FFFFL);
                if (offset >= 0 && offset < bytes.length) bytes[(int) offset] = original[i];
            }
        });
        return bytes;
    }

    // ---- registers: r0-r15, cpsr (4 bytes each), d0-d31 (8 bytes each), fpscr (4 bytes), little-endian hex

    private static int[] registerSpan(int n) {
        if (n >= 0 && n <= 16) return new int[] {8 * n, 8 * n + 8};
        if (n >= 17 && n <= 48) return new int[] {136 + 16 * (n - 17), 136 + 16 * (n - 16)};
        if (n == 49) return new int[] {648, 656};
        return null;
    }

    static String encodeRegisters(RegisterFile r) {
        StringBuilder s = new StringBuilder(656);
        for (int i = 0; i < 16; i++) s.append(le32(i == 15 ? r.pc() : r.r(i)));
        s.append(le32(r.cpsr()));
        for (long d : r.vfp()) s.append(le32((int) d)).append(le32((int) (d >>> 32)));
        s.append(le32(r.fpscr()));
        return s.toString();
    }

    /** The registers GDB wrote over {@code current}; the mode stays user mode, whatever GDB wrote into it. */
    static RegisterFile decodeRegisters(String hex, RegisterFile current) {
        int[] gpr = current.gpr();
        for (int i = 0; i < 16 && hex.length() >= 8 * i + 8; i++) gpr[i] = readLe32(hex, 8 * i);
        int cpsr = hex.length() >= 136 ? (readLe32(hex, 128) & ~0x1F) | RegisterFile.CPSR_USER : current.cpsr();
        long[] vfp = current.vfp();
        for (int i = 0; i < 32 && hex.length() >= 136 + 16 * i + 16; i++) {
            vfp[i] = readLe32(hex, 136 + 16 * i) & 0xFFFF_FFFFL | (long) readLe32(hex, 144 + 16 * i) << 32;
        }
        int fpscr = hex.length() >= 656 ? readLe32(hex, 648) : current.fpscr();
        return new RegisterFile(gpr, cpsr, vfp, fpscr, current.tpidrurw(), current.tpidruro());
    }

    private static String le32(int v) {
        return HEX.formatHex(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    private static int readLe32(String hex, int at) {
        byte[] b = HEX.parseHex(hex, at, at + 8);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private static String hex2(int v) {
        return String.format("%02x", v & 0xFF);
    }

    // ---- packets: $data#cs, acknowledged with + until QStartNoAckMode

    private String receive() throws IOException {
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            if (c != '$') continue; // acks, and a Ctrl-C, which a stopped target ignores
            StringBuilder data = new StringBuilder();
            int sum = 0;
            while ((c = in.read()) != '#') {
                if (c < 0) return null;
                if (c == '}') { // escaped byte
                    sum += c;
                    c = in.read();
                    sum += c;
                    data.append((char) (c ^ 0x20));
                    continue;
                }
                sum += c;
                data.append((char) c);
            }
            int hi = in.read(), lo = in.read();
            if (hi < 0 || lo < 0) return null;
            boolean ok = Integer.parseInt("" + (char) hi + (char) lo, 16) == (sum & 0xFF);
            if (acks) {
                out.write(ok ? '+' : '-');
                out.flush();
            }
            if (ok) return data.toString();
        }
    }

    private void send(String data) throws IOException {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) sum += data.charAt(i);
        out.write(("$" + data + "#" + hex2(sum)).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            if (socket != null) socket.close();
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
