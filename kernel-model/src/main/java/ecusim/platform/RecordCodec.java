package ecusim.platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java records (the state records of kernel, core and init) as bytes and back, field by field in
 * declaration order: {@code boolean} (one byte), {@code int}, {@code long} (big-endian), {@code String}
 * (length and UTF-8, -1 for null), {@code byte[]} (length -1 for null), {@code int[]}, {@code long[]}, {@code List} of any of
 * these, and nested records (a presence byte, then their fields). Its {@link #schema()} describes every record
 * type it handles, so a file can say what it holds and a reader can tell a file of another layout at once.
 * Decoding checks every length against what is left and says at which byte, and in which field, something
 * does not fit.
 *
 * <p>The layout of every record type is worked out once, when the codec is made (a {@link Shape} per field,
 * with a method handle for its accessor and one for the canonical constructor), so encoding and decoding
 * walk plain arrays rather than reflecting on each value.
 */
final class RecordCodec {
    private static final int BOOLEAN = 0, INT = 1, LONG = 2, STRING = 3, BYTES = 4, INTS = 5, LONGS = 6, LIST = 7, RECORD = 8;

    /** How one value is encoded: a {@code kind}, the element's shape for a list, the layout for a record. */
    private static final class Shape {
        final int kind;
        final Shape element;
        Layout layout;

        Shape(int kind, Shape element) {
            this.kind = kind;
            this.element = element;
        }
    }

    /** One field of a record: its name, its accessor (record to boxed value) and its shape. */
    private record Field(String name, Type type, MethodHandle getter, Shape shape) {}

    /** A record type: its fields in declaration order and its canonical constructor (boxed values to record). */
    private record Layout(Class<?> type, Field[] fields, MethodHandle constructor) {}

    private final Map<Class<?>, Layout> layouts = new LinkedHashMap<>();
    private final String schema;

    /** A codec for {@code roots} and every record type reachable from them. */
    RecordCodec(List<Class<? extends Record>> roots) {
        for (Class<? extends Record> root : roots) learn(root);
        schema = describe();
    }

    private Layout learn(Class<?> type) {
        Layout known = layouts.get(type);
        if (known != null) return known;
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) parameters[i] = components[i].getType();
        Field[] fields = new Field[components.length];
        Layout layout;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            var constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            MethodHandle make = lookup.unreflectConstructor(constructor).asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            layout = new Layout(type, fields, make);
            layouts.put(type, layout); // before the fields: a record type may contain itself
            for (int i = 0; i < components.length; i++) {
                RecordComponent rc = components[i];
                rc.getAccessor().setAccessible(true);
                MethodHandle getter = lookup.unreflect(rc.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                fields[i] = new Field(rc.getName(), rc.getGenericType(), getter, shape(rc.getGenericType(), type.getName() + "." + rc.getName()));
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type + " has no canonical constructor", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot reach the accessors of " + type, e);
        }
        return layout;
    }

    private Shape shape(Type type, String where) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) return new Shape(LIST, shape(p.getActualTypeArguments()[0], where));
        if (type instanceof Class<?> c && c.isRecord()) {
            Shape s = new Shape(RECORD, null);
            s.layout = learn(c);
            return s;
        }
        if (type == boolean.class) return new Shape(BOOLEAN, null);
        if (type == int.class || type == Integer.class) return new Shape(INT, null);
        if (type == long.class || type == Long.class) return new Shape(LONG, null);
        if (type == String.class) return new Shape(STRING, null);
        if (type == byte[].class) return new Shape(BYTES, null);
        if (type == int[].class) return new Shape(INTS, null);
        if (type == long[].class) return new Shape(LONGS, null);
        throw new IllegalArgumentException(where + ": no encoding for " + type);
    }

    /** Every record type with its fields, one per line, in the order they were first met: the layout a file is written in. */
    String schema() {
        return schema;
    }

    private String describe() {
        StringBuilder out = new StringBuilder();
        layouts.forEach((type, layout) -> {
            out.append(type.getName()).append('(');
            Field[] fields = layout.fields();
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) out.append(", ");
                out.append(fields[i].type().getTypeName().replace("java.lang.", "").replace("java.util.", "")).append(' ').append(fields[i].name());
            }
            out.append(")\n");
        });
        return out.toString();
    }

    // ------------------------------------------------------------------ encoding

    byte[] encode(Record record) {
        Output out = new Output(256);
        encode(record, out);
        return out.toByteArray();
    }

    /** Appends {@code record}'s encoding to {@code out}. */
    void encode(Record record, Output out) {
        Layout layout = layouts.get(record.getClass());
        if (layout == null) throw new IllegalArgumentException("no layout for " + record.getClass());
        writeRecord(out, layout, record);
    }

    /** How many bytes {@link #encode(Record, Output)} writes for {@code record}, without writing them. */
    long size(Record record) {
        Layout layout = layouts.get(record.getClass());
        if (layout == null) throw new IllegalArgumentException("no layout for " + record.getClass());
        return sizeOfRecord(layout, record);
    }

    private static long sizeOfRecord(Layout layout, Object record) {
        long n = 0;
        for (Field f : layout.fields()) n += sizeOf(f.shape(), value(layout, f, record));
        return n;
    }

    /** The value of field {@code f} of {@code record}. */
    private static Object value(Layout layout, Field f, Object record) {
        try {
            return f.getter().invokeExact(record);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + layout.type().getName() + "." + f.name(), e);
        }
    }

    private static long sizeOf(Shape shape, Object value) {
        return switch (shape.kind) {
            case BOOLEAN -> 1;
            case INT -> 4;
            case LONG -> 8;
            case STRING -> value == null ? 4 : 4 + utf8Length((String) value);
            case BYTES -> value == null ? 4 : 4 + ((byte[]) value).length;
            case INTS -> 4 + 4L * ((int[]) value).length;
            case LONGS -> 4 + 8L * ((long[]) value).length;
            case LIST -> {
                List<?> list = (List<?>) value;
                long n = 4;
                for (int i = 0, size = list.size(); i < size; i++) n += sizeOf(shape.element, list.get(i));
                yield n;
            }
            default -> value == null ? 1 : 1 + sizeOfRecord(shape.layout, value);
        };
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3; // a lone surrogate becomes '?' (1 byte) in getBytes; none is written by ecusim
        }
        return n;
    }

    private static void writeRecord(Output out, Layout layout, Object record) {
        for (Field f : layout.fields()) write(out, f.shape(), value(layout, f, record));
    }

    private static void write(Output out, Shape shape, Object value) {
        switch (shape.kind) {
            case BOOLEAN -> out.room(1).put((byte) ((Boolean) value ? 1 : 0));
            case INT -> out.room(4).putInt((Integer) value);
            case LONG -> out.room(8).putLong((Long) value);
            case STRING -> {
                if (value == null) {
                    out.room(4).putInt(-1);
                } else {
                    byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                    out.room(4 + utf8.length).putInt(utf8.length).put(utf8);
                }
            }
            case BYTES -> {
                byte[] a = (byte[]) value;
                if (a == null) out.room(4).putInt(-1);
                else out.room(4 + a.length).putInt(a.length).put(a);
            }
            case INTS -> {
                int[] a = (int[]) value;
                ByteBuffer b = out.room(4 + 4L * a.length).putInt(a.length);
                for (int v : a) b.putInt(v);
            }
            case LONGS -> {
                long[] a = (long[]) value;
                ByteBuffer b = out.room(4 + 8L * a.length).putInt(a.length);
                for (long v : a) b.putLong(v);
            }
            case LIST -> {
                List<?> list = (List<?>) value;
                out.room(4).putInt(list.size());
                for (int i = 0, n = list.size(); i < n; i++) write(out, shape.element, list.get(i));
            }
            default -> {
                out.room(1).put((byte) (value != null ? 1 : 0));
                if (value != null) writeRecord(out, shape.layout, value);
            }
        }
    }

    /** A big-endian buffer that grows (doubling) as it is written. */
    static final class Output {
        private ByteBuffer buffer;

        Output(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        /** The buffer, with room for {@code bytes} more. */
        ByteBuffer room(long bytes) {
            if (buffer.remaining() < bytes) {
                long need = buffer.position() + bytes;
                if (need > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a record of more than 2 GiB");
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * buffer.capacity())));
                bigger.put(buffer.array(), 0, buffer.position());
                buffer = bigger;
            }
            return buffer;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }

        /** The bytes written so far, in {@code array()[0, position())}. */
        byte[] array() {
            return buffer.array();
        }

        int position() {
            return buffer.position();
        }
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes a {@code type} from {@code bytes}; {@code base} is where they start in the file, for messages. */
    <T extends Record> T decode(Class<T> type, ByteBuffer bytes, long base) throws SnapshotFormatException {
        Layout layout = layouts.get(type);
        if (layout == null) throw new IllegalArgumentException("no layout for " + type);
        Reader in = new Reader(bytes, base, type.getSimpleName());
        T value = type.cast(in.record(layout));
        if (in.buffer.hasRemaining()) throw in.error(in.buffer.remaining() + " bytes after the end of " + type.getSimpleName());
        return value;
    }

    /**
     * Reads one top-level record. Where it is (field names and list indexes) is kept as a stack and turned into
     * text only for a message, so a correct file costs no strings.
     */
    private static final class Reader {
        final ByteBuffer buffer;
        final long base;
        private final String root;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private String[] names = new String[16];
        private int[] indexes = new int[16]; // -1: a field, else a list index
        private int depth;

        Reader(ByteBuffer buffer, long base, String root) {
            this.buffer = buffer;
            this.base = base;
            this.root = root;
        }

        private void enter(String name, int index) {
            if (depth == names.length) {
                names = Arrays.copyOf(names, depth * 2);
                indexes = Arrays.copyOf(indexes, depth * 2);
            }
            names[depth] = name;
            indexes[depth++] = index;
        }

        /** Where the reader is, as {@code KernelState.tasks[2].name}. */
        private String where() {
            StringBuilder s = new StringBuilder(root);
            for (int i = 0; i < depth; i++) {
                if (indexes[i] < 0) s.append('.').append(names[i]);
                else s.append('[').append(indexes[i]).append(']');
            }
            return s.toString();
        }

        SnapshotFormatException error(String what) {
            return new SnapshotFormatException(what, base + buffer.position());
        }

        private void need(long bytes, String what) throws SnapshotFormatException {
            if (bytes < 0 || bytes > buffer.remaining()) {
                throw error(where() + what + " of " + bytes + " bytes, but only " + buffer.remaining() + " are left");
            }
        }

        private int length(int elementBytes) throws SnapshotFormatException {
            need(4, "'s length");
            int n = buffer.getInt();
            if (n < 0) throw error("negative length " + n + " of " + where());
            need((long) n * elementBytes, "");
            return n;
        }

        Object record(Layout layout) throws SnapshotFormatException {
            Field[] fields = layout.fields();
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                enter(fields[i].name(), -1);
                values[i] = read(fields[i].shape());
                depth--;
            }
            try {
                return layout.constructor().invokeExact(values);
            } catch (RuntimeException e) {
                String what = depth == 0 ? root : where() + " (a " + layout.type().getSimpleName() + ")";
                throw error(what + " is inconsistent: " + e.getMessage());
            } catch (Throwable e) {
                throw new IllegalStateException("cannot make a " + layout.type(), e);
            }
        }

        Object read(Shape shape) throws SnapshotFormatException {
            switch (shape.kind) {
                case BOOLEAN -> {
                    need(1, "");
                    byte b = buffer.get();
                    if (b != 0 && b != 1) throw error(where() + ": " + b + " is no boolean");
                    return b == 1;
                }
                case INT -> {
                    need(4, "");
                    return buffer.getInt();
                }
                case LONG -> {
                    need(8, "");
                    return buffer.getLong();
                }
                case STRING -> {
                    need(4, "'s length");
                    int n = buffer.getInt();
                    if (n == -1) return null;
                    if (n < 0) throw error("negative length " + n + " of " + where());
                    need(n, "");
                    ByteBuffer slice = buffer.slice(buffer.position(), n);
                    buffer.position(buffer.position() + n);
                    try {
                        return utf8.reset().decode(slice).toString();
                    } catch (CharacterCodingException e) {
                        throw error(where() + " is not UTF-8");
                    }
                }
                case BYTES -> {
                    need(4, "'s length");
                    if (buffer.getInt(buffer.position()) == -1) {
                        buffer.getInt();
                        return null;
                    }
                    byte[] a = new byte[length(1)];
                    buffer.get(a);
                    return a;
                }
                case INTS -> {
                    int[] a = new int[length(4)];
                    for (int i = 0; i < a.length; i++) a[i] = buffer.getInt();
                    return a;
                }
                case LONGS -> {
                    long[] a = new long[length(8)];
                    for (int i = 0; i < a.length; i++) a[i] = buffer.getLong();
                    return a;
                }
                case LIST -> {
                    int n = length(1); // every element takes at least a byte: a corrupt count cannot make a huge list
                    Object[] elements = new Object[n];
                    for (int i = 0; i < n; i++) {
                        enter(null, i);
                        Object element = read(shape.element);
                        if (element == null) throw error(where() + " is missing");
                        depth--;
                        elements[i] = element;
                    }
                    return List.of(elements);
                }
                default -> {
                    need(1, "");
                    byte present = buffer.get();
                    if (present == 0) return null;
                    if (present != 1) throw error(where() + ": presence byte " + present);
                    return record(shape.layout);
                }
            }
        }
    }
}
