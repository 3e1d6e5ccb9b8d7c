/* The component environment: parent, LOG, Timer, PD, RM, signals, gates (ecusim/env.h). */
#include "ecusim/env.h"

#define NEG(e) (-(int)(e))

/* --- sessions --- */

/* Session ids and their selectors, so session_close can free the selector. */
#define SESSION_SLOTS 32
static struct { unsigned id, cap; } sessions[SESSION_SLOTS];

int session_connect(const char *service, const char *args, unsigned *cap, unsigned *id)
{
    unsigned selector = ecusim_cap_alloc();
    if (selector == 0) return NEG(ECUSIM_ENOMEM);
    int index = ecusim_put_string(0, service);
    if (index >= 0) index = ecusim_put_string((unsigned)index, args);
    if (index < 0) {
        ecusim_cap_free(selector);
        return NEG(ECUSIM_EINVAL);
    }
    struct ecusim_result r;
    unsigned error = ecusim_call(ECUSIM_CAP_PARENT, ECUSIM_TAG(ECUSIM_PARENT_SESSION, index, 0), selector, &r);
    if (error == 0 && ecusim_received_cap(r.tag, selector) == 0) error = ECUSIM_ENOENT;
    if (error != 0) {
        ecusim_cap_free(selector);
        return NEG(error);
    }
    unsigned session = ecusim_mr()[0];
    for (unsigned i = 0; i < SESSION_SLOTS; i++) {
        if (sessions[i].cap == 0) {
            sessions[i].id = session;
            sessions[i].cap = selector;
            break;
        }
    }
    if (cap) *cap = selector;
    if (id) *id = session;
    return 0;
}

int session_upgrade(unsigned id, const char *args)
{
    ecusim_mr()[0] = id;
    int index = ecusim_put_string(1, args);
    if (index < 0) return NEG(ECUSIM_EINVAL);
    return NEG(ecusim_call(ECUSIM_CAP_PARENT, ECUSIM_TAG(ECUSIM_PARENT_UPGRADE, index, 0), 0, NULL));
}

int session_close(unsigned id)
{
    ecusim_mr()[0] = id;
    unsigned error = ecusim_call(ECUSIM_CAP_PARENT, ECUSIM_TAG(ECUSIM_PARENT_CLOSE, 1, 0), 0, NULL);
    if (error != 0) return NEG(error);
    for (unsigned i = 0; i < SESSION_SLOTS; i++) {
        if (sessions[i].cap != 0 && sessions[i].id == id) {
            ecusim_cap_drop(sessions[i].cap);
            sessions[i].cap = 0;
            break;
        }
    }
    return 0;
}

void exit(int code)
{
    ecusim_mr()[0] = (unsigned)code;
    ecusim_call(ECUSIM_CAP_PARENT, ECUSIM_TAG(ECUSIM_PARENT_EXIT, 1, 0), 0, NULL);
    for (;;) { }                                /* never reached: the parent destroys the component */
}

/* --- LOG --- */

static unsigned log_cap;
static int log_failed;

void log_vprintf(const char *fmt, va_list args)
{
    if (log_cap == 0) {
        if (log_failed) return;
        if (session_connect("LOG", "ram_quota=4K", &log_cap, NULL) != 0) {
            log_cap = 0;
            log_failed = 1;
            return;
        }
    }
    char line[ECUSIM_STRING_MAX + 1];
    int length = vformat(line, sizeof line, fmt, args);
    ecusim_put_bytes(0, line, (unsigned)length);
    ecusim_call(log_cap, ECUSIM_TAG(ECUSIM_LOG_WRITE, ECUSIM_STRING_WORDS(length), 0), 0, NULL);
}

void log_printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    log_vprintf(fmt, args);
    va_end(args);
}

/* --- Timer --- */

static unsigned timer_cap;
static int timer_failed;

static int timer(void)
{
    if (timer_cap == 0 && !timer_failed) {
        if (session_connect("Timer", "ram_quota=4K", &timer_cap, NULL) != 0) {
            timer_cap = 0;
            timer_failed = 1;
        }
    }
    return timer_cap != 0;
}

unsigned long long timer_now_us(void)
{
    if (!timer()) return 0;
    if (ecusim_call(timer_cap, ECUSIM_TAG(ECUSIM_TIMER_NOW, 0, 0), 0, NULL) != 0) return 0;
    volatile unsigned *mr = ecusim_mr();
    unsigned low = mr[0], high = mr[1];
    return (unsigned long long)high << 32 | low;
}

void timer_sleep_us(unsigned us)
{
    if (!timer()) return;
    ecusim_mr()[0] = us;
    ecusim_call(timer_cap, ECUSIM_TAG(ECUSIM_TIMER_SLEEP, 1, 0), 0, NULL);
}

void timer_sleep_ms(unsigned ms)
{
    while (ms > 4000000u) {                     /* 4e9 us still fits into 32 bits */
        timer_sleep_us(4000000000u);
        ms -= 4000000u;
    }
    timer_sleep_us(ms * 1000u);
}

int timer_sigh(unsigned irq)
{
    if (!timer()) return NEG(ECUSIM_ENOENT);
    ecusim_put_item(0, irq, ECUSIM_RIGHTS_ALL, 0);
    return NEG(ecusim_call(timer_cap, ECUSIM_TAG(ECUSIM_TIMER_SIGH, 0, 1), 0, NULL));
}

static int timer_op(unsigned op, unsigned us)
{
    if (!timer()) return NEG(ECUSIM_ENOENT);
    ecusim_mr()[0] = us;
    return NEG(ecusim_call(timer_cap, ECUSIM_TAG(op, 1, 0), 0, NULL));
}

int timer_periodic_us(unsigned period) { return timer_op(ECUSIM_TIMER_PERIODIC, period); }
int timer_oneshot_us(unsigned us) { return timer_op(ECUSIM_TIMER_ONESHOT, us); }

/* --- PD, RM --- */

/* A PD operation with MR0 = argument whose reply carries one capability; *cap = its selector. */
static int pd_alloc_cap(unsigned op, unsigned argument, unsigned *cap)
{
    unsigned selector = ecusim_cap_alloc();
    if (selector == 0) return NEG(ECUSIM_ERANGE);
    ecusim_mr()[0] = argument;
    struct ecusim_result r;
    unsigned error = ecusim_call(ECUSIM_CAP_PD, ECUSIM_TAG(op, 1, 0), selector, &r);
    if (error == 0 && ecusim_received_cap(r.tag, selector) == 0) error = ECUSIM_ENOMEM;
    if (error != 0) {
        ecusim_cap_free(selector);
        return NEG(error);
    }
    *cap = selector;
    return 0;
}

int ram_alloc(unsigned bytes, unsigned *ds) { return pd_alloc_cap(ECUSIM_PD_ALLOC, bytes, ds); }
int signal_alloc(unsigned label, unsigned *irq) { return pd_alloc_cap(ECUSIM_PD_ALLOC_SIGNAL, label, irq); }
int gate_alloc(unsigned label, unsigned *gate) { return pd_alloc_cap(ECUSIM_PD_ALLOC_GATE, label, gate); }

int ram_free(unsigned ds)
{
    ecusim_put_item(0, ds, ECUSIM_RIGHTS_ALL, 0);
    unsigned error = ecusim_call(ECUSIM_CAP_PD, ECUSIM_TAG(ECUSIM_PD_FREE, 0, 1), 0, NULL);
    if (error != 0) return NEG(error);
    ecusim_cap_drop(ds);
    return 0;
}

int pd_quota(unsigned *quota, unsigned *used)
{
    unsigned error = ecusim_call(ECUSIM_CAP_PD, ECUSIM_TAG(ECUSIM_PD_QUOTA, 0, 0), 0, NULL);
    if (error != 0) return NEG(error);
    volatile unsigned *mr = ecusim_mr();
    if (quota) *quota = mr[0];
    if (used) *used = mr[1];
    return 0;
}

void *rm_attach(unsigned ds, unsigned local_addr)
{
    volatile unsigned *mr = ecusim_mr();
    mr[0] = local_addr;
    mr[1] = 0;                                  /* not executable */
    ecusim_put_item(2, ds, ECUSIM_RIGHTS_ALL, 0);
    if (ecusim_call(ECUSIM_CAP_RM, ECUSIM_TAG(ECUSIM_RM_ATTACH, 2, 1), 0, NULL) != 0) return NULL;
    return (void *)mr[0];
}

int rm_detach(void *addr)
{
    ecusim_mr()[0] = (unsigned)addr;
    return NEG(ecusim_call(ECUSIM_CAP_RM, ECUSIM_TAG(ECUSIM_RM_DETACH, 1, 0), 0, NULL));
}

/* --- CPU --- */

int thread_create(const char *name, unsigned priority, unsigned *thread)
{
    unsigned selector = ecusim_cap_alloc();
    if (selector == 0) return NEG(ECUSIM_ERANGE);
    ecusim_mr()[0] = priority;
    int index = ecusim_put_string(1, name);
    if (index < 0) {
        ecusim_cap_free(selector);
        return NEG(ECUSIM_EINVAL);
    }
    struct ecusim_result r;
    unsigned error = ecusim_call(ECUSIM_CAP_CPU, ECUSIM_TAG(ECUSIM_CPU_CREATE_THREAD, index, 0), selector, &r);
    if (error == 0 && ecusim_received_cap(r.tag, selector) == 0) error = ECUSIM_ENOMEM;
    if (error != 0) {
        ecusim_cap_free(selector);
        return NEG(error);
    }
    *thread = selector;
    return 0;
}

int thread_start(unsigned thread, void (*entry)(void), void *stack_top)
{
    volatile unsigned *mr = ecusim_mr();
    mr[0] = (unsigned)entry;
    mr[1] = (unsigned)stack_top;
    ecusim_put_item(2, thread, ECUSIM_RIGHTS_ALL, 0);
    return NEG(ecusim_call(ECUSIM_CAP_CPU, ECUSIM_TAG(ECUSIM_CPU_START, 2, 1), 0, NULL));
}

/* --- signals --- */

unsigned signal_wait(unsigned irq)
{
    volatile unsigned *br = ecusim_br();
    for (unsigned i = 0; i < ECUSIM_UTCB_BR_COUNT; i++) br[i] = 0;
    struct ecusim_result r;
    if (ecusim_invoke(ECUSIM_TAG(0, 0, 0), irq, ECUSIM_RECV, ECUSIM_TIMEOUT_NEVER, &r) != 0) return 0;
    return ecusim_mr()[0];
}

/* --- serving --- */

int service_announce(const char *service, unsigned gate)
{
    int index = ecusim_put_string(0, service);
    if (index < 0 || index + 2 > ECUSIM_UTCB_MR_COUNT) return NEG(ECUSIM_EINVAL);
    ecusim_put_item((unsigned)index, gate, ECUSIM_RIGHTS_ALL, 0);
    return NEG(ecusim_call(ECUSIM_CAP_PARENT, ECUSIM_TAG(ECUSIM_PARENT_ANNOUNCE, index, 1), 0, NULL));
}
