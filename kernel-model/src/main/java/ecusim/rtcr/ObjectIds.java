package ecusim.rtcr;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Rtcr's stable identities: every object it hands its children or records for them (a session, a
 * dataspace, a thread, a gate, a signal, the task) gets a number of Rtcr's own, which a checkpoint names it
 * by. Kernel object ids and core's badges differ on another ECU; these do not: a restore binds each
 * identity to the object it recreated.
 */
final class ObjectIds {
    private final Map<Object, Long> ids = new IdentityHashMap<>();
    private final Map<Long, Object> objects = new HashMap<>();
    private long next = 1;

    /** Gives {@code object} the next identity. */
    long assign(Object object) {
        long id = next++;
        bind(id, object);
        return id;
    }

    /** Binds {@code id} (from a checkpoint) to the object a restore made for it. */
    void bind(long id, Object object) {
        Object before = objects.put(id, object);
        if (before != null) ids.remove(before);
        ids.put(object, id);
        next = Math.max(next, id + 1);
    }

    /** The identity of {@code object}, or 0 when Rtcr does not know it. */
    long idOf(Object object) {
        Long id = object == null ? null : ids.get(object);
        return id == null ? 0 : id;
    }

    /** The object with identity {@code id}, or null. */
    Object get(long id) {
        return objects.get(id);
    }

    <T> T get(long id, Class<T> type) {
        Object o = objects.get(id);
        return type.isInstance(o) ? type.cast(o) : null;
    }

    void forget(Object object) {
        Long id = ids.remove(object);
        if (id != null) objects.remove(id);
    }

    /** Every identity with its object, in identity order. */
    void forEach(java.util.function.BiConsumer<Long, Object> action) {
        new java.util.TreeMap<>(objects).forEach(action);
    }

    void clear() {
        ids.clear();
        objects.clear();
        next = 1;
    }

    long next() {
        return next;
    }

    void setNext(long next) {
        this.next = Math.max(this.next, next);
    }
}
