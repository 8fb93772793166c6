/* db_test.h - what the tests of db/ against real SQLite files share: a
 * private temporary directory for their files, removed at the end, and a
 * raw connection's look at a file from outside db/. Static inline: each
 * test uses what it needs.
 *
 * Call order: test_dir_make first, test_dir_remove last. */
#ifndef PORTOLAN_DB_TEST_H
#define PORTOLAN_DB_TEST_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tap.h"
#include "../../db/db_int.h"

static char test_dir[256];

/* Makes test_dir, portolan-NAME-XXXXXX under $TMPDIR (else /tmp). On
 * failure the test fails ("mkdtemp") and 0 is returned. */
static inline int test_dir_make(const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/portolan-%s-XXXXXX",
             base && *base ? base : "/tmp", name);
    if (mkdtemp(test_dir))
        return 1;
    ok(0, "mkdtemp");
    return 0;
}

/* The path of name in test_dir. */
static inline void test_dir_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", test_dir, name);
}

static inline int test_dir_rm_one(const char *p, const struct stat *sb,
                                  int type, struct FTW *ftw)
{
    (void)sb, (void)type, (void)ftw;
    return remove(p);
}

/* Removes test_dir and everything in it. */
static inline void test_dir_remove(void)
{
    nftw(test_dir, test_dir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- a raw connection, to look at a file from outside db/ --------------- */

static inline sqlite3 *raw_open(const char *path)
{
    sqlite3 *h = NULL;
    if (sqlite3_open(path, &h) != SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

/* The first column of the first row of sql as an integer, -12345 if the
 * statement fails or gives no row. */
static inline long long raw_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -12345;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return v;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The same as text into out (n bytes), "" if none. */
static inline void raw_text(sqlite3 *h, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

#endif
