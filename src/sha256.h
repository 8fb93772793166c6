/* sha256.h - SHA-256 of a buffer, as lowercase hex (FIPS 180-4). Used to
 * tell whether a document changed since it was imported. */
#ifndef PORTOLAN_SHA256_H
#define PORTOLAN_SHA256_H

#include <stddef.h>

/* Writes 64 hex digits and a NUL to hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
