/* term.c - signal handling that leaves the terminal usable, and OSC 52. */
#include "curses_ui.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include "term.h"

static volatile sig_atomic_t pending;

static const int quit_sigs[] = {SIGINT, SIGTERM, SIGHUP};
static const int crash_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};
#define NQUIT (sizeof quit_sigs / sizeof quit_sigs[0])
#define NCRASH (sizeof crash_sigs / sizeof crash_sigs[0])
static struct sigaction old_quit[NQUIT], old_crash[NCRASH];

static void on_quit(int sig)
{
    pending = sig;
}

/* A crash: give the terminal back, then die of the same signal (the
 * handler was installed with SA_RESETHAND, so raising it again is
 * fatal). endwin() is not async-signal-safe, but the process is dying
 * and a raw terminal is worse. */
static void on_crash(int sig)
{
    endwin();
    raise(sig);
}

void term_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_quit;
    sa.sa_flags = 0; /* no SA_RESTART: let a blocking read return */
    for (size_t i = 0; i < NQUIT; i++)
        sigaction(quit_sigs[i], &sa, &old_quit[i]);
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_sigs[i], &sa, &old_crash[i]);
    pending = 0;
}

void term_signals_restore(void)
{
    for (size_t i = 0; i < NQUIT; i++)
        sigaction(quit_sigs[i], &old_quit[i], NULL);
    for (size_t i = 0; i < NCRASH; i++)
        sigaction(crash_sigs[i], &old_crash[i], NULL);
}

int term_signal_pending(void)
{
    return pending;
}

int term_can_address(void)
{
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

static char *base64(const char *s, size_t len, size_t *outlen)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *u = (const unsigned char *)s;
    char *out = malloc((len + 2) / 3 * 4 + 1);
    size_t w = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)u[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)u[i + 1] << 8;
        if (i + 2 < len)
            v |= u[i + 2];
        out[w++] = alphabet[(v >> 18) & 63];
        out[w++] = alphabet[(v >> 12) & 63];
        out[w++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[w++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[w] = '\0';
    *outlen = w;
    return out;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t r = write(fd, s, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        s += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_str(int fd, const char *s)
{
    return write_all(fd, s, strlen(s));
}

int term_osc52(const char *text, size_t len)
{
    size_t blen;
    char *b = base64(text, len, &blen);
    if (!b)
        return -1;
    int fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    int own = fd >= 0;
    if (!own)
        fd = STDOUT_FILENO;
    int rc = write_str(fd, "\033]52;c;");
    if (rc == 0)
        rc = write_all(fd, b, blen);
    if (rc == 0)
        rc = write_str(fd, "\a");
    /* Inside tmux the sequence may also need to pass through to the
     * outer terminal (tmux allow-passthrough). */
    if (rc == 0 && getenv("TMUX")) {
        write_str(fd, "\033Ptmux;\033\033]52;c;");
        write_all(fd, b, blen);
        write_str(fd, "\a\033\\");
    }
    int saved = errno;
    if (own)
        close(fd);
    free(b);
    errno = saved;
    return rc;
}
