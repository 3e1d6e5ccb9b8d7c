package ecusim.campaign;

/** The scenario the campaign tests run: a small crc (2 KiB, about 52,000 instructions) beside a counter. */
public final class CampaignScenarios {
    public static final String SMALL_CRC = """
            <scenario name="crc-campaign" seed="7">
              <ecu name="ecu0">
                <config>
                  <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="crc"> <resource name="RAM" quantum="1M"/> <config bytes="2048" seed="1"/> </start>
                  <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
                </config>
              </ecu>
              <run until_ms="4"/>
            </scenario>
            """;

    private CampaignScenarios() {}
}
