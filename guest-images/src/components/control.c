/*
 * control: a periodic control loop driven by timer alarms. Config: period_us (1000), periods (50).
 * signal_alloc + timer_sigh + timer_periodic_us(period_us); each period waits for the signal and runs a
 * fixed-point PI controller (Q8 gains kp = 0.5, ki = 0.125, integrator clamped) on a simulated first-order
 * plant y += (u - y) / 8 towards the set point 1000 (integers only; u clamped to 0..4000).
 * Every 10th period logs "control: period=K y=Y u=U"; a wait that returns more than one trigger counts
 * as one overrun. At the end stops the timer and logs "control: done periods=N overruns=M", exit 0.
 */
#include "ecusim/env.h"

#define SETPOINT    1000
#define KP_Q8       128
#define KI_Q8       32
#define I_LIMIT     32000
#define U_MAX       4000

int main(void)
{
    unsigned period_us = config_uint("period_us", 1000);
    unsigned periods = config_uint("periods", 50);
    unsigned irq;
    int error = signal_alloc(1, &irq);
    if (error == 0) error = timer_sigh(irq);
    if (error == 0) error = timer_periodic_us(period_us);
    if (error != 0) {
        log_printf("setting up the periodic signal failed, error %d", -error);
        return 1;
    }
    int y = 0, u = 0, integral = 0;
    unsigned overruns = 0;
    for (unsigned k = 1; k <= periods; k++) {
        unsigned triggers = signal_wait(irq);
        if (triggers == 0) {
            log_printf("signal wait failed in period %u", k);
            return 1;
        }
        if (triggers > 1) overruns++;
        int e = SETPOINT - y;
        integral += e;
        if (integral > I_LIMIT) integral = I_LIMIT;
        if (integral < -I_LIMIT) integral = -I_LIMIT;
        u = (KP_Q8 * e + KI_Q8 * integral) / 256;
        if (u < 0) u = 0;
        if (u > U_MAX) u = U_MAX;
        y += (u - y) / 8;
        if (k % 10 == 0) log_printf("period=%u y=%d u=%d", k, y, u);
    }
    timer_periodic_us(0);
    log_printf("done periods=%u overruns=%u", periods, overruns);
    return 0;
}
