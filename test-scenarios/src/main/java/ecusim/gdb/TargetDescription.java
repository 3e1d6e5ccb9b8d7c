package ecusim.gdb;

/** The target description GDB reads (qXfer:features:read): an ARM core and VFPv3 with 32 D registers. */
final class TargetDescription {
    static final String XML = build();

    private TargetDescription() {}

    private static String build() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target version=\"1.0\">"
                + "<architecture>arm</architecture><feature name=\"org.gnu.gdb.arm.core\">");
        for (int i = 0; i < 13; i++) x.append("<reg name=\"r").append(i).append("\" bitsize=\"32\" type=\"uint32\"/>");
        x.append("<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/><reg name=\"lr\" bitsize=\"32\"/>")
                .append("<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/><reg name=\"cpsr\" bitsize=\"32\"/></feature>")
                .append("<feature name=\"org.gnu.gdb.arm.vfp\">");
        for (int i = 0; i < 32; i++) x.append("<reg name=\"d").append(i).append("\" bitsize=\"64\" type=\"ieee_double\"/>");
        x.append("<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\"/></feature></target>");
        return x.toString();
    }
}
