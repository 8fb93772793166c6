/* status.c - the messages of the status enum, defined once. */
#include "status.h"

const char *status_str(status st)
{
    static const char *const text[] = {
#define X(name, msg) msg,
        STATUS_LIST(X)
#undef X
    };
    if ((int)st < 0 || st >= ST__COUNT)
        return "unknown status";
    return text[st];
}
