/* export.c - choosing an export format, writing it whole or not at all,
 * and the helpers the writers share. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "export_int.h"

#ifndef PORTOLAN_VERSION
#define PORTOLAN_VERSION "unknown"
#endif

static const struct {
    const char *name, *alias, *ext;
    void (*write)(const export_doc *, export_buf *);
} FORMATS[EXPORT__COUNT] = {
    [EXPORT_CSV] = {"csv", NULL, "csv", export_csv},
    [EXPORT_MD] = {"md", "markdown", "md", export_md},
    [EXPORT_JSON] = {"json", NULL, "json", export_json},
    [EXPORT_HTML] = {"html", NULL, "html", export_html},
    [EXPORT_NFT] = {"nft", "nftables", "nft", export_nft},
    [EXPORT_IPTABLES] = {"iptables", NULL, "rules", export_iptables},
    [EXPORT_DOT] = {"dot", "graphviz", "dot", export_dot},
};

export_format export_format_from_name(const char *name)
{
    for (int i = 0; name && i < EXPORT__COUNT; i++)
        if (!strcasecmp(name, FORMATS[i].name) ||
            (FORMATS[i].alias && !strcasecmp(name, FORMATS[i].alias)))
            return (export_format)i;
    return EXPORT__COUNT;
}

const char *export_format_name(export_format f)
{
    return (unsigned)f < EXPORT__COUNT ? FORMATS[f].name : "";
}

const char *export_format_ext(export_format f)
{
    return (unsigned)f < EXPORT__COUNT ? FORMATS[f].ext : "";
}

/* ---- writing ------------------------------------------------------------ */

/* The moment of the export: $SOURCE_DATE_EPOCH (reproducible output),
 * else now. */
static time_t export_time(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long t = strtoll(e, &end, 10);
        if (!*end && t >= 0)
            return (time_t)t;
    }
    return time(NULL);
}

status export_stream(const worksheet *w, export_format fmt, FILE *f,
                     export_report *rep)
{
    export_report none;
    if (!rep)
        rep = &none;
    memset(rep, 0, sizeof *rep);
    if ((unsigned)fmt >= EXPORT__COUNT)
        return ST_USAGE;
    char date[16], generated[32];
    time_t t = export_time();
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    strftime(generated, sizeof generated, "%Y-%m-%dT%H:%M:%SZ", &tm);
    export_doc x = {w, w->rules, date, generated, PORTOLAN_VERSION};
    export_buf b;
    eb_init(&b, f);
    FORMATS[fmt].write(&x, &b);
    return eb_finish(&b, rep);
}

const char *export_report_text(const export_report *r, const char *where,
                               char *buf, size_t n)
{
    if (!where || !strcmp(where, "-"))
        where = "standard output";
    snprintf(buf, n, "%zu invalid UTF-8 sequence%s replaced with U+FFFD in "
             "%s (first on line %zu)", r->replaced,
             r->replaced == 1 ? "" : "s", where, r->line);
    return buf;
}

static status io_error(char *err, size_t errlen, const char *what,
                       const char *path, int e)
{
    snprintf(err, errlen, "cannot %s %s: %s", what, path, strerror(e));
    return ST_IO;
}

/* Make the new directory entry durable too. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Move tmp to path: over it with force, else only if path is still free
 * (RENAME_NOREPLACE, or a hard link where the file system has no such
 * rename). Returns 0 or an errno. */
static int put_in_place(const char *tmp, const char *path, int force)
{
    if (force)
        return rename(tmp, path) == 0 ? 0 : errno;
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    if (link(tmp, path) != 0)
        return errno;
    unlink(tmp);
    return 0;
}

static status write_file(const worksheet *w, export_format fmt,
                         const char *path, int force, export_report *rep,
                         char *err, size_t errlen)
{
    struct stat sb;
    if (!force && lstat(path, &sb) == 0) {
        snprintf(err, errlen, "%s exists (use --force to replace it)",
                 path);
        return ST_EXISTS;
    }
    /* dir/.name.XXXXXX: same file system, so the rename is atomic */
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    char *dir = slash ? strndup(path, dlen ? dlen : 1) : strdup(".");
    char *tmp = NULL;
    if (!dir || asprintf(&tmp, "%.*s%s.%s.XXXXXX", (int)dlen, path,
                         slash ? "/" : "", slash ? slash + 1 : path) < 0) {
        free(dir);
        return ST_NOMEM;
    }
    status s = ST_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        s = io_error(err, errlen, "write a file in", dir, errno);
        free(tmp);
        free(dir);
        return s;
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        s = io_error(err, errlen, "write", path, errno);
        close(fd);
    } else {
        s = export_stream(w, fmt, f, rep);
        if (s == ST_IO)
            io_error(err, errlen, "write", path, errno ? errno : EIO);
        else if (s != ST_OK)
            snprintf(err, errlen, "%s", status_str(s));
        if (s == ST_OK && fsync(fileno(f)) != 0)
            s = io_error(err, errlen, "write", path, errno);
        if (fclose(f) != 0 && s == ST_OK)
            s = io_error(err, errlen, "write", path, errno);
    }
    if (s == ST_OK) {
        int e = put_in_place(tmp, path, force);
        if (e == EEXIST) {
            snprintf(err, errlen, "%s exists (use --force to replace it)",
                     path);
            s = ST_EXISTS;
        } else if (e) {
            s = io_error(err, errlen, "create", path, e);
        } else {
            sync_dir(dir);
        }
    }
    if (s != ST_OK)
        unlink(tmp);
    free(tmp);
    free(dir);
    return s;
}

status export_file(const worksheet *w, export_format fmt, const char *path,
                   int force, export_report *rep, char *err,
                   size_t errlen)
{
    export_report none;
    if (!rep)
        rep = &none;
    memset(rep, 0, sizeof *rep);
    char dummy[1];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    if ((unsigned)fmt >= EXPORT__COUNT) {
        snprintf(err, errlen, "unknown export format");
        return ST_USAGE;
    }
    status s;
    if (path && strcmp(path, "-")) {
        s = write_file(w, fmt, path, force, rep, err, errlen);
    } else {
        s = export_stream(w, fmt, stdout, rep);
        if (s == ST_IO)
            io_error(err, errlen, "write", "standard output",
                     errno ? errno : EIO);
        else if (s != ST_OK)
            snprintf(err, errlen, "%s", status_str(s));
    }
    if (s != ST_OK)
        memset(rep, 0, sizeof *rep);
    return s;
}

status export_write(db *d, const char *sheet, export_format fmt,
                    const char *path, int force, export_report *rep,
                    char *err, size_t errlen)
{
    if (rep)
        memset(rep, 0, sizeof *rep);
    char dummy[1];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    if ((unsigned)fmt >= EXPORT__COUNT) {
        snprintf(err, errlen, "unknown export format");
        return ST_USAGE;
    }
    worksheet *w;
    status s = worksheet_load(d, sheet, &w, err, errlen);
    if (s != ST_OK)
        return s;
    s = export_file(w, fmt, path, force, rep, err, errlen);
    worksheet_free(w);
    return s;
}

/* ---- helpers for the writers -------------------------------------------- */

const char *export_proto_upper(proto_t p, char *buf, size_t n)
{
    const char *s = rules_proto_name(p);
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        buf[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    if (n)
        buf[i] = '\0';
    return buf;
}

/* One origin: "29 (flow 218)", or "29 (flow 218, way back)". */
static void origin_where(export_buf *b, const rules_origin *o)
{
    eb_int(b, o->line);
    eb_put(b, " (flow ", 7);
    eb_int(b, o->flow);
    if (o->reverse)
        eb_put(b, ", way back", 10);
    eb_putc(b, ')');
}

void export_origins_text(export_buf *b, const rules_rule *r,
                         const char *sep, export_esc esc)
{
    for (size_t i = 0; i < r->norigins; i++) {
        if (i)
            eb_puts(b, sep);
        eb_escaped(b, r->origins[i].document, esc);
        eb_putc(b, ':');
        origin_where(b, &r->origins[i]);
    }
}

void export_origins_grouped(export_buf *b, const rules_rule *r,
                            export_esc esc)
{
    for (size_t i = 0; i < r->norigins; i++) {
        const rules_origin *o = &r->origins[i];
        if (i && !strcmp(o->document, r->origins[i - 1].document)) {
            eb_put(b, ", ", 2);
        } else {
            if (i)
                eb_put(b, "; ", 2);
            eb_escaped(b, o->document, esc);
            eb_put(b, ": ", 2);
        }
        origin_where(b, o);
    }
}

static void spans_text(const port_span *v, size_t n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < len; i++) {
        char one[32];
        rules_span_text(&v[i], "-", one, sizeof one);
        int k = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", one);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

void export_leg_text(const rules_leg *l, char *buf, size_t n)
{
    char s[512], d[512];
    if (l->nsport)
        spans_text(l->sport, l->nsport, s, sizeof s);
    else
        snprintf(s, sizeof s, "any");
    if (l->ndport)
        spans_text(l->dport, l->ndport, d, sizeof d);
    else
        snprintf(d, sizeof d, "-");
    snprintf(buf, n, "%s -> %s", s, d);
}

const char *export_oneline(unsigned char c)
{
    return c < 0x20 || c == 0x7f ? " " : NULL;
}
