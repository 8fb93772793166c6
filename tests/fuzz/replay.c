/* replay.c - runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so `make test` (gcc, and ASan in make test-asan) replays the
 * inputs in tests/fuzz/regress/ that once crashed. Linked with one target.
 *
 *   replay_TARGET FILE...   exit 0 when every input ran through */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 4096, n = 0;
        uint8_t *buf = malloc(cap);
        size_t got;
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
            n += got;
            if (n == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (!nb)
                    free(buf);
                buf = nb;
            }
        }
        fclose(f);
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            return 2;
        }
        /* Exactly n bytes, as libFuzzer hands them over. */
        uint8_t *exact = malloc(n ? n : 1);
        if (!exact)
            return 2;
        for (size_t k = 0; k < n; k++)
            exact[k] = buf[k];
        free(buf);
        LLVMFuzzerTestOneInput(exact, n);
        free(exact);
        printf("%s: ok\n", argv[i]);
    }
    return 0;
}
