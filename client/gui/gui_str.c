/* gui_str.c — text into fixed buffers, cut at character boundaries (see gui_str.h). */
#include "gui_str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Drops a UTF-8 sequence cut short at the end of s[0..n). */
static void gui_str_trim(char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) i--; /* continuation bytes */
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : (lead & 0xe0) == 0xc0 ? 2 : (lead & 0xf0) == 0xe0 ? 3 : 4;
    if (lead >= 0x80 && n - (i - 1) < need) s[i - 1] = '\0';
}

bool gui_str_copy(char *dst, size_t cap, const char *src)
{
    if (cap == 0) return false;
    size_t n = src ? strlen(src) : 0;
    bool fit = n < cap;
    if (!fit) n = cap - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = '\0';
    if (!fit) gui_str_trim(dst, n);
    return fit;
}

bool gui_str_fmt(char *dst, size_t cap, const char *fmt, ...)
{
    if (cap == 0) return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        dst[0] = '\0';
        return false;
    }
    if ((size_t)n < cap) return true;
    gui_str_trim(dst, cap - 1);
    return false;
}
