/* tap.h - a tiny Test Anything Protocol emitter for the C unit tests.
 *
 * Each test program prints "ok N - name" / "not ok N - name" lines and a
 * plan at the end; prove(1) reads them. A failed comparison prints what was
 * expected and what was got as TAP diagnostics ("# ..."). */
#ifndef PORTOLAN_TAP_H
#define PORTOLAN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
    va_list ap;
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        tap_failed++;
    fflush(stdout);
    return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_int(got, want, ...)                                            \
    do {                                                                  \
        long long g_ = (long long)(got), w_ = (long long)(want);          \
        if (!tap_ok(g_ == w_, __VA_ARGS__))                               \
            printf("#   %s:%d: got %lld, expected %lld\n", __FILE__,      \
                   __LINE__, g_, w_);                                     \
    } while (0)

#define is_str(got, want, ...)                                            \
    do {                                                                  \
        const char *g_ = (got), *w_ = (want);                             \
        int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;          \
        if (!tap_ok(same_, __VA_ARGS__))                                  \
            printf("#   %s:%d: got \"%s\", expected \"%s\"\n", __FILE__,  \
                   __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)");     \
    } while (0)

#define diag(...)                                                         \
    do {                                                                  \
        printf("# ");                                                     \
        printf(__VA_ARGS__);                                              \
        printf("\n");                                                     \
    } while (0)

/* End of the test program: print the plan and return the exit status. */
static inline int done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
