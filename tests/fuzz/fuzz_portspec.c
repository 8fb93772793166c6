/* fuzz_portspec.c - libFuzzer target for the port-spec parser.
 *
 * Input: one byte choosing the protocol column the cell is read with (none,
 * "TCP", "UDP & TCP", "TCP or TLS", the rest of the input up to a NUL),
 * then the cell text. Checks what portspec.h promises besides not
 * crashing: every numeric range is 1..65535 with lo <= hi, every
 * diagnostic column lies inside the cell. Also reads the cell as a
 * protocol column. Seeds: tests/fuzz/seeds.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/portspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const protos[] = {NULL, "TCP", "UDP & TCP",
                                         "TCP or TLS"};
    if (size < 1)
        return 0;
    unsigned pick = data[0] % 5;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const char *proto = pick < 4 ? protos[pick] : NULL;
    const char *cell = text;
    if (pick == 4) {
        /* "PROTO\0CELL": a protocol column from the input itself. */
        size_t n = strlen(text);
        proto = text;
        cell = n + 1 < size - 1 ? text + n + 1 : "";
    }
    portspec_ctx ctx = {proto, (data[0] & 0x80) ? 1960 : -1};
    portspec ps;
    if (portspec_parse(cell, &ctx, &ps) == ST_OK) {
        size_t len = strlen(cell);
        for (size_t i = 0; i < ps.n; i++) {
            const port_range *r = &ps.ranges[i];
            if (r->kind == PORT_NUMERIC &&
                (r->lo < 1 || r->hi > 65535 || r->lo > r->hi))
                abort();
            if (r->kind != PORT_NUMERIC && r->kind != PORT_GE1024 &&
                (r->lo != -1 || r->hi != -1))
                abort();
        }
        for (size_t i = 0; i < ps.ndiags; i++)
            if (ps.diags[i].col < 0 || (size_t)ps.diags[i].col > len ||
                !ps.diags[i].message)
                abort();
        portspec_free(&ps);
    }
    unsigned mask = 0;
    portspec_protocols(cell, &mask);
    free(text);
    return 0;
}
