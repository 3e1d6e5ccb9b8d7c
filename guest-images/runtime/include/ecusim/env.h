/*
 * The Genode-flavoured client API of ecusim components (runtime/component/). Include this one header.
 *
 * Conventions: functions returning int return 0 (or a non-negative value where said) on success and a
 * negative ECUSIM_E* code on failure (e.g. -ECUSIM_ENOMEM = -12). Capabilities are selectors (unsigned).
 * Everything runs on the component's single main thread; nothing here is thread-safe.
 *
 * Start-up (runtime/component/crt0.S): clears .bss, calls main(), exits with its return value.
 * The LOG and Timer sessions and the config ROM are opened lazily on first use.
 */
#ifndef ECUSIM_ENV_H
#define ECUSIM_ENV_H

#include <stdarg.h>
#include <stddef.h>
#include "ecusim/abi.h"
#include "ecusim/syscall.h"

int main(void);

/* --- LOG --- */
/*
 * One call = one log line (core adds the component's name). printf subset: %d %i %u %x %X %c %s %%,
 * the length modifiers l (32-bit, same as none) and ll (64-bit: %lld %llu %llx %llX), a field width
 * with optional 0 flag (%08x) or - flag (left-justify). At most ECUSIM_STRING_MAX (200) bytes; longer is
 * truncated. Lines are dropped silently if the LOG session cannot be opened.
 */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list args);
/* snprintf-like formatting with the same subset; returns the length written (without the NUL). */
int format(char *out, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vformat(char *out, unsigned size, const char *fmt, va_list args);

/* --- exit --- */
/* PARENT_EXIT with code; never returns. */
void exit(int code) __attribute__((noreturn));

/* --- Timer (virtual time) --- */
unsigned long long timer_now_us(void);          /* microseconds since boot; 0 if no Timer session */
void timer_sleep_us(unsigned us);
void timer_sleep_ms(unsigned ms);
int timer_sigh(unsigned irq);                   /* alarms of this Timer session trigger irq */
int timer_periodic_us(unsigned period);         /* trigger the sigh every period us (0 stops) */
int timer_oneshot_us(unsigned us);              /* trigger the sigh once, us from now */

/* --- signals --- */
/* An IRQ (signal context) attached to the calling thread with label; *irq = its selector. */
int signal_alloc(unsigned label, unsigned *irq);
/* Closed wait on irq: returns the number of triggers since the last wait (0 on error). */
unsigned signal_wait(unsigned irq);

/* --- PD (RAM) and RM (address space) --- */
int ram_alloc(unsigned bytes, unsigned *ds);    /* *ds = dataspace selector; size rounded up to pages */
int ram_free(unsigned ds);                      /* frees the dataspace (detach it first) and its selector */
void *rm_attach(unsigned ds, unsigned local_addr); /* local_addr 0 = anywhere; NULL on failure */
int rm_detach(void *addr);
int pd_quota(unsigned *quota, unsigned *used);  /* RAM quota and RAM used, bytes */

/* --- CPU (threads) --- */
/* A new thread of this component, not yet started (priority at most the component's); *thread = its selector. */
int thread_create(const char *name, unsigned priority, unsigned *thread);
/* Starts it at entry (a function that must not return) with its stack pointer at stack_top. */
int thread_start(unsigned thread, void (*entry)(void), void *stack_top);

/* --- sessions through the parent --- */
/* *cap = selector of the session capability, *id = session id (either pointer may be NULL). */
int session_connect(const char *service, const char *args, unsigned *cap, unsigned *id);
int session_upgrade(unsigned id, const char *args);
int session_close(unsigned id);                 /* also frees the session's selector */

/* --- serving: IPC gates and announcing a service --- */
int gate_alloc(unsigned label, unsigned *gate); /* an IPC gate bound to the calling thread */
int service_announce(const char *service, unsigned gate);

/* --- config ROM ("<config .../>" of the component's start node in init's config) --- */
/* The config text (not NUL-terminated; "" and *size = 0 when there is none). size may be NULL. */
const char *config_rom(unsigned *size);
/* Attribute of the top <config> node as an unsigned: decimal or 0x-prefixed hex; fallback if absent or malformed. */
unsigned config_uint(const char *attribute, unsigned fallback);
/*
 * Copies the attribute's value (raw, entities not decoded) into out, NUL-terminated, truncated to
 * out_size - 1 bytes. Returns its full length, or -ECUSIM_ENOENT if there is no such attribute.
 */
int config_string(const char *attribute, char *out, unsigned out_size);

/* --- heap: first-fit, address-ordered free list with coalescing, 8-byte aligned --- */
/* Grows by ram_alloc + rm_attach in chunks of at least 64 KiB; NULL when the PD quota is exhausted. */
void *malloc(size_t size);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t size);

/* --- libc bits --- */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
