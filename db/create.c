/* create.c - a new database made whole or not at all. It is built under a
 * temporary name beside its path (PATH.new-PID), filled, closed cleanly
 * and only then given its name, in one step that never replaces a file. A
 * run killed on the way leaves no database at the path, so the next run
 * starts again, and a temporary file that the next creation removes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db_int.h"

#define TMP_MARK ".new-"

/* Is name, in the directory of a database whose file name is base, a
 * temporary file of a creation whose process is gone? */
static int stale(const char *name, const char *base)
{
    size_t blen = strlen(base), mlen = strlen(TMP_MARK);
    if (strncmp(name, base, blen) != 0 ||
        strncmp(name + blen, TMP_MARK, mlen) != 0)
        return 0;
    const char *digits = name + blen + mlen;
    char *end;
    errno = 0;
    long pid = strtol(digits, &end, 10);
    if (*digits < '0' || *digits > '9' || errno || pid <= 0 ||
        pid == (long)getpid())
        return 0;
    if (*end && strcmp(end, "-wal") != 0 && strcmp(end, "-shm") != 0 &&
        strcmp(end, "-journal") != 0)
        return 0;
    /* Only "no such process" counts: another user's process (EPERM) may
     * still be filling it. */
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove what killed creations of the database at path left beside it. */
static void remove_stale(const char *dir, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        if (stale(e->d_name, base))
            unlinkat(dirfd(dh), e->d_name, 0);
    closedir(dh);
}

/* fsync a file or directory: the new name must not reach the disk before
 * the file's contents do. Errors are left to SQLite's own syncs to find. */
static void sync_path(const char *path, int flags)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Give the file tmp the name path, unless path exists. Returns 0, EEXIST
 * when another process was first, or another errno. Either way it is one
 * step: a rename that does not replace, or, where the file system has no
 * such rename (NFS), a hard link, which fails on an existing name too,
 * and the unlink of tmp. */
static int move_into_place(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return errno;
    if (link(tmp, path) != 0)
        return errno;
    unlink(tmp);
    return 0;
}

/* Open the temporary file, fill it and close it. Returns ST_OK with no
 * -wal or -shm left beside tmp: the file alone is the whole database. */
static status build(const char *tmp, const char *path, db_fill_fn fill,
                    void *ctx, char *err, size_t errlen)
{
    db *d;
    status st = db_open_as(tmp, path, DB_OPEN_CREATE, &d, NULL, err, errlen);
    if (st != ST_OK)
        return st;
    if (fill && (st = fill(d, ctx)) != ST_OK) {
        snprintf(err, errlen, "Cannot fill the new database %s: %s%s%s.",
                 path, status_str(st), db_error(d)[0] ? ": " : "",
                 db_error(d));
        db_close(d);
        return st;
    }
    /* The last connection to close checkpoints the -wal file into the
     * database and removes it and the -shm file (a -shm file left would
     * hold nothing, but would stay behind). */
    db_close(d);
    char aux[4096];
    struct stat sb;
    if ((size_t)snprintf(aux, sizeof aux, "%s-wal", tmp) < sizeof aux &&
        stat(aux, &sb) == 0) {
        snprintf(err, errlen, "Cannot finish the new database %s: %s was "
                 "not written into it.", path, aux);
        return ST_IO;
    }
    if ((size_t)snprintf(aux, sizeof aux, "%s-shm", tmp) < sizeof aux)
        unlink(aux);
    sync_path(tmp, 0);
    return ST_OK;
}

status db_create(const char *path, db_fill_fn fill, void *ctx, int *made,
                 char *err, size_t errlen)
{
    *made = 0;
    if (errlen)
        err[0] = '\0';
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s" TMP_MARK "%ld", path,
                         (long)getpid()) >= sizeof tmp - sizeof "-journal") {
        snprintf(err, errlen, "The database path %s is too long.", path);
        return ST_IO;
    }
    char *dir = db_dir_of(path);
    if (!dir) {
        snprintf(err, errlen, "Out of memory creating the database %s.",
                 path);
        return ST_NOMEM;
    }
    /* A process that had our pid and was killed left these. */
    db_remove_files(tmp);
    status st = build(tmp, path, fill, ctx, err, errlen);
    /* After build: it made the directory. */
    remove_stale(dir, path);
    int e = st == ST_OK ? move_into_place(tmp, path) : 0;
    if (st == ST_OK && e == 0) {
        *made = 1;
        sync_path(dir, O_DIRECTORY);
    } else if (st == ST_OK && e != EEXIST) {
        snprintf(err, errlen, "Cannot move the new database %s into place "
                 "(%s).", path, strerror(e));
        st = ST_IO;
    }
    /* Failed, or another process was first: its database is the one. */
    if (!*made)
        db_remove_files(tmp);
    free(dir);
    return st;
}

status db_document_origins(db *d, long long *bundled, long long *others)
{
    static const char sql[] =
        "SELECT coalesce(sum(substr(path, 1, 8) = 'bundled:'), 0), count(*) "
        "FROM document";
    sqlite3_stmt *st;
    *bundled = *others = 0;
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(d, rc);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *bundled = sqlite3_column_int64(st, 0);
        *others = sqlite3_column_int64(st, 1) - *bundled;
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ST_OK : db_fail(d, rc);
}
