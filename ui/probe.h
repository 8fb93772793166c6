/* probe.h - timestamps for make bench (private to ui/).
 *
 * With PORTOLAN_BENCH=FILE in the environment the explorer appends to FILE
 *   paint MS                 after its first frame is on the terminal
 *   filter MS COUNT TEXT     after each frame that shows the complete
 *                            result of a new filter TEXT (COUNT flows)
 * MS being CLOCK_MONOTONIC in milliseconds, so that a launcher that read
 * the same clock before starting the process gets launch-to-screen
 * times. Without the variable nothing is written. */
#ifndef PORTOLAN_UI_PROBE_H
#define PORTOLAN_UI_PROBE_H

#include "model.h"

/* Note "event MS 0 WHAT" (when the explorer passes a milestone). */
void probe_event(const char *what);

/* Call after a frame was sent to the terminal. */
void probe_frame(const model *m);

#endif
