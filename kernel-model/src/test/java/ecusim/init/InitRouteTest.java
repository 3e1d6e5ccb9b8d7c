package ecusim.init;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecusim.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which targets a session request is routed to. */
class InitRouteTest {
    private static final String CONFIG = """
            <config>
              <default-route>
                <service name="Timer"> <child name="timer"/> </service>
                <any-service> <parent/> <any-child/> </any-service>
              </default-route>
              <start name="timer"><resource name="RAM" quantum="1M"/></start>
              <start name="client"><resource name="RAM" quantum="1M"/>
                <route>
                  <service name="Ping" label="backup"> <child name="timer"/> </service>
                  <service name="ROM" label="client -> config"> <child name="server"/> </service>
                  <service name="Ping"> <child name="server"/> </service>
                  <service name="LOG"> </service>
                </route>
              </start>
              <start name="server"><resource name="RAM" quantum="1M"/></start>
            </config>
            """;

    private final InitConfig config = InitConfigTest.parse(CONFIG);
    private final StartSpec client = config.start("client").orElseThrow();
    private final StartSpec server = config.start("server").orElseThrow();

    InitRouteTest() throws ConfigException {}

    @Test
    void startsOwnRouteIsPreferredOverTheDefault() {
        assertEquals(List.of(new RouteTarget.Child("server")), config.routeFor(client, "Ping"));
    }

    @Test
    void unmatchedServiceFallsBackToTheDefaultRoute() {
        assertEquals(List.of(new RouteTarget.Child("timer")), config.routeFor(client, "Timer"));
    }

    @Test
    void anyServiceMatchesEveryService() {
        assertEquals(List.of(new RouteTarget.Parent(), new RouteTarget.AnyChild()), config.routeFor(server, "ROM"));
    }

    @Test
    void ruleWithALabelMatchesOnlyThatLabel() {
        assertEquals(List.of(new RouteTarget.Child("timer")), config.routeFor(client, "Ping", "backup"));
        assertEquals(List.of(new RouteTarget.Child("server")), config.routeFor(client, "Ping", "main"));
    }

    @Test
    void ruleLabelMayIncludeTheStartName() {
        assertEquals(List.of(new RouteTarget.Child("server")), config.routeFor(client, "ROM", "config"));
        assertEquals(List.of(new RouteTarget.Parent(), new RouteTarget.AnyChild()), config.routeFor(client, "ROM", "other"));
    }

    @Test
    void ruleWithoutTargetsDenies() {
        assertEquals(List.of(), config.routeFor(client, "LOG"));
    }

    @Test
    void noMatchingRuleGivesNoTargets() throws ConfigException {
        InitConfig bare = InitConfigTest.parse("<config><start name=\"a\"><resource name=\"RAM\" quantum=\"1M\"/></start></config>");
        assertEquals(List.of(), bare.routeFor(bare.starts().getFirst(), "LOG"));
    }
}
