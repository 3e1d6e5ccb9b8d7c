/* ecuload (component): runs config rounds (100) of the ECU-shaped workload in src/workloads/ecuload.h,
   logs "rounds=N checksum=0x%08x" and exits 0. The same code as the bare guest ecuload. */
#include "ecusim/env.h"
#include "../workloads/ecuload.h"

int main(void)
{
    unsigned rounds = config_uint("rounds", 100);
    log_printf("rounds=%u checksum=0x%08x", rounds, ecuload_run(rounds));
    return 0;
}
