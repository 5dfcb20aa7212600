/* cl_json.h — writes one JSON object per line into a caller's buffer.
 *
 * Strings are escaped per RFC 8259: '"' and '\' get a backslash, control characters become
 * \n, \t ... or \u00XX, DEL becomes \u007f, and bytes that are not valid UTF-8 become
 * \ufffd, so the output is valid UTF-8 JSON whatever the input. Errors are sticky: when the
 * buffer is too small the writer stops and cl_json_ok says false (nothing half-written is
 * reported as good). */
#ifndef PARLEY_CL_JSON_H
#define PARLEY_CL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_JSON_DEPTH 8 /* nested objects and arrays */

typedef struct cl_json {
    char *buf;
    size_t cap, len;
    bool overflow;
    int depth;
    bool need_comma[CL_JSON_DEPTH + 1];
    char closer[CL_JSON_DEPTH + 1];
} cl_json;

void cl_json_init(cl_json *j, char *buf, size_t cap);
/* key may be NULL inside arrays and for the outermost value. */
void cl_json_object(cl_json *j, const char *key);
void cl_json_array(cl_json *j, const char *key);
void cl_json_end(cl_json *j); /* closes the innermost object or array */
void cl_json_str(cl_json *j, const char *key, const char *s);
void cl_json_strn(cl_json *j, const char *key, const char *s, size_t len);
void cl_json_int(cl_json *j, const char *key, int64_t v);
void cl_json_uint(cl_json *j, const char *key, uint64_t v);
void cl_json_bool(cl_json *j, const char *key, bool v);
void cl_json_num(cl_json *j, const char *key, double v); /* 3 decimals; non-finite: null */
void cl_json_null(cl_json *j, const char *key);
/* True when everything fitted and every object and array was closed. */
bool cl_json_ok(const cl_json *j);
const char *cl_json_text(const cl_json *j); /* NUL-terminated */

/* Escapes s[0..len) as a JSON string with its quotes into out. Returns the length written
 * (without NUL), or 0 when it does not fit in cap (out is then ""). */
size_t cl_json_escape(const char *s, size_t len, char *out, size_t cap);

#endif
