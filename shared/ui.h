/* ui.h — Parley's immediate-mode widget toolkit: widgets in, draw commands out.
 *
 * Modelled on microui. The caller owns a ui_context (fixed arrays, no allocation); each frame
 * it feeds input, calls ui_begin, calls widget functions, calls ui_end, and hands the command
 * list to the one renderer (ui_sdl.h). There is no SDL in here: text is measured through a
 * callback, the clipboard goes through callbacks, and time is a parameter, so tests drive the
 * toolkit with synthetic input and a fake measurer.
 *
 *     ui_begin(ctx, width, height, now_ms);
 *     ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(100)}, UI_AUTO);
 *     ui_textfield(ctx, "msg", buf, sizeof buf);
 *     if (ui_button(ctx, "Send")) send(buf);
 *     ui_end(ctx);
 *
 * Coordinates are physical pixels. Sizes in the theme and in UI_PX() are logical pixels,
 * multiplied by the scale factor (ui_set_scale) — HiDPI is one number applied everywhere.
 * Widget identity is a hash of the label (the part after "##" is hashed but not shown) and
 * the ID stack. Misuse — unbalanced begin/end, ID or layout stack overflow — asserts at once.
 * Capacities are macros a program may override before including this header; when a frame
 * outgrows the command buffer or text arena the excess is dropped and counted in
 * ui_stats (ui_check reports it), never silently. */
#ifndef PARLEY_UI_H
#define PARLEY_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- capacities ---------------------------------------------------------------------- */

#ifndef UI_COMMAND_CAPACITY
#define UI_COMMAND_CAPACITY 8192 /* draw commands per frame */
#endif
#ifndef UI_TEXT_ARENA_BYTES
#define UI_TEXT_ARENA_BYTES (128 * 1024) /* text of all text commands per frame */
#endif
#ifndef UI_ID_STACK_DEPTH
#define UI_ID_STACK_DEPTH 32
#endif
#ifndef UI_LAYOUT_STACK_DEPTH
#define UI_LAYOUT_STACK_DEPTH 16
#endif
#ifndef UI_CLIP_STACK_DEPTH
#define UI_CLIP_STACK_DEPTH 16
#endif
#ifndef UI_STATE_CAPACITY
#define UI_STATE_CAPACITY 128 /* widgets with retained state (fields, scroll views) */
#endif
#ifndef UI_FOCUS_CAPACITY
#define UI_FOCUS_CAPACITY 256 /* focusable widgets per frame (Tab order) */
#endif
#ifndef UI_RECORD_CAPACITY
#define UI_RECORD_CAPACITY 2048 /* widget rectangles per frame, for ui_check */
#endif
#define UI_EVENT_CAPACITY     64  /* key and text events between two frames */
#define UI_INPUT_TEXT_BYTES   512 /* typed text between two frames */
#define UI_COMPOSITION_BYTES  128 /* IME composition string */
#define UI_ROW_MAX_CELLS      16  /* cells in one ui_layout_row / ui_layout_rows */
#define UI_TOAST_CAPACITY     6   /* toasts on screen; a new one replaces the oldest */
#define UI_TOAST_TEXT_BYTES   256 /* longer toast text is shown shortened with "…" */
#define UI_TOOLTIP_TEXT_BYTES 256
#define UI_HISTORY_CAPACITY   32   /* lines a ui_history keeps */
#define UI_HISTORY_LINE_BYTES 1024 /* longest line a ui_history keeps */
#define UI_PASSWORD_MAX_BYTES 128  /* capacity limit of a password field */

/* ---- basic types --------------------------------------------------------------------- */

typedef uint32_t ui_id;
typedef struct ui_rect {
    int x, y, w, h;
} ui_rect;
typedef struct ui_color {
    uint8_t r, g, b, a;
} ui_color;

typedef enum ui_font { UI_FONT_REGULAR = 0, UI_FONT_BOLD, UI_FONT_MONO, UI_FONT_COUNT } ui_font;

typedef enum ui_size_kind { UI_SIZE_AUTO = 0, UI_SIZE_PX, UI_SIZE_FLEX } ui_size_kind;
/* A cell size: logical pixels, a share of the space left, or the default (row height). */
typedef struct ui_size {
    float value;
    ui_size_kind kind;
} ui_size;
#define UI_PX(v)   ((ui_size){(float)(v), UI_SIZE_PX})
#define UI_FLEX(w) ((ui_size){(float)(w), UI_SIZE_FLEX})
#define UI_AUTO    ((ui_size){0.0f, UI_SIZE_AUTO})

/* Built-in vector icons; ui_geom.h turns them into triangles. */
typedef enum ui_icon {
    UI_ICON_NONE = 0,
    UI_ICON_CLOSE,
    UI_ICON_CHECK,
    UI_ICON_PLUS,
    UI_ICON_MINUS,
    UI_ICON_CHEVRON_LEFT,
    UI_ICON_CHEVRON_RIGHT,
    UI_ICON_CHEVRON_UP,
    UI_ICON_CHEVRON_DOWN,
    UI_ICON_MIC,
    UI_ICON_MIC_OFF,
    UI_ICON_SPEAKER,
    UI_ICON_SPEAKER_OFF,
    UI_ICON_HEADPHONES,
    UI_ICON_SETTINGS,
    UI_ICON_SEND,
    UI_ICON_PHONE,
    UI_ICON_PHONE_HANGUP,
    UI_ICON_VIDEO,
    UI_ICON_VIDEO_OFF,
    UI_ICON_SCREEN,
    UI_ICON_SEARCH,
    UI_ICON_USER,
    UI_ICON_USERS,
    UI_ICON_DOT,
    UI_ICON_RING,
    UI_ICON_INFO,
    UI_ICON_WARNING,
    UI_ICON_ERROR,
    UI_ICON_MENU,
    UI_ICON_LOCK,
    UI_ICON_HASH,
    UI_ICON_MESSAGE,
    UI_ICON_COUNT
} ui_icon;

/* ---- theme --------------------------------------------------------------------------- */

typedef struct ui_theme {
    ui_color bg, panel, panel_alt, border, text, text_dim, text_disabled;
    ui_color accent, accent_hover, accent_text, danger, danger_hover, warning, success;
    ui_color button, button_hover, button_active, field, field_border, focus_ring, selection;
    ui_color scroll_track, scroll_thumb, tooltip_bg, tooltip_text, modal_dim, toast_bg, toast_text,
        mention_bg, meter_low, meter_mid, meter_high, meter_back;
    int font_size, font_size_small, font_size_title; /* logical pixels */
    int row_height, spacing, padding, radius, scrollbar_width, border_width;
    int tooltip_delay_ms, toast_fade_ms, caret_blink_ms;
} ui_theme;

ui_theme ui_theme_light(void);
ui_theme ui_theme_dark(void);

/* ---- callbacks ----------------------------------------------------------------------- */

/* Width in pixels of text[0..len) drawn in font at size_px; and a font's line height. */
typedef struct ui_text_measurer {
    int (*width)(void *user, ui_font font, int size_px, const char *text, int len);
    int (*height)(void *user, ui_font font, int size_px);
    void *user;
} ui_text_measurer;

/* A stand-in measurer with no fonts (the toolkit's dummy backend, for tests and headless
 * tools): every code point is (size * 4 + 3) / 7 pixels wide (8 at 14 px), a line is
 * size + size / 4 high. */
ui_text_measurer ui_fixed_measurer(void);

/* get writes up to cap-1 bytes and a NUL and returns the clipboard text's full length
 * (like snprintf), 0 when empty; set receives a NUL-terminated copy. Either may be NULL. */
typedef struct ui_clipboard {
    int (*get)(void *user, char *buf, int cap);
    void (*set)(void *user, const char *text);
    void *user;
} ui_clipboard;

/* ---- input --------------------------------------------------------------------------- */

typedef enum ui_key {
    UI_KEY_NONE = 0,
    UI_KEY_TAB,
    UI_KEY_ENTER,
    UI_KEY_ESCAPE,
    UI_KEY_BACKSPACE,
    UI_KEY_DELETE,
    UI_KEY_LEFT,
    UI_KEY_RIGHT,
    UI_KEY_UP,
    UI_KEY_DOWN,
    UI_KEY_HOME,
    UI_KEY_END,
    UI_KEY_PAGEUP,
    UI_KEY_PAGEDOWN,
    UI_KEY_SPACE,
    UI_KEY_A = 32, /* UI_KEY_A + n is the n-th letter */
    UI_KEY_Z = UI_KEY_A + 25,
    UI_KEY_F1 = 64, /* UI_KEY_F1 + n is F(n+1), up to F12 */
    UI_KEY_F12 = UI_KEY_F1 + 11,
    UI_KEY_COUNT
} ui_key;
#define UI_KEY_LETTER(c) ((ui_key)(UI_KEY_A + ((c) - 'a')))

enum { UI_MOD_SHIFT = 1, UI_MOD_CTRL = 2, UI_MOD_ALT = 4, UI_MOD_SUPER = 8 };
typedef enum ui_mouse_button {
    UI_MOUSE_LEFT = 1,
    UI_MOUSE_RIGHT = 2,
    UI_MOUSE_MIDDLE = 4
} ui_mouse_button;
typedef enum ui_cursor { UI_CURSOR_ARROW = 0, UI_CURSOR_IBEAM, UI_CURSOR_HAND } ui_cursor;

/* ---- widget options and results ------------------------------------------------------ */

enum {
    UI_OPT_DISABLED = 1 << 0,
    UI_OPT_PRIMARY = 1 << 1,  /* accent-coloured button */
    UI_OPT_DANGER = 1 << 2,   /* red button */
    UI_OPT_SELECTED = 1 << 3, /* toggle button shown pressed */
    UI_OPT_CENTER = 1 << 4,   /* label alignment */
    UI_OPT_RIGHT = 1 << 5,
    UI_OPT_NO_FOCUS = 1 << 6,   /* not reachable with Tab */
    UI_OPT_PASSWORD = 1 << 7,   /* text field shows dots */
    UI_OPT_BORDER = 1 << 8,     /* panel: border */
    UI_OPT_BACKGROUND = 1 << 9, /* panel: panel colour */
    UI_OPT_ALT = 1 << 10,       /* panel: alternate (sidebar) colour */
    UI_OPT_NO_PADDING = 1 << 11,
    UI_OPT_NO_SCROLL = 1 << 12,
    UI_OPT_DIM = 1 << 13, /* label: secondary text colour */
    UI_OPT_FLAT = 1 << 14 /* button: no background until hovered */
};
/* What ui_textfield (and friends) report. */
enum {
    UI_RES_CHANGE = 1 << 0, /* the value changed */
    UI_RES_SUBMIT = 1 << 1, /* Enter in a text field */
    UI_RES_CANCEL = 1 << 2, /* Escape in a text field */
    UI_RES_LIMIT = 1 << 3   /* input refused or shortened: the buffer is full */
};

typedef enum ui_toast_kind {
    UI_TOAST_INFO = 0,
    UI_TOAST_SUCCESS,
    UI_TOAST_WARNING,
    UI_TOAST_ERROR
} ui_toast_kind;

/* ---- draw commands ------------------------------------------------------------------- */

typedef enum ui_command_type {
    UI_CMD_CLIP = 1, /* rect: clip rectangle for the commands that follow */
    UI_CMD_RECT,     /* rect, color, radius (rounded corners), thickness (0 = filled) */
    UI_CMD_TEXT,     /* rect (x, y = top left; w, h = measured), font, size, text, color */
    UI_CMD_ICON,     /* rect, icon, color */
    UI_CMD_IMAGE     /* rect, image (a handle the renderer knows), color (tint) */
} ui_command_type;

/* Command flags. */
enum {
    UI_CLIP_SCROLL_X = 1, /* clip: content scrolls horizontally (cut text is expected) */
    UI_CLIP_SCROLL_Y = 2,
    UI_TEXT_ELLIPSIZED = 4 /* text: shortened with "…" to fit */
};

typedef struct ui_command {
    uint8_t type; /* ui_command_type */
    uint8_t layer;
    uint8_t flags;
    uint8_t font; /* ui_font */
    int16_t radius;
    int16_t thickness;
    uint16_t size; /* text pixel size */
    uint16_t icon; /* ui_icon */
    int16_t owner; /* widget record that emitted it, -1 if none (for ui_check) */
    ui_rect rect;
    ui_color color;
    uint32_t text; /* offset of the NUL-terminated text in the text arena */
    uint32_t len;
    uint32_t image;
} ui_command;

/* ---- retained state and records (fields are the toolkit's; read-only for callers) ---- */

typedef struct ui_state {
    ui_id id;
    int64_t last_frame;
    int cursor, anchor; /* text field: byte offsets */
    int scroll_x;       /* text field: pixels */
    int scroll_y;       /* panel / list / chat: pixels from the top */
    int content_h;      /* panel: content height last frame */
    bool stick;         /* chat: follow the newest message */
    bool composing;
    uint32_t anchor_seq; /* chat: message at the top of the view ... */
    int anchor_off;      /* ... and how far into it */
    int drag_off;        /* scrollbar drag: grab point */
    int pending;         /* list: row to scroll to + 1; chat: jump to the bottom */
    int64_t blink_start; /* text field: caret shown from here */
    int64_t last_click;  /* text field: double click */
} ui_state;

enum { UI_RECORD_LEAF = 0, UI_RECORD_CONTAINER = 1 };
typedef struct ui_record {
    ui_rect rect;
    ui_rect clip;   /* clip in effect */
    int16_t parent; /* container record, -1 for the screen */
    uint8_t kind;   /* UI_RECORD_* */
    uint8_t layer;
    uint8_t scroll; /* container: UI_CLIP_SCROLL_* of its content */
    uint8_t clip_flags;
    ui_id id;
    const char *name; /* widget kind, for reports */
} ui_record;

typedef struct ui_layout {
    ui_rect body;
    int cursor_y, max_x, max_y, spacing;
    int mode; /* row cells or vertical split */
    int ncells, cell, strip_y, strip_h;
    ui_size sizes[UI_ROW_MAX_CELLS];
    ui_size height;
    int cell_x[UI_ROW_MAX_CELLS], cell_w[UI_ROW_MAX_CELLS];
    int rows_y[UI_ROW_MAX_CELLS], rows_h[UI_ROW_MAX_CELLS];
    int fixed_item_h; /* lists: every strip this high, physical pixels */
    ui_rect view;     /* panel: the visible area (body is shifted by the scroll offset) */
    ui_rect outer;    /* panel: its whole cell */
    int opt;
    int16_t record; /* container record of this layout */
    uint8_t kind;   /* what opened it: root, column, panel, list, modal */
    ui_id id;
} ui_layout;

typedef struct ui_event {
    uint8_t type; /* key press or text */
    uint8_t consumed;
    uint16_t key;
    uint16_t mods;
    uint16_t text_off, text_len;
} ui_event;

typedef struct ui_toast_entry {
    char text[UI_TOAST_TEXT_BYTES];
    ui_toast_kind kind;
    int64_t start, end;
} ui_toast_entry;

typedef struct ui_stats {
    int commands, text_bytes, records, states;
    int commands_dropped, text_dropped, records_dropped, focus_dropped;
    int events_dropped; /* input lost between frames since ui_init (cumulative) */
} ui_stats;

/* ---- the context --------------------------------------------------------------------- */

typedef struct ui_context {
    /* setup */
    ui_text_measurer measure;
    ui_clipboard clipboard;
    ui_theme theme;
    float scale;
    /* frame */
    bool in_frame;
    int64_t frame, now;
    int width, height;
    /* ids */
    ui_id id_stack[UI_ID_STACK_DEPTH];
    int id_depth;
    ui_id last_id;
    ui_rect last_rect;
    /* interaction */
    ui_id hover, hover_prev, active, focus, tooltip_id;
    int64_t hover_since;
    bool active_seen, focus_seen, focus_visible, pressed_something, tooltip_suppressed;
    ui_id modal_prev, modal_cur, focus_restore;
    bool in_modal;
    int layer, layer_depth;
    int layer_stack[4];
    ui_id last_click_id;
    int64_t last_click_time;
    /* input */
    int mouse_x, mouse_y, mouse_down, mouse_pressed, mouse_released;
    float scroll_dx, scroll_dy;
    bool scroll_used;
    int mods;
    ui_event events[UI_EVENT_CAPACITY];
    int event_count;
    char input_text[UI_INPUT_TEXT_BYTES];
    int input_text_len;
    char composition[UI_COMPOSITION_BYTES];
    int composition_cursor;
    /* focus order */
    ui_id focus_order[UI_FOCUS_CAPACITY];
    bool focus_in_modal[UI_FOCUS_CAPACITY];
    int focus_count;
    /* layout and clipping */
    ui_layout layouts[UI_LAYOUT_STACK_DEPTH];
    int layout_depth;
    ui_rect clips[UI_CLIP_STACK_DEPTH];
    uint8_t clip_flags[UI_CLIP_STACK_DEPTH];
    int clip_depth;
    int16_t owner; /* record that the next commands belong to */
    /* output */
    ui_command commands[UI_COMMAND_CAPACITY];
    uint16_t order[UI_COMMAND_CAPACITY];
    int command_count;
    char text_arena[UI_TEXT_ARENA_BYTES];
    int text_used;
    ui_record records[UI_RECORD_CAPACITY];
    int record_count;
    ui_state states[UI_STATE_CAPACITY];
    ui_toast_entry toasts[UI_TOAST_CAPACITY];
    int toast_count;
    char tooltip[UI_TOOLTIP_TEXT_BYTES];
    bool text_input_wanted;
    ui_rect text_input_rect;
    ui_cursor cursor;
    int64_t wake_at; /* earliest time something changes without input, -1 none */
    ui_stats stats;
} ui_context;

/* ---- setup --------------------------------------------------------------------------- */

/* theme NULL = light. The context is large (several hundred KB): make it static or heap. */
void ui_init(ui_context *ctx, const ui_text_measurer *measure, const ui_theme *theme);
void ui_set_theme(ui_context *ctx, const ui_theme *theme);
void ui_set_scale(ui_context *ctx, float scale); /* 1 = 96 dpi, 2 = retina */
void ui_set_clipboard(ui_context *ctx, const ui_clipboard *clipboard);

/* ---- input (between ui_end and the next ui_begin) ------------------------------------ */

void ui_input_mouse_move(ui_context *ctx, int x, int y);
void ui_input_mouse_button(ui_context *ctx, ui_mouse_button button, bool down);
/* Wheel notches; dy > 0 scrolls toward older content (up). */
void ui_input_scroll(ui_context *ctx, float dx, float dy);
/* A key press (down, repeats included) or release. mods: UI_MOD_* held. */
void ui_input_key(ui_context *ctx, ui_key key, int mods, bool down);
/* Committed text (UTF-8), as from SDL_TEXTINPUT. */
void ui_input_text(ui_context *ctx, const char *utf8);
/* The IME's composition (UTF-8) and its cursor in bytes; "" when it ends. */
void ui_input_composition(ui_context *ctx, const char *utf8, int cursor);

/* ---- frame --------------------------------------------------------------------------- */

void ui_begin(ui_context *ctx, int width, int height, int64_t now_ms);
void ui_end(ui_context *ctx);

/* Walk the commands in draw order: start with *iter = 0. */
bool ui_command_next(const ui_context *ctx, int *iter, const ui_command **cmd);
const char *ui_command_text(const ui_context *ctx, const ui_command *cmd);
/* A hash of this frame's commands; equal hashes draw equal pictures. */
uint32_t ui_frame_hash(const ui_context *ctx);
/* Milliseconds until the UI changes by itself (caret blink, tooltip, toast), -1 never:
 * the host can sleep on events that long. */
int64_t ui_next_frame_in(const ui_context *ctx);
/* A text field has focus: the host should enable text input (IME) and place its window. */
bool ui_text_input_wanted(const ui_context *ctx, ui_rect *caret);
ui_cursor ui_mouse_cursor(const ui_context *ctx);
/* A key pressed this frame that no widget used (for the program's shortcuts); consumes it. */
bool ui_key_pressed(ui_context *ctx, ui_key key, int mods);
/* The mouse is over something interactive or a modal is open. */
bool ui_wants_mouse(const ui_context *ctx);
ui_stats ui_get_stats(const ui_context *ctx);

/* ---- ids ----------------------------------------------------------------------------- */

ui_id ui_get_id(ui_context *ctx, const void *data, size_t size);
ui_id ui_get_id_str(ui_context *ctx, const char *label);
void ui_push_id(ui_context *ctx, const void *data, size_t size);
void ui_push_id_int(ui_context *ctx, int value);
void ui_push_id_str(ui_context *ctx, const char *s);
void ui_pop_id(ui_context *ctx);

/* ---- layout -------------------------------------------------------------------------- */

/* The next widgets fill `count` cells side by side (widths); when the cells are used up a new
 * strip of the same shape starts below. Height AUTO = the row height; FLEX = what is left. */
void ui_layout_row(ui_context *ctx, int count, const ui_size *widths, ui_size height);
/* Split the space left below into `count` full-width rows (heights). */
void ui_layout_rows(ui_context *ctx, int count, const ui_size *heights);
/* Turn the next cell into a column of its own. */
void ui_layout_column_begin(ui_context *ctx);
void ui_layout_column_end(ui_context *ctx);
/* The next cell, for drawing by hand (recorded as a widget). */
ui_rect ui_layout_next(ui_context *ctx);
/* Leave the next cell empty. */
void ui_layout_skip(ui_context *ctx);
/* Gap between cells and strips of the current layout (logical pixels; default theme.spacing). */
void ui_layout_set_spacing(ui_context *ctx, int logical);
/* A logical size in physical pixels. */
int ui_px(const ui_context *ctx, float logical);

/* A padded, optionally scrolling area in the next cell (UI_OPT_BORDER, _BACKGROUND, _ALT,
 * _NO_PADDING, _NO_SCROLL). */
void ui_panel_begin(ui_context *ctx, const char *id, int opt);
void ui_panel_end(ui_context *ctx);

/* ---- drawing (inside a frame) -------------------------------------------------------- */

void ui_draw_rect(ui_context *ctx, ui_rect r, ui_color color, int radius);
void ui_draw_border(ui_context *ctx, ui_rect r, ui_color color, int thickness, int radius);
/* Text at (x, y) = top left; len < 0 = NUL-terminated. Returns its width. */
int ui_draw_text(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *text,
                 int len, ui_color color);
void ui_draw_icon(ui_context *ctx, ui_icon icon, ui_rect r, ui_color color);
void ui_draw_image(ui_context *ctx, uint32_t image, ui_rect r, ui_color tint);
void ui_push_clip(ui_context *ctx, ui_rect r);
void ui_pop_clip(ui_context *ctx);
int ui_text_width(ui_context *ctx, ui_font font, int size_px, const char *text, int len);
int ui_text_height(ui_context *ctx, ui_font font, int size_px);
/* Theme font sizes in physical pixels. */
int ui_font_size(const ui_context *ctx);
int ui_font_size_small(const ui_context *ctx);
int ui_font_size_title(const ui_context *ctx);

/* ---- widgets ------------------------------------------------------------------------- */

void ui_label(ui_context *ctx, const char *text);
/* opt: UI_OPT_CENTER, _RIGHT, _DIM. size_px 0 = theme size. Too long: ends in "…". */
void ui_label_ex(ui_context *ctx, const char *text, ui_font font, int size_px, int opt);
void ui_heading(ui_context *ctx, const char *text);
/* A paragraph wrapped to the cell width; the cell grows to fit in a one-cell row. */
void ui_text(ui_context *ctx, const char *text);
void ui_separator(ui_context *ctx);

bool ui_button(ui_context *ctx, const char *label);
bool ui_button_ex(ui_context *ctx, const char *label, ui_icon icon, int opt);
/* label is the id (and what a screen reader would say); only the icon is shown. */
bool ui_icon_button(ui_context *ctx, const char *label, ui_icon icon, int opt);
bool ui_checkbox(ui_context *ctx, const char *label, bool *value);
/* step 0 = continuous; fmt (printf, one double) shows the value, NULL = none. */
bool ui_slider(ui_context *ctx, const char *label, float *value, float lo, float hi, float step,
               const char *fmt);
void ui_progress(ui_context *ctx, float fraction, const char *text);
/* Audio level and peak hold, 0..1 (the caller maps dB). */
void ui_level_meter(ui_context *ctx, float level, float peak);
bool ui_tabs(ui_context *ctx, const char *id, const char *const *labels, int count, int *current);
/* Shown near the mouse when the previous widget has been hovered for tooltip_delay_ms. */
void ui_tooltip(ui_context *ctx, const char *text);

/* Input history for a text field (up/down), owned by the caller. */
typedef struct ui_history {
    char lines[UI_HISTORY_CAPACITY][UI_HISTORY_LINE_BYTES];
    int count, newest; /* ring */
    int browse;        /* -1: editing the draft, else 0 = newest */
    char draft[UI_HISTORY_LINE_BYTES];
} ui_history;
void ui_history_init(ui_history *h);
/* Adds a line (not an empty one or a repeat of the newest). False: longer than a line holds. */
bool ui_history_push(ui_history *h, const char *line);
const char *ui_history_get(const ui_history *h, int age); /* 0 = newest, NULL if none */

/* A one-line text field editing buf (cap bytes, NUL-terminated). Returns UI_RES_* bits.
 * With a history, Enter adds the line to it and Up/Down browse it. */
int ui_textfield(ui_context *ctx, const char *label, char *buf, int cap);
int ui_textfield_ex(ui_context *ctx, const char *label, char *buf, int cap, const char *placeholder,
                    ui_history *history, int opt);

/* A virtualised scrolling list: only the rows in view are emitted.
 *     ui_list l;
 *     ui_list_begin(ctx, "members", count, 0, &selected, &l);
 *     for (int i = l.first; i < l.last; i++) ui_list_item(ctx, &l, i, names[i], UI_ICON_DOT, c);
 *     ui_list_end(ctx, &l);
 * Custom rows: ui_list_row(ctx, &l, i, n, widths) then n widgets. */
typedef struct ui_list {
    ui_id id;
    int count, item_h, first, last;
    int *selected;
    bool activated; /* Enter or double click on the selected row */
    ui_rect rect;
} ui_list;
void ui_list_begin(ui_context *ctx, const char *label, int count, int item_height, int *selected,
                   ui_list *list);
bool ui_list_item(ui_context *ctx, ui_list *list, int index, const char *text, ui_icon icon,
                  ui_color icon_color);
bool ui_list_row(ui_context *ctx, ui_list *list, int index, int cells, const ui_size *widths);
void ui_list_end(ui_context *ctx, ui_list *list);
/* Scroll so that row `index` is in view (next frame). */
void ui_list_scroll_to(ui_context *ctx, const char *label, int index);

/* A dialog over everything; what is behind it gets no input while it is open. Escape or the
 * close button set *open = false. Size in logical pixels (shrinks to fit the screen). */
bool ui_modal_begin(ui_context *ctx, const char *title, bool *open, int width, int height);
void ui_modal_end(ui_context *ctx);

/* A message at the bottom of the screen for duration_ms, counted from the current frame (or,
 * between frames, from the last one). */
void ui_toast(ui_context *ctx, const char *text, ui_toast_kind kind, int duration_ms);

/* ---- chat log and view --------------------------------------------------------------- */

#ifndef UI_CHAT_CAPACITY
#define UI_CHAT_CAPACITY 2048 /* messages kept; the oldest go first */
#endif
#ifndef UI_CHAT_TEXT_BYTES
#define UI_CHAT_TEXT_BYTES (512 * 1024)
#endif
#define UI_CHAT_MESSAGE_MAX 8192 /* longest message (author + text + time) in bytes */

enum { UI_CHAT_SYSTEM = 1, UI_CHAT_MENTION = 2, UI_CHAT_SELF = 4 };
typedef struct ui_chat_message {
    const char *author; /* NULL for system lines */
    const char *text;
    const char *time;      /* shown before the author, e.g. "14:03"; NULL = none */
    ui_color author_color; /* alpha 0 = theme accent */
    int flags;             /* UI_CHAT_* */
} ui_chat_message;

typedef struct ui_chat_entry {
    uint32_t off, text_len;
    uint16_t author_len, time_len;
    uint32_t seq;
    ui_color author_color;
    int flags;
    int height; /* pixels at the cached layout width, -1 = not measured */
} ui_chat_entry;

/* A caller-owned ring of messages with their wrapped heights cached per layout width. */
typedef struct ui_chat_log {
    ui_chat_entry entries[UI_CHAT_CAPACITY];
    int first, count;
    uint32_t next_seq;
    char text[UI_CHAT_TEXT_BYTES];
    uint32_t text_head;
    uint32_t dropped; /* messages pushed out by newer ones */
    int layout_w, layout_size;
    float layout_scale;
    uint32_t changes; /* bumps on every add / clear */
} ui_chat_log;

void ui_chat_log_init(ui_chat_log *log);
void ui_chat_log_clear(ui_chat_log *log);
/* Copies the message (control characters become spaces, bad UTF-8 becomes U+FFFD).
 * False if it is longer than UI_CHAT_MESSAGE_MAX. */
bool ui_chat_log_add(ui_chat_log *log, const ui_chat_message *msg);
int ui_chat_log_count(const ui_chat_log *log);

/* Word-wrapped messages with scroll-back; follows the newest while scrolled to the bottom.
 * Only messages in view are measured and emitted. */
void ui_chat_view(ui_context *ctx, const char *label, ui_chat_log *log);
/* The same without background and border (for an overlay over video). */
void ui_chat_view_plain(ui_context *ctx, const char *label, ui_chat_log *log);
/* Scroll to the newest message and follow it again. */
void ui_chat_view_scroll_to_bottom(ui_context *ctx, const char *label);

/* ---- helpers other ui_*.c use; also handy for custom widgets -------------------------- */

/* Next line of text[0..len) that fits max_w: returns its length; *next = where the following
 * line starts. Breaks at spaces, inside a word only when the word alone is too wide. */
int ui_wrap_line(ui_context *ctx, ui_font font, int size_px, const char *text, int len, int max_w,
                 int *next);
ui_state *ui_get_state(ui_context *ctx, ui_id id);
int ui_utf8_next(const char *s, int len, int i); /* offset of the next code point */
int ui_utf8_prev(const char *s, int i);          /* offset of the previous code point */
bool ui_rect_overlaps(ui_rect a, ui_rect b);
bool ui_rect_contains(ui_rect outer, ui_rect inner);

#endif
