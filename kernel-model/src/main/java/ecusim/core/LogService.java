package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/**
 * Core's LOG service: each session writes lines at virtual time under its label, which always begins with
 * the client's name (Genode's "child -> label"), so no component can write under another's name.
 */
final class LogService extends SessionServer<String> {
    LogService(Core core) {
        super(core);
    }

    IpcGate open(Component client, String label) {
        return openSession(label.isEmpty() || label.equals(client.name()) ? client.name() : client.name() + " -> " + label);
    }

    @Override
    Message serve(String label, Thread caller, Message request) {
        if (request.label() != Protocol.LOG_WRITE) return Message.error(L4Error.NOSYS);
        MessageStrings.Decoded line = MessageStrings.decode(request.words(), 0);
        if (line == null) return Message.error(L4Error.INVALID);
        long now = core.kernel().cyclesToMicros(core.kernel().now());
        for (String part : line.text().split("\n")) if (!part.isEmpty()) core.logSink().log(label, now, part);
        return Message.of(0);
    }
}
