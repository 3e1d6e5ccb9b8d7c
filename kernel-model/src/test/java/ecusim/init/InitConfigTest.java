package ecusim.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.ConfigException;
import ecusim.config.XmlReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing and validating init's configuration. */
class InitConfigTest {
    static final String PINGPONG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
              <start name="server" priority="100">
                <binary name="pingpong-server"/>
                <resource name="RAM" quantum="1M"/>
                <provides> <service name="Ping"/> </provides>
              </start>
              <start name="client">
                <binary name="pingpong-client"/>
                <resource name="RAM" quantum="512K"/>
                <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route>
                <config rounds="100"/>
              </start>
            </config>
            """;

    static InitConfig parse(String text) throws ConfigException {
        return InitConfig.parse(XmlReader.parse("init.config", text));
    }

    /** The error for a configuration with {@code starts} as its only content. */
    private static ConfigException rejected(String starts) {
        return assertThrows(ConfigException.class, () -> parse("<config>\n" + starts + "</config>\n"));
    }

    @Test
    void parsesTheParentServicesAndTheDefaultRoute() throws ConfigException {
        InitConfig config = parse(PINGPONG);
        assertEquals(List.of("LOG", "Timer", "ROM"), config.parentProvides());
        assertEquals(List.of(new Route(Optional.empty(), Optional.empty(),
                List.of(new RouteTarget.Parent(), new RouteTarget.AnyChild()))), config.defaultRoute());
    }

    @Test
    void parsesAServerStart() throws ConfigException {
        StartSpec server = parse(PINGPONG).starts().get(0);
        assertEquals(new StartSpec("server", "pingpong-server", 1 << 20, 100, List.of("Ping"), List.of(),
                Optional.empty(), 4), server);
    }

    @Test
    void parsesAClientStartWithRouteAndConfig() throws ConfigException {
        StartSpec client = parse(PINGPONG).starts().get(1);
        assertEquals("pingpong-client", client.binary());
        assertEquals(512 << 10, client.ramQuantum());
        assertEquals(StartSpec.DEFAULT_PRIORITY, client.priority());
        assertEquals(List.of(
                new Route(Optional.of("Ping"), Optional.empty(), List.of(new RouteTarget.Child("server"))),
                new Route(Optional.empty(), Optional.empty(), List.of(new RouteTarget.Parent()))), client.routes());
        assertEquals("<config rounds=\"100\"/>", client.config().orElseThrow().raw());
        assertEquals(9, client.line());
    }

    @Test
    void binaryDefaultsToTheStartName() throws ConfigException {
        InitConfig config = parse("<config><start name=\"hello\"><resource name=\"RAM\" quantum=\"64K\"/></start></config>");
        assertEquals("hello", config.starts().getFirst().binary());
    }

    @Test
    void startConfigContentIsFreeForm() throws ConfigException {
        InitConfig config = parse("""
                <config><start name="a"><resource name="RAM" quantum="4096"/>
                  <config><anything at="all"><nested/>text</anything></config>
                </start></config>""");
        assertEquals("anything", config.starts().getFirst().config().orElseThrow().children().getFirst().name());
    }

    @Test
    void duplicateStartNameIsRejectedAtTheSecondStart() {
        ConfigException e = rejected("""
                <start name="a"><resource name="RAM" quantum="1M"/></start>
                <start name="a"><resource name="RAM" quantum="1M"/></start>
                """);
        assertEquals("init.config:3: duplicate start name 'a' (first used at line 2)", e.getMessage());
    }

    @Test
    void emptyStartNameIsRejected() {
        assertEquals(2, rejected("<start name=\"\"><resource name=\"RAM\" quantum=\"1M\"/></start>\n").line());
    }

    @Test
    void missingRamIsRejectedAtTheStart() {
        ConfigException e = rejected("\n<start name=\"a\">\n  <binary name=\"x\"/>\n</start>\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("lacks <resource name=\"RAM\""), e.getMessage());
    }

    @Test
    void ramWithoutQuantumIsRejectedAtTheResource() {
        ConfigException e = rejected("<start name=\"a\">\n<resource name=\"RAM\"/>\n</start>\n");
        assertEquals("init.config:3: <resource> requires the attribute 'quantum'", e.getMessage());
    }

    @Test
    void malformedQuantumIsRejected() {
        assertEquals(3, rejected("<start name=\"a\">\n<resource name=\"RAM\" quantum=\"1MB\"/>\n</start>\n").line());
    }

    @Test
    void routeToAnUnknownChildIsRejectedAtTheTarget() {
        ConfigException e = rejected("""
                <start name="a"><resource name="RAM" quantum="1M"/>
                  <route>
                    <service name="Ping"> <child name="nobody"/> </service>
                  </route>
                </start>
                """);
        assertEquals("init.config:4: route to <child name=\"nobody\">, but no <start> has that name", e.getMessage());
    }

    @Test
    void defaultRouteToAnUnknownChildIsRejected() {
        ConfigException e = rejected("""
                <default-route>
                  <any-service> <child name="nobody"/> </any-service>
                </default-route>
                """);
        assertEquals(3, e.line());
    }

    @Test
    void routeToALaterStartIsAccepted() throws ConfigException {
        InitConfig config = parse("""
                <config>
                  <start name="client"><resource name="RAM" quantum="1M"/>
                    <route><any-service><child name="server"/></any-service></route></start>
                  <start name="server"><resource name="RAM" quantum="1M"/></start>
                </config>""");
        assertEquals(2, config.starts().size());
    }

    @Test
    void unknownElementInStartIsRejected() {
        ConfigException e = rejected("<start name=\"a\">\n<resource name=\"RAM\" quantum=\"1M\"/>\n<bianry name=\"x\"/>\n</start>\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("unknown element <bianry> in <start>"), e.getMessage());
    }

    @Test
    void unknownElementAtTheTopIsRejected() {
        assertEquals(3, rejected("<parent-provides/>\n<strat name=\"a\"/>\n").line());
    }

    @Test
    void unknownAttributeOfStartIsRejected() {
        assertEquals(2, rejected("<start name=\"a\" prio=\"1\"><resource name=\"RAM\" quantum=\"1M\"/></start>\n").line());
    }

    @Test
    void unknownRouteTargetIsRejected() {
        assertEquals(3, rejected("<default-route><any-service>\n<sibling/>\n</any-service></default-route>\n").line());
    }

    @Test
    void priorityAboveTheRangeIsRejected() {
        ConfigException e = rejected("<start name=\"a\" priority=\"256\"><resource name=\"RAM\" quantum=\"1M\"/></start>\n");
        assertEquals("init.config:2: start 'a': priority 256 is out of range 0..255", e.getMessage());
    }

    @Test
    void secondBinaryIsRejected() {
        assertEquals(4, rejected("<start name=\"a\"><resource name=\"RAM\" quantum=\"1M\"/>\n<binary name=\"x\"/>\n"
                + "<binary name=\"y\"/>\n</start>\n").line());
    }

    @Test
    void nonConfigRootIsRejected() {
        assertThrows(ConfigException.class, () -> parse("<init/>"));
    }
}
