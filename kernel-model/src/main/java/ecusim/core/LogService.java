package ecusim.core;

import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;
import java.util.IdentityHashMap;
import java.util.Map;

/** Core's LOG service: each session writes lines under its label (the component's name) at virtual time. */
final class LogService implements GateServer {
    private final Core core;
    private final Map<IpcGate, String> labels = new IdentityHashMap<>();

    LogService(Core core) {
        this.core = core;
    }

    IpcGate open(Component client, String label) {
        IpcGate gate = core.kernel().createGate((int) core.nextBadge(), this);
        labels.put(gate, label.isEmpty() ? client.name() : label);
        return gate;
    }

    void close(IpcGate gate) {
        labels.remove(gate);
    }

    @Override
    public Message serve(IpcGate gate, Thread caller, Message request) {
        String label = labels.get(gate);
        if (label == null) return Message.error(L4Error.NOT_FOUND);
        if (request.label() != Protocol.LOG_WRITE) return Message.error(L4Error.NOSYS);
        MessageStrings.Decoded line = MessageStrings.decode(request.words(), 0);
        if (line == null) return Message.error(L4Error.INVALID);
        long now = core.kernel().cyclesToMicros(core.kernel().now());
        for (String part : line.text().split("\n")) if (!part.isEmpty()) core.logSink().log(label, now, part);
        return Message.of(0);
    }
}
