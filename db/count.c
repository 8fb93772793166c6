/* count.c - how many flows use each port: per document, per protocol class
 * (any, TCP, UDP), kept in table port_count so that "how many flows use
 * port N" is a handful of one-page reads instead of a walk of every range
 * containing N (hundreds of thousands for a port inside the RTP ranges).
 *
 * A flow counts once for a port however many of its ranges contain it.
 * Counting goes through difference arrays: each flow's ranges of one class
 * are merged into disjoint intervals, separately for even and odd ports
 * (a range "36000-59998 (even ports)" holds no odd port), and each interval
 * adds one at its start and takes one away after its end. */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db_int.h"

enum { NPORTS = 65536, CHUNK = 1024, NCHUNKS = NPORTS / CHUNK };

struct db_counter {
    /* diff[class][parity of the port][port]; one more for hi + 1 */
    int32_t diff[DB_COUNT_CLASSES][2][NPORTS + 1];
    /* the current flow's ranges */
    struct crange {
        unsigned classes; /* bit per class */
        int lo, hi;
        parity_t parity;
    } *r;
    size_t n, cap;
    int (*iv)[2];     /* scratch: one class's intervals */
    size_t ivcap;
};

db_counter *db_counter_new(void)
{
    return calloc(1, sizeof(db_counter));
}

void db_counter_free(db_counter *c)
{
    if (c) {
        free(c->r);
        free(c->iv);
        free(c);
    }
}

/* The classes a range of this protocol counts for. */
static unsigned classes_of(proto_t p)
{
    switch (p) {
    case PROTO_UNSPEC: return 7u;
    case PROTO_TCP: return 1u | 2u;
    case PROTO_UDP: return 1u | 4u;
    default: return 1u;
    }
}

int db_counter_range(db_counter *c, proto_t proto, int lo, int hi,
                     parity_t parity)
{
    if (lo < 0 || hi > 65535 || lo > hi)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct crange *r = realloc(c->r, cap * sizeof *r);
        if (!r)
            return -1;
        c->r = r;
        c->cap = cap;
    }
    c->r[c->n++] = (struct crange){classes_of(proto), lo, hi, parity};
    return 0;
}

static int by_lo(const void *a, const void *b)
{
    int x = ((const int *)a)[0], y = ((const int *)b)[0];
    return (x > y) - (x < y);
}

void db_counter_flow_end(db_counter *c)
{
    if (c->n > c->ivcap) {
        int (*iv)[2] = realloc(c->iv, c->n * sizeof *iv);
        if (!iv) { /* counts stay short of this flow; never in practice */
            c->n = 0;
            return;
        }
        c->iv = iv;
        c->ivcap = c->n;
    }
    for (int cls = 0; cls < DB_COUNT_CLASSES; cls++)
        for (int par = 0; par < 2; par++) { /* 0: even ports, 1: odd */
            size_t k = 0;
            for (size_t i = 0; i < c->n; i++) {
                const struct crange *r = &c->r[i];
                if (!(r->classes & (1u << cls)) ||
                    (r->parity == PARITY_EVEN && par) ||
                    (r->parity == PARITY_ODD && !par))
                    continue;
                c->iv[k][0] = r->lo;
                c->iv[k][1] = r->hi;
                k++;
            }
            if (k == 0)
                continue;
            if (k > 1)
                qsort(c->iv, k, sizeof c->iv[0], by_lo);
            int lo = c->iv[0][0], hi = c->iv[0][1];
            int32_t *d = c->diff[cls][par];
            for (size_t j = 1; j <= k; j++) {
                if (j < k && c->iv[j][0] <= hi + 1) {
                    if (c->iv[j][1] > hi)
                        hi = c->iv[j][1];
                    continue;
                }
                d[lo]++;
                d[hi + 1]--;
                if (j < k) {
                    lo = c->iv[j][0];
                    hi = c->iv[j][1];
                }
            }
        }
    c->n = 0;
}

/* A chunk's counts as stored: 'R' and runs of (u16 first port within the
 * chunk, u32 count) when that is smaller, else 'A' and 1024 u32. Returns
 * the length written into out (at least 1 + CHUNK * 4 bytes). */
static size_t encode(const uint32_t *v, unsigned char *out)
{
    size_t runs = 1;
    for (int i = 1; i < CHUNK; i++)
        runs += v[i] != v[i - 1];
    if (runs * 6 < (size_t)CHUNK * 4) {
        size_t k = 0;
        out[k++] = 'R';
        for (int i = 0; i < CHUNK; i++) {
            if (i && v[i] == v[i - 1])
                continue;
            uint16_t at = (uint16_t)i;
            memcpy(out + k, &at, 2);
            memcpy(out + k + 2, &v[i], 4);
            k += 6;
        }
        return k;
    }
    out[0] = 'A';
    memcpy(out + 1, v, (size_t)CHUNK * 4);
    return 1 + (size_t)CHUNK * 4;
}

/* The count at offset in an encoded chunk; 0 for anything malformed. */
static uint32_t decode(const unsigned char *b, size_t n, int offset)
{
    uint32_t v = 0;
    if (n == 1 + (size_t)CHUNK * 4 && b[0] == 'A') {
        memcpy(&v, b + 1 + (size_t)offset * 4, 4);
        return v;
    }
    if (n < 7 || b[0] != 'R' || (n - 1) % 6)
        return 0;
    size_t lo = 0, hi = (n - 1) / 6; /* the last run starting <= offset */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        uint16_t at;
        memcpy(&at, b + 1 + mid * 6, 2);
        if (at <= offset)
            lo = mid;
        else
            hi = mid;
    }
    memcpy(&v, b + 1 + lo * 6 + 2, 4);
    return v;
}

status db_counter_write(db *d, db_counter *c, long long document)
{
    static const char sql[] =
        "INSERT INTO port_count (class, chunk, document_id, counts) "
        "VALUES (?1, ?2, ?3, ?4)";
    uint32_t *v = malloc(CHUNK * sizeof *v);
    unsigned char *buf = malloc(1 + (size_t)CHUNK * 4);
    status s = v && buf ? ST_OK : ST_NOMEM;
    for (int cls = 0; cls < DB_COUNT_CLASSES && s == ST_OK; cls++) {
        int32_t run[2] = {0, 0};
        for (int chunk = 0; chunk < NCHUNKS && s == ST_OK; chunk++) {
            uint32_t any = 0;
            for (int i = 0; i < CHUNK; i++) {
                int port = chunk * CHUNK + i;
                run[0] += c->diff[cls][0][port];
                run[1] += c->diff[cls][1][port];
                v[i] = (uint32_t)run[port & 1];
                any |= v[i];
            }
            if (!any)
                continue;
            sqlite3_stmt *st;
            if ((s = db_get(d, Q_COUNT_ADD, sql, &st)) != ST_OK)
                break;
            size_t len = encode(v, buf);
            sqlite3_bind_int(st, 1, cls);
            sqlite3_bind_int(st, 2, chunk);
            sqlite3_bind_int64(st, 3, document);
            sqlite3_bind_blob(st, 4, buf, (int)len, SQLITE_STATIC);
            s = db_step_all(d, st);
            db_put(d, Q_COUNT_ADD, st);
        }
    }
    free(v);
    free(buf);
    memset(c->diff, 0, sizeof c->diff);
    return s;
}

/* Do all documents have their counts? */
static status counts_complete(db *d, int *yes)
{
    static const char sql[] =
        "SELECT NOT EXISTS (SELECT 1 FROM document x "
        "LEFT JOIN document_cache c ON c.document_id = x.id "
        "WHERE coalesce(c.port_counts, 0) = 0)";
    sqlite3_stmt *st;
    *yes = 0;
    status s = db_get(d, Q_COUNT_READY, sql, &st);
    if (s != ST_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *yes = sqlite3_column_int(st, 0);
    else
        s = db_fail(d, rc);
    db_put(d, Q_COUNT_READY, st);
    return s;
}

status db_counted(db *d, int port, proto_t proto, long long *n)
{
    static const char sql[] =
        "SELECT counts FROM port_count WHERE class = ?1 AND chunk = ?2";
    int cls = proto == PROTO_UNSPEC ? 0 : proto == PROTO_TCP ? 1
            : proto == PROTO_UDP ? 2 : -1;
    int ready = 0;
    *n = -1;
    if (cls < 0 || port < 0 || port > 65535)
        return ST_OK;
    int began = db_read_begin(d); /* both statements see one state */
    status s = counts_complete(d, &ready);
    sqlite3_stmt *st;
    if (s != ST_OK || !ready ||
        (s = db_get(d, Q_COUNT_GET, sql, &st)) != ST_OK) {
        db_read_end(d, began);
        return s;
    }
    sqlite3_bind_int(st, 1, cls);
    sqlite3_bind_int(st, 2, port / CHUNK);
    long long total = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *b = sqlite3_column_blob(st, 0);
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        if (b)
            total += decode(b, len, port % CHUNK);
    }
    if (rc != SQLITE_DONE)
        s = db_fail(d, rc);
    db_put(d, Q_COUNT_GET, st);
    db_read_end(d, began);
    if (s == ST_OK)
        *n = total;
    return s;
}
