/* The config ROM: PARENT_SESSION("ROM", "ram_quota=4K, label=config"), ROM_DATASPACE, RM_ATTACH (ecusim/env.h). */
#include "ecusim/env.h"

static const char *text = "";
static unsigned text_size;
static int loaded;

static void load(void)
{
    loaded = 1;
    unsigned rom;
    if (session_connect("ROM", "ram_quota=4K, label=config", &rom, NULL) != 0) return;     /* ENOENT: no config */
    unsigned ds = ecusim_cap_alloc();
    if (ds == 0) return;
    struct ecusim_result r;
    if (ecusim_call(rom, ECUSIM_TAG(ECUSIM_ROM_DATASPACE, 0, 0), ds, &r) != 0
        || ecusim_received_cap(r.tag, ds) == 0) {
        ecusim_cap_free(ds);
        return;
    }
    unsigned size = ecusim_mr()[0];
    const char *address = rm_attach(ds, 0);
    if (address == NULL) return;
    unsigned n = 0;
    while (n < size && address[n] != 0) n++;    /* a terminating NUL, if any, ends the text */
    text = address;
    text_size = n;
}

const char *config_rom(unsigned *size)
{
    if (!loaded) load();
    if (size) *size = text_size;
    return text;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int is_name(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == ':' || c == '.';
}

/*
 * Finds attribute in the top <config> node: *value = its first byte, returns its length, or -1.
 * The node is the first "<config" followed by a space, '/' or '>'; attributes are name="value" or
 * name='value'; parsing stops at the node's '>' or "/>".
 */
static int find(const char *attribute, const char **value)
{
    unsigned size;
    const char *t = config_rom(&size);
    unsigned i = 0;
    for (;; i++) {
        if (i + 7 >= size) return -1;
        if (memcmp(t + i, "<config", 7) == 0 && (is_space(t[i + 7]) || t[i + 7] == '/' || t[i + 7] == '>')) break;
    }
    i += 7;
    unsigned attribute_length = strlen(attribute);
    for (;;) {
        while (i < size && is_space(t[i])) i++;
        if (i >= size || !is_name(t[i])) return -1;  /* '>', "/>" or malformed */
        unsigned name = i;
        while (i < size && is_name(t[i])) i++;
        unsigned name_length = i - name;
        while (i < size && is_space(t[i])) i++;
        if (i >= size || t[i] != '=') return -1;
        i++;
        while (i < size && is_space(t[i])) i++;
        if (i >= size || (t[i] != '"' && t[i] != '\'')) return -1;
        char quote = t[i++];
        unsigned start = i;
        while (i < size && t[i] != quote) i++;
        if (i >= size) return -1;
        if (name_length == attribute_length && memcmp(t + name, attribute, name_length) == 0) {
            *value = t + start;
            return (int)(i - start);
        }
        i++;
    }
}

int config_string(const char *attribute, char *out, unsigned out_size)
{
    const char *value;
    int length = find(attribute, &value);
    if (length < 0) return -(int)ECUSIM_ENOENT;
    if (out_size > 0) {
        unsigned n = (unsigned)length < out_size - 1 ? (unsigned)length : out_size - 1;
        memcpy(out, value, n);
        out[n] = 0;
    }
    return length;
}

unsigned config_uint(const char *attribute, unsigned fallback)
{
    const char *v;
    int length = find(attribute, &v);
    if (length < 0) return fallback;
    int i = 0;
    while (i < length && is_space(v[i])) i++;
    while (length > i && is_space(v[length - 1])) length--;
    if (i >= length) return fallback;
    unsigned long long result = 0;
    if (length - i > 2 && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
        for (i += 2; i < length; i++) {
            char c = v[i];
            unsigned d;
            if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
            else return fallback;
            result = result << 4 | d;
            if (result > 0xffffffffull) return fallback;
        }
    } else {
        for (; i < length; i++) {
            char c = v[i];
            if (c < '0' || c > '9') return fallback;
            result = result * 10 + (unsigned)(c - '0');
            if (result > 0xffffffffull) return fallback;
        }
    }
    return (unsigned)result;
}
