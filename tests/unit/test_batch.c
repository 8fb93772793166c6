/* test_batch.c - db/batch.c against the one-row functions of db/write.c:
 * the same rows written both ways into two databases must come out
 * identical, ids and order included (after a replaced document, so the
 * next flow id is AUTOINCREMENT's and not max(id) + 1), through several
 * batches; a bad row is refused at once, a broken foreign key fails the
 * document, and a rollback leaves nothing. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../tap.h"
#include "../../db/db_int.h"

enum { NFLOWS = 300 };

static char tmpdir[256];

static int rm_one(const char *p, const struct stat *sb, int type,
                  struct FTW *ftw)
{
    (void)sb, (void)type, (void)ftw;
    return remove(p);
}

/* What the rows of flow i are (the same for both ways of writing). */
static db_flow_in flow_of(long long doc, long long sec, int i, char *buf,
                          size_t n)
{
    snprintf(buf, n, "Device %d", i);
    return (db_flow_in){doc, i % 3 ? sec : 0, 100 + i, buf, "TCP 5060",
                        "Server", i % 2 ? "1024-65535" : "", "TCP",
                        "desc 'quoted'", "Mandatory", "mandatory",
                        i % 4 ? "inbound" : "", i % 5 ? "" : "*",
                        i % 2 ? "TCP" : "TCP/UDP"};
}

static port_range range_of(int i, int k)
{
    static char label[] = "RTP", none[] = "", mark[] = "*";
    port_range r = {PROTO_UDP, PORT_NUMERIC, 1000 + i, 1000 + i + k * 70,
                    k == 2 ? PARITY_EVEN : PARITY_ALL, k ? label : none,
                    i % 5 ? none : mark, k == 1 ? 4 : -1};
    if (i % 11 == 0 && k == 0) {
        r.kind = PORT_EPHEMERAL;
        r.lo = r.hi = -1;
        r.proto = PROTO_UNSPEC;
    }
    return r;
}

/* Every row of the tables an import writes, in rowid order. */
static void dump(const char *path, char *out, size_t n)
{
    static const char *const sql[] = {
        "SELECT group_concat(x, ';') FROM (SELECT quote(id)||quote("
        "document_id)||quote(section_id)||quote(line)||source||destination_"
        "ports||direction||marks||transports AS x FROM flow ORDER BY "
        "rowid)",
        "SELECT group_concat(x, ';') FROM (SELECT quote(id)||quote(flow_id)"
        "||side||protocol||kind||quote(lo)||quote(hi)||parity||label||marks"
        "||quote(base_offset) AS x FROM port_range ORDER BY rowid)",
        "SELECT group_concat(x, ';') FROM (SELECT quote(id)||quote(flow_id)"
        "||line||severity||message AS x FROM diagnostic ORDER BY rowid)",
        "SELECT group_concat(x, ';') FROM (SELECT flow_id||','||"
        "footnote_id AS x FROM flow_footnote ORDER BY rowid)",
        "SELECT group_concat(name||seq, ';') FROM sqlite_sequence",
    };
    sqlite3 *h = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (sqlite3_open(path, &h) != SQLITE_OK) {
        sqlite3_close(h);
        return;
    }
    for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, sql[q], -1, &st, NULL) != SQLITE_OK)
            continue;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            len += (size_t)snprintf(out + len, n - len, "%s\n",
                                    sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        if (len >= n)
            break;
    }
    sqlite3_close(h);
}

static long long count_of(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st;
    long long n = -1;
    if (sqlite3_open(path, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

/* A document at path "/doc" with nflows flows, each with three ranges,
 * a diagnostic every seventh, footnote links every fifth (one twice),
 * written one row at a time or in batches. */
static int write_doc(db *d, int nflows, int batched)
{
    int bad = 0;
    long long doc, prod, sec, note[2];
    db_document_in di = {"/doc", "doc", "00", "T", "V", "tsv", 1};
    bad += db_import_begin(d) != ST_OK;
    bad += db_document_put(d, &di, &doc) != ST_OK;
    bad += db_product_id(d, doc, "P", &prod) != ST_OK;
    bad += db_section_id(d, prod, "S", &sec) != ST_OK;
    bad += db_footnote_add(d, doc, 900, "*", "star", &note[0]) != ST_OK;
    bad += db_footnote_add(d, doc, 901, "**", "two", &note[1]) != ST_OK;
    bad += db_diag_add(d, doc, 0, 1, "info", "before the flows") != ST_OK;
    db_batch *b = NULL;
    if (batched)
        bad += db_batch_start(d, &b) != ST_OK;
    for (int i = 0; i < nflows && !bad; i++) {
        char buf[32], msg[64];
        db_flow_in f = flow_of(doc, sec, i, buf, sizeof buf);
        long long id = 0;
        bad += (batched ? db_batch_flow(b, &f, &id)
                        : db_flow_add(d, &f, &id)) != ST_OK;
        for (int k = 0; k < 3; k++) {
            port_range r = range_of(i, k);
            flow_side side = k == 1 ? SIDE_SRC : SIDE_DST;
            bad += (batched ? db_batch_range(b, id, side, &r)
                            : db_range_add(d, id, side, &r)) != ST_OK;
        }
        snprintf(msg, sizeof msg, "flow %d: 'warned'", i);
        if (i % 7 == 0)
            bad += (batched ? db_batch_diag(b, doc, id, 100 + i, "warning",
                                            msg)
                            : db_diag_add(d, doc, id, 100 + i, "warning",
                                          msg)) != ST_OK;
        for (int k = 0; i % 5 == 0 && k < (i % 10 ? 1 : 3); k++)
            bad += (batched ? db_batch_footnote(b, id, note[k % 2])
                            : db_flow_footnote_add(d, id, note[k % 2])) !=
                   ST_OK;
    }
    if (batched)
        bad += db_batch_end(b) != ST_OK;
    bad += db_document_done(d) != ST_OK;
    bad += db_commit(d) != ST_OK;
    return bad;
}

static db *open_new(const char *name, char *path, size_t n)
{
    char err[512];
    db *d = NULL;
    snprintf(path, n, "%s/%s", tmpdir, name);
    if (db_open(path, DB_OPEN_CREATE, &d, NULL, err, sizeof err) != ST_OK) {
        diag("%s", err);
        return NULL;
    }
    return d;
}

static void test_same_rows(void)
{
    static char one[1 << 20], many[1 << 20];
    char pa[300], pb[300];
    db *a = open_new("one.db", pa, sizeof pa);
    db *b = open_new("many.db", pb, sizeof pb);
    ok(a && b, "two new databases");
    if (!a || !b)
        return;
    /* A first version of the document, then its replacement: the ids
     * deleted with it are not given again. */
    is_int(write_doc(a, 7, 0) + write_doc(b, 7, 1), 0, "first version");
    is_int(write_doc(a, NFLOWS, 0), 0, "one row at a time");
    is_int(write_doc(b, NFLOWS, 1), 0, "in batches");
    db_close(a);
    db_close(b);
    dump(pa, one, sizeof one);
    dump(pb, many, sizeof many);
    ok(strlen(one) > 10000, "the rows were read back (%zu bytes)",
       strlen(one));
    ok(strstr(one, "flow307") != NULL, "AUTOINCREMENT went on after 7");
    ok(strcmp(one, many) == 0, "the same rows, ids and order");
}

static void test_failures(void)
{
    char p[300];
    db *d = open_new("fail.db", p, sizeof p);
    if (!d) {
        ok(0, "open");
        return;
    }
    is_int(write_doc(d, 10, 1), 0, "a document");
    long long doc, id;
    db_document_in di = {"/other", "other", "01", "T", "V", "tsv", 1};
    db_batch *b = NULL;
    ok(db_import_begin(d) == ST_OK && db_document_put(d, &di, &doc) ==
       ST_OK && db_batch_start(d, &b) == ST_OK, "a second, begun");
    char buf[32];
    db_flow_in f = flow_of(doc, 0, 1, buf, sizeof buf);
    ok(db_batch_flow(b, &f, &id) == ST_OK && id == 11, "its flow is 11");
    port_range r = range_of(1, 0);
    r.lo = 70000;
    r.hi = 70001;
    is_int(db_batch_range(b, id, SIDE_DST, &r), ST_USAGE,
           "a port above 65535 is refused at once");
    is_int(db_batch_diag(b, doc, id, 1, "fatal", "x"), ST_USAGE,
           "an unknown severity too");
    ok(db_batch_footnote(b, id, 999999) == ST_OK, "a missing footnote, "
       "queued");
    ok(db_batch_end(b) != ST_OK, "fails when written");
    db_rollback(d);
    db_batch_free(NULL);
    db_close(d);
    is_int(count_of(p, "SELECT count(*) FROM flow WHERE document_id = 1"),
           10, "the rollback left the first document alone");
    is_int(count_of(p, "SELECT count(*) FROM document"), 1,
           "and nothing of the second");
    is_int(count_of(p, "SELECT seq FROM sqlite_sequence "
                       "WHERE name = 'flow'"), 10, "nor its flow ids");
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/portolan-batch-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        ok(0, "mkdtemp");
        return done_testing();
    }
    test_same_rows();
    test_failures();
    nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    return done_testing();
}
