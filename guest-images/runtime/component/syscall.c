/* The system-call layer: message-register helpers, selector allocator, calls (ecusim/syscall.h). */
#include "ecusim/syscall.h"

int ecusim_put_bytes(unsigned index, const char *bytes, unsigned length)
{
    if (length > ECUSIM_STRING_MAX) length = ECUSIM_STRING_MAX;
    if (index + ECUSIM_STRING_WORDS(length) > ECUSIM_UTCB_MR_COUNT) return -1;
    volatile unsigned *mr = ecusim_mr();
    mr[index++] = length;
    for (unsigned i = 0; i < length; i += 4) {
        unsigned word = 0;
        for (unsigned b = 0; b < 4 && i + b < length; b++)
            word |= (unsigned)(unsigned char)bytes[i + b] << (8 * b);
        mr[index++] = word;
    }
    return (int)index;
}

int ecusim_put_string(unsigned index, const char *s)
{
    unsigned length = 0;
    while (length < ECUSIM_STRING_MAX && s[length]) length++;
    return ecusim_put_bytes(index, s, length);
}

int ecusim_get_string(unsigned index, unsigned words, char *out, unsigned out_size)
{
    if (words > ECUSIM_UTCB_MR_COUNT || index >= words) return -1;
    volatile unsigned *mr = ecusim_mr();
    unsigned length = mr[index];
    if (length > ECUSIM_STRING_MAX || index + ECUSIM_STRING_WORDS(length) > words) return -1;
    unsigned n = 0;
    for (unsigned i = 0; i < length; i++) {
        char c = (char)(mr[index + 1 + i / 4] >> (8 * (i % 4)));
        if (n + 1 < out_size) out[n++] = c;
    }
    if (out_size > 0) out[n] = 0;
    return (int)(index + ECUSIM_STRING_WORDS(length));
}

void ecusim_put_item(unsigned index, unsigned selector, unsigned rights, int grant)
{
    volatile unsigned *mr = ecusim_mr();
    mr[index] = ECUSIM_ITEM(selector, rights, grant);
    mr[index + 1] = 0;
}

/* --- selectors: a bitmap, lowest free first (deterministic) --- */
static unsigned used[ECUSIM_CAP_COUNT / 32];

unsigned ecusim_cap_alloc(void)
{
    for (unsigned s = ECUSIM_CAP_FIRST_FREE; s < ECUSIM_CAP_COUNT; s++) {
        if (!(used[s / 32] & (1u << (s % 32)))) {
            used[s / 32] |= 1u << (s % 32);
            return s;
        }
    }
    return 0;
}

void ecusim_cap_free(unsigned selector)
{
    if (selector >= ECUSIM_CAP_FIRST_FREE && selector < ECUSIM_CAP_COUNT)
        used[selector / 32] &= ~(1u << (selector % 32));
}

unsigned ecusim_cap_free_count(void)
{
    unsigned n = 0;
    for (unsigned s = ECUSIM_CAP_FIRST_FREE; s < ECUSIM_CAP_COUNT; s++)
        if (!(used[s / 32] & (1u << (s % 32)))) n++;
    return n;
}

void ecusim_cap_drop(unsigned selector)
{
    if (selector < ECUSIM_CAP_FIRST_FREE || selector >= ECUSIM_CAP_COUNT) return;
    volatile unsigned *mr = ecusim_mr();
    mr[0] = ECUSIM_TASK_UNMAP;
    mr[1] = selector;
    struct ecusim_result r;
    ecusim_call(ECUSIM_CAP_TASK, ECUSIM_TAG(0, 2, 0), 0, &r);
    ecusim_cap_free(selector);
}

/* --- calls --- */
unsigned ecusim_call(unsigned selector, unsigned tag, unsigned buffer, struct ecusim_result *out)
{
    volatile unsigned *br = ecusim_br();
    br[0] = buffer;
    for (unsigned i = 1; i < ECUSIM_UTCB_BR_COUNT; i++) br[i] = 0;
    struct ecusim_result r;
    ecusim_invoke(tag, selector, ECUSIM_SEND | ECUSIM_RECV, ECUSIM_TIMEOUT_NEVER, &r);
    br[0] = 0;
    if (out) *out = r;
    if (r.error != 0) return r.error;
    int label = ECUSIM_TAG_LABEL(r.tag);
    return (unsigned)(label < 0 ? -label : label);
}

unsigned ecusim_received_cap(unsigned reply_tag, unsigned buffer)
{
    if (ECUSIM_TAG_ITEMS(reply_tag) == 0) return buffer;
    unsigned words = ECUSIM_TAG_WORDS(reply_tag);
    if (words >= ECUSIM_UTCB_MR_COUNT) return 0;
    return (ecusim_mr()[words] & ECUSIM_ITEM_MAP) ? buffer : 0;
}
