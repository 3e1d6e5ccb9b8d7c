package ecusim.platform;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java records (the state records of kernel, core and init) as bytes and back, field by field in
 * declaration order: {@code boolean} (one byte), {@code int}, {@code long} (big-endian), {@code String}
 * (length and UTF-8, -1 for null), {@code byte[]}, {@code int[]}, {@code long[]}, {@code List} of any of
 * these, and nested records (a presence byte, then their fields). Its {@link #schema()} describes every record
 * type it handles, so a file can say what it holds and a reader can tell a file of another layout at once.
 * Decoding checks every length against what is left and says at which byte something does not fit.
 */
final class RecordCodec {
    private final Map<Class<?>, RecordComponent[]> layouts = new LinkedHashMap<>();
    private final Map<Class<?>, Constructor<?>> constructors = new LinkedHashMap<>();

    /** A codec for {@code roots} and every record type reachable from them. */
    RecordCodec(List<Class<? extends Record>> roots) {
        for (Class<? extends Record> root : roots) learn(root);
    }

    private void learn(Class<?> type) {
        if (layouts.containsKey(type)) return;
        RecordComponent[] components = type.getRecordComponents();
        layouts.put(type, components);
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) parameters[i] = components[i].getType();
        try {
            Constructor<?> c = type.getDeclaredConstructor(parameters);
            c.setAccessible(true);
            constructors.put(type, c);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type + " has no canonical constructor", e);
        }
        for (RecordComponent rc : components) learnType(rc.getGenericType(), type.getName() + "." + rc.getName());
    }

    private void learnType(Type type, String where) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            learnType(p.getActualTypeArguments()[0], where);
        } else if (type instanceof Class<?> c && c.isRecord()) {
            learn(c);
        } else if (!(type == boolean.class || type == int.class || type == long.class || type == String.class || type == byte[].class
                || type == int[].class || type == long[].class || type == Long.class || type == Integer.class)) {
            throw new IllegalArgumentException(where + ": no encoding for " + type);
        }
    }

    /** Every record type with its fields, one per line, in the order they were first met: the layout a file is written in. */
    String schema() {
        StringBuilder out = new StringBuilder();
        layouts.forEach((type, components) -> {
            out.append(type.getName()).append('(');
            for (int i = 0; i < components.length; i++) {
                if (i > 0) out.append(", ");
                out.append(components[i].getGenericType().getTypeName().replace("java.lang.", "").replace("java.util.", ""))
                        .append(' ').append(components[i].getName());
            }
            out.append(")\n");
        });
        return out.toString();
    }

    // ------------------------------------------------------------------ encoding

    byte[] encode(Record record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeRecord(out, record.getClass(), record);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private void writeRecord(DataOutputStream out, Class<?> type, Object record) throws IOException {
        RecordComponent[] components = layouts.get(type);
        if (components == null) throw new IllegalArgumentException("no layout for " + type);
        for (RecordComponent rc : components) {
            Object value;
            try {
                value = rc.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                rc.getAccessor().setAccessible(true);
                try {
                    value = rc.getAccessor().invoke(record);
                } catch (IllegalAccessException | InvocationTargetException again) {
                    throw new IllegalStateException("cannot read " + type.getName() + "." + rc.getName(), again);
                }
            }
            write(out, rc.getGenericType(), value);
        }
    }

    private void write(DataOutputStream out, Type type, Object value) throws IOException {
        if (type == boolean.class) out.writeBoolean((Boolean) value);
        else if (type == int.class || type == Integer.class) out.writeInt((Integer) value);
        else if (type == long.class || type == Long.class) out.writeLong((Long) value);
        else if (type == String.class) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } else if (type == byte[].class) {
            byte[] a = (byte[]) value;
            out.writeInt(a.length);
            out.write(a);
        } else if (type == int[].class) {
            int[] a = (int[]) value;
            out.writeInt(a.length);
            for (int v : a) out.writeInt(v);
        } else if (type == long[].class) {
            long[] a = (long[]) value;
            out.writeInt(a.length);
            for (long v : a) out.writeLong(v);
        } else if (type instanceof ParameterizedType p) {
            List<?> list = (List<?>) value;
            out.writeInt(list.size());
            for (Object element : list) write(out, p.getActualTypeArguments()[0], element);
        } else {
            Class<?> c = (Class<?>) type;
            out.writeBoolean(value != null);
            if (value != null) writeRecord(out, c, value);
        }
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes a {@code type} from {@code bytes}; {@code base} is where they start in the file, for messages. */
    <T extends Record> T decode(Class<T> type, ByteBuffer bytes, long base) throws SnapshotFormatException {
        Reader in = new Reader(bytes, base);
        T value = type.cast(in.record(type));
        if (in.buffer.hasRemaining()) throw in.error(in.buffer.remaining() + " bytes after the end of " + type.getSimpleName());
        return value;
    }

    private final class Reader {
        final ByteBuffer buffer;
        final long base;

        Reader(ByteBuffer buffer, long base) {
            this.buffer = buffer;
            this.base = base;
        }

        SnapshotFormatException error(String what) {
            return new SnapshotFormatException(what, base + buffer.position());
        }

        void need(long bytes, String what) throws SnapshotFormatException {
            if (bytes < 0 || bytes > buffer.remaining()) throw error(what + " of " + bytes + " bytes, but only " + buffer.remaining() + " are left");
        }

        int length(String what, int elementBytes) throws SnapshotFormatException {
            need(4, what + "'s length");
            int n = buffer.getInt();
            if (n < 0) throw error("negative length " + n + " of " + what);
            need((long) n * elementBytes, what);
            return n;
        }

        Object record(Class<?> type) throws SnapshotFormatException {
            RecordComponent[] components = layouts.get(type);
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) values[i] = read(components[i].getGenericType(), type.getSimpleName() + "." + components[i].getName());
            try {
                return constructors.get(type).newInstance(values);
            } catch (InvocationTargetException e) {
                throw error(type.getSimpleName() + " is inconsistent: " + e.getCause().getMessage());
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException("cannot make a " + type, e);
            }
        }

        Object read(Type type, String what) throws SnapshotFormatException {
            if (type == boolean.class) {
                need(1, what);
                byte b = buffer.get();
                if (b != 0 && b != 1) throw error(what + ": " + b + " is no boolean");
                return b == 1;
            }
            if (type == int.class || type == Integer.class) {
                need(4, what);
                return buffer.getInt();
            }
            if (type == long.class || type == Long.class) {
                need(8, what);
                return buffer.getLong();
            }
            if (type == String.class) {
                need(4, what + "'s length");
                int n = buffer.getInt();
                if (n == -1) return null;
                if (n < 0) throw error("negative length " + n + " of " + what);
                need(n, what);
                ByteBuffer slice = buffer.slice(buffer.position(), n);
                buffer.position(buffer.position() + n);
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
                } catch (CharacterCodingException e) {
                    throw error(what + " is not UTF-8");
                }
            }
            if (type == byte[].class) {
                byte[] a = new byte[length(what, 1)];
                buffer.get(a);
                return a;
            }
            if (type == int[].class) {
                int[] a = new int[length(what, 4)];
                for (int i = 0; i < a.length; i++) a[i] = buffer.getInt();
                return a;
            }
            if (type == long[].class) {
                long[] a = new long[length(what, 8)];
                for (int i = 0; i < a.length; i++) a[i] = buffer.getLong();
                return a;
            }
            if (type instanceof ParameterizedType p) {
                int n = length(what, 1); // every element takes at least a byte: a corrupt count cannot make a huge list
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Object element = read(p.getActualTypeArguments()[0], what + "[" + i + "]");
                    if (element == null) throw error(what + "[" + i + "] is missing");
                    list.add(element);
                }
                return List.copyOf(list);
            }
            need(1, what);
            byte present = buffer.get();
            if (present == 0) return null;
            if (present != 1) throw error(what + ": presence byte " + present);
            return record((Class<?>) type);
        }
    }
}
