/* probe.c - PORTOLAN_BENCH timestamps (see probe.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "probe.h"

static int painted;
static char *last_filter;

static void note(const char *fmt, const char *text, size_t count)
{
    const char *path = getenv("PORTOLAN_BENCH");
    if (!path || !*path)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, fmt, ts.tv_sec * 1e3 + ts.tv_nsec / 1e6, count, text);
    fclose(f);
}

void probe_event(const char *what)
{
    if (getenv("PORTOLAN_BENCH"))
        note("event %.3f %zu %s\n", what, 0);
}

void probe_frame(const model *m)
{
    if (!getenv("PORTOLAN_BENCH"))
        return;
    if (!painted) {
        painted = 1;
        note("paint %.3f %zu%s\n", "", model_count(m));
    }
    const char *t = model_filter_text(m);
    if (*t && model_filter_done(m) &&
        (!last_filter || strcmp(last_filter, t) != 0)) {
        free(last_filter);
        last_filter = strdup(t);
        note("filter %.3f %zu %s\n", t, model_count(m));
    }
}
