package ecusim.init;

import java.util.List;
import java.util.Optional;

/**
 * One routing rule: session requests for {@code service} (any service when empty), optionally only those whose
 * session label equals {@code label}, go to the first of {@code targets} that can serve them. An empty target
 * list is an explicit denial.
 */
public record Route(Optional<String> service, Optional<String> label, List<RouteTarget> targets) {
    public Route {
        targets = List.copyOf(targets);
    }

    /**
     * Whether a request for {@code requested} with the session label {@code sessionLabel} matches: the service
     * name is equal or this is an {@code <any-service>} rule, and the label is equal if the rule names one.
     */
    public boolean matches(String requested, String sessionLabel) {
        return service.map(requested::equals).orElse(true) && label.map(sessionLabel::equals).orElse(true);
    }
}
