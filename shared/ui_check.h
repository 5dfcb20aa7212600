/* ui_check.h — checks a finished frame for layout bugs: widgets that overlap, leave their
 * container or collapse to nothing, and text that is cut off by a clip or spills out of its
 * widget. Tests run it on every screen at several sizes and scales.
 *
 * Scrolling containers (panels, lists, the chat view, a text field's line) are allowed to cut
 * their content along the axis they scroll. Text shortened with "…" is not an error, but it is
 * counted, so a test can demand that a screen fits without it. */
#ifndef PARLEY_UI_CHECK_H
#define PARLEY_UI_CHECK_H

#include "ui.h"

#define UI_CHECK_REPORT_BYTES 4096

typedef struct ui_check_report {
    int problems;                     /* overlaps, overflows, clipped text, dropped commands */
    int ellipsized;                   /* text commands shortened with "…" */
    int texts;                        /* text commands looked at */
    int widgets;                      /* records looked at */
    char text[UI_CHECK_REPORT_BYTES]; /* one line per problem (the first ones) */
} ui_check_report;

/* Call after ui_end. Returns report->problems. */
int ui_check_frame(const ui_context *ctx, ui_check_report *report);

#endif
