/* gui_str.h — copying and formatting text for people into fixed buffers.
 *
 * Names, room names and messages arrive checked against the wire limits (msg.h) and fit the
 * buffers made for them; text assembled for display (a toast, a tooltip, a label) may not, and
 * is then cut — at a UTF-8 character boundary, never inside a character. */
#ifndef PARLEY_GUI_STR_H
#define PARLEY_GUI_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Copies src (NULL: "") into dst; true when it fit whole. */
bool gui_str_copy(char *dst, size_t cap, const char *src);
/* printf into dst; true when it fit whole. */
bool gui_str_fmt(char *dst, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
