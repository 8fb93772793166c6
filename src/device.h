/* device.h - when two device names from documents are the same device.
 *
 * Documents name one device several ways: "Expressway-E", "Expressway-E
 * (public)", "Expressway-E private", "Expressway-E private IP". A name is
 * covered by a shorter one when it starts with it followed by a space or
 * "(" (ASCII case ignored). One rule, used by the explorer's devices view
 * (through the database's device_covers() SQL function) and by worksheet
 * role mappings, so "everything the Expressway-E needs" and "map the
 * Expressway-E to 203.0.113.10" mean the same flows. */
#ifndef PORTOLAN_DEVICE_H
#define PORTOLAN_DEVICE_H

/* 1 if device is role or one of its variants; 0 otherwise (also when
 * either is NULL or role is empty). */
int device_covers(const char *role, const char *device);

#endif
