/* device.c - one device, many names. */
#include <string.h>
#include <strings.h>
#include "device.h"

int device_covers(const char *role, const char *device)
{
    if (!role || !device || !role[0])
        return 0;
    size_t n = strlen(role);
    if (strncasecmp(role, device, n) != 0)
        return 0;
    return device[n] == '\0' || device[n] == ' ' || device[n] == '(';
}
