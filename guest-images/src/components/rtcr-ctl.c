/* rtcr-ctl: a guest that controls Rtcr through its session ("Rtcr"): after checkpoint_ms (default 20) of
   virtual time it asks for a checkpoint (incremental if config incremental=1 and the mode tracks), after
   restore_ms more (default 20) for a restore of the latest one, and logs each answer; exit 0 (1 on an error). */
#include "ecusim/env.h"

int main(void)
{
    unsigned cap;
    int error = session_connect("Rtcr", "ram_quota=4096", &cap, NULL);
    if (error != 0) {
        log_printf("no Rtcr session: error %d", -error);
        return 1;
    }
    struct ecusim_result r;
    timer_sleep_ms(config_uint("checkpoint_ms", 20));
    ecusim_mr()[0] = config_uint("incremental", 0);
    unsigned failed = ecusim_call(cap, ECUSIM_TAG(ECUSIM_RTCR_CHECKPOINT, 1, 0), 0, &r);
    if (failed != 0) {
        log_printf("checkpoint refused: error %u", failed);
        return 1;
    }
    log_printf("checkpoint %u: %u pages", ecusim_mr()[0], ecusim_mr()[1]);
    timer_sleep_ms(config_uint("restore_ms", 20));
    failed = ecusim_call(cap, ECUSIM_TAG(ECUSIM_RTCR_RESTORE, 0, 0), 0, &r);
    if (failed != 0) {
        log_printf("restore refused: error %u", failed);
        return 1;
    }
    log_printf("restored checkpoint %u", ecusim_mr()[0]);
    return 0;
}
