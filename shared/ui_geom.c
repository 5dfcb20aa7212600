/* ui_geom.c — rounded rectangles, borders and vector icons as anti-aliased triangles. */
#include "ui_geom.h"
#include "ui_internal.h"

#include <math.h>
#include <string.h>

#define UI_GEOM_MAX_POINTS 256
#define UI_PI              3.14159265358979f

typedef struct ui_pt {
    float x, y;
} ui_pt;

void ui_geom_init(ui_geom *g, ui_vertex *buf, int cap)
{
    UI_ASSERT(g && buf && cap > 0);
    g->v = buf;
    g->count = 0;
    g->cap = cap;
    g->overflowed = false;
}

static void ui_geom_tri(ui_geom *g, ui_pt a, ui_color ca, ui_pt b, ui_color cb, ui_pt c,
                        ui_color cc)
{
    if (g->count + 3 > g->cap) {
        g->overflowed = true;
        return;
    }
    ui_vertex *v = g->v + g->count;
    v[0].x = a.x, v[0].y = a.y, v[0].color = ca;
    v[1].x = b.x, v[1].y = b.y, v[1].color = cb;
    v[2].x = c.x, v[2].y = c.y, v[2].color = cc;
    g->count += 3;
}

static void ui_geom_quad(ui_geom *g, ui_pt a, ui_color ca, ui_pt b, ui_color cb, ui_pt c,
                         ui_color cc, ui_pt d, ui_color cd)
{
    ui_geom_tri(g, a, ca, b, cb, c, cc);
    ui_geom_tri(g, a, ca, c, cc, d, cd);
}

static ui_pt ui_pt_make(float x, float y)
{
    ui_pt p = {x, y};
    return p;
}

static ui_pt ui_pt_add(ui_pt a, ui_pt b, float k)
{
    return ui_pt_make(a.x + b.x * k, a.y + b.y * k);
}

static ui_pt ui_edge_normal(ui_pt a, ui_pt b)
{
    float dx = b.x - a.x, dy = b.y - a.y;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-6f) return ui_pt_make(0, 0);
    return ui_pt_make(dy / len, -dx / len);
}

/* The offset that moves both edges meeting at a vertex out by one unit (a miter, capped). */
static ui_pt ui_miter(ui_pt n0, ui_pt n1)
{
    float dot = n0.x * n1.x + n0.y * n1.y;
    float k = 1.0f + dot;
    if (k < 0.5f) k = 0.5f; /* very sharp corner: cap the spike at about twice the width */
    return ui_pt_make((n0.x + n1.x) / k, (n0.y + n1.y) / k);
}

static float ui_area(const ui_pt *p, int n)
{
    float a = 0;
    for (int i = 0; i < n; i++) {
        const ui_pt *q = &p[(i + 1) % n];
        a += p[i].x * q->y - q->x * p[i].y;
    }
    return a * 0.5f;
}

/* A convex polygon, its edge faded over one pixel. */
static void ui_geom_fill_convex(ui_geom *g, const ui_pt *p, int n, ui_color c)
{
    if (n < 3) return;
    UI_ASSERT(n <= UI_GEOM_MAX_POINTS);
    float sign = ui_area(p, n) >= 0 ? 1.0f : -1.0f;
    ui_pt inner[UI_GEOM_MAX_POINTS], outer[UI_GEOM_MAX_POINTS];
    for (int i = 0; i < n; i++) {
        ui_pt n0 = ui_edge_normal(p[(i + n - 1) % n], p[i]);
        ui_pt n1 = ui_edge_normal(p[i], p[(i + 1) % n]);
        ui_pt m = ui_miter(n0, n1);
        inner[i] = ui_pt_add(p[i], m, -0.5f * sign);
        outer[i] = ui_pt_add(p[i], m, 0.5f * sign);
    }
    ui_color clear = ui_color_alpha(c, 0.0f);
    for (int i = 1; i + 1 < n; i++) ui_geom_tri(g, inner[0], c, inner[i], c, inner[i + 1], c);
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        ui_geom_quad(g, inner[i], c, inner[j], c, outer[j], clear, outer[i], clear);
    }
}

/* A line through the points, `width` wide, with soft edges; closed joins the ends. */
static void ui_geom_stroke(ui_geom *g, const ui_pt *p, int n, bool closed, float width, ui_color c)
{
    if (n < 2) return;
    UI_ASSERT(n <= UI_GEOM_MAX_POINTS);
    float hw = width * 0.5f;
    float core = hw - 0.5f, edge = hw + 0.5f;
    if (core < 0.0f) { /* thinner than a pixel: fainter instead */
        c = ui_color_alpha(c, width);
        core = 0.0f;
        edge = 1.0f;
    }
    ui_pt m[UI_GEOM_MAX_POINTS];
    for (int i = 0; i < n; i++) {
        bool has_prev = closed || i > 0, has_next = closed || i + 1 < n;
        ui_pt n0 = has_prev ? ui_edge_normal(p[(i + n - 1) % n], p[i]) : ui_pt_make(0, 0);
        ui_pt n1 = has_next ? ui_edge_normal(p[i], p[(i + 1) % n]) : ui_pt_make(0, 0);
        if (!has_prev) n0 = n1;
        if (!has_next) n1 = n0;
        m[i] = ui_miter(n0, n1);
    }
    ui_color clear = ui_color_alpha(c, 0.0f);
    int segs = closed ? n : n - 1;
    for (int s = 0; s < segs; s++) {
        int i = s, j = (s + 1) % n;
        ui_pt li = ui_pt_add(p[i], m[i], core), lj = ui_pt_add(p[j], m[j], core);
        ui_pt ri = ui_pt_add(p[i], m[i], -core), rj = ui_pt_add(p[j], m[j], -core);
        ui_pt loi = ui_pt_add(p[i], m[i], edge), loj = ui_pt_add(p[j], m[j], edge);
        ui_pt roi = ui_pt_add(p[i], m[i], -edge), roj = ui_pt_add(p[j], m[j], -edge);
        if (core > 0.0f) ui_geom_quad(g, li, c, lj, c, rj, c, ri, c);
        ui_geom_quad(g, loi, clear, loj, clear, lj, c, li, c);
        ui_geom_quad(g, ri, c, rj, c, roj, clear, roi, clear);
    }
}

static int ui_circle_segments(float r)
{
    int n = (int)(r * 0.9f) + 10;
    return n < 10 ? 10 : n > 64 ? 64 : n;
}

/* Points on an arc from a0 to a1 (radians, y down: positive angles turn clockwise). */
static int ui_arc_points(ui_pt *out, int cap, float cx, float cy, float r, float a0, float a1)
{
    int n = (int)((float)ui_circle_segments(r) * fabsf(a1 - a0) / (2.0f * UI_PI)) + 2;
    if (n > cap) n = cap;
    for (int i = 0; i < n; i++) {
        float a = a0 + (a1 - a0) * (float)i / (float)(n - 1);
        out[i] = ui_pt_make(cx + r * cosf(a), cy + r * sinf(a));
    }
    return n;
}

/* Outline of a rounded rectangle, clockwise. */
static int ui_rrect_points(ui_pt *out, int cap, float x, float y, float w, float h, float r)
{
    r = fminf(r, fminf(w, h) * 0.5f);
    if (r < 0.5f) {
        out[0] = ui_pt_make(x, y);
        out[1] = ui_pt_make(x + w, y);
        out[2] = ui_pt_make(x + w, y + h);
        out[3] = ui_pt_make(x, y + h);
        return 4;
    }
    int per = cap / 4;
    int k = ui_circle_segments(r) / 4 + 2;
    if (k > per) k = per;
    int n = 0;
    const float q = UI_PI * 0.5f;
    n += ui_arc_points(out + n, k, x + w - r, y + r, r, -q, 0.0f);
    n += ui_arc_points(out + n, k, x + w - r, y + h - r, r, 0.0f, q);
    n += ui_arc_points(out + n, k, x + r, y + h - r, r, q, 2.0f * q);
    n += ui_arc_points(out + n, k, x + r, y + r, r, 2.0f * q, 3.0f * q);
    return n;
}

void ui_geom_disc_mask(uint8_t *alpha, int radius, int thickness)
{
    UI_ASSERT(alpha && radius > 0 && thickness >= 0);
    int d = 2 * radius;
    float r = (float)radius, r2 = r * r;
    float in = thickness > 0 && thickness < radius ? r - (float)thickness : -1.0f;
    float in2 = in > 0.0f ? in * in : -1.0f;
    for (int y = 0; y < d; y++) {
        for (int x = 0; x < d; x++) {
            int hits = 0;
            for (int sy = 0; sy < 4; sy++) {
                for (int sx = 0; sx < 4; sx++) {
                    float px = (float)x + ((float)sx + 0.5f) / 4.0f - r;
                    float py = (float)y + ((float)sy + 0.5f) / 4.0f - r;
                    float q = px * px + py * py;
                    hits += q <= r2 && q >= in2;
                }
            }
            alpha[y * d + x] = (uint8_t)(hits * 255 / 16);
        }
    }
}

/* ---- icons: drawn on a 24 x 24 grid, like the Feather set ---------------------------- */

typedef struct ui_pen {
    ui_geom *g;
    float ox, oy, s, w, rot;
    ui_color c;
} ui_pen;

static ui_pt ui_pen_pt(const ui_pen *p, float x, float y)
{
    if (p->rot != 0.0f) {
        float cs = cosf(p->rot), sn = sinf(p->rot), dx = x - 12.0f, dy = y - 12.0f;
        x = 12.0f + dx * cs - dy * sn;
        y = 12.0f + dx * sn + dy * cs;
    }
    return ui_pt_make(p->ox + x * p->s, p->oy + y * p->s);
}

static void ui_pen_disc(ui_pen *p, float cx, float cy, float r)
{
    ui_pt pts[64];
    ui_pt c = ui_pen_pt(p, cx, cy);
    float rr = r * p->s;
    int n = ui_circle_segments(rr);
    for (int i = 0; i < n; i++) {
        float a = 2.0f * UI_PI * (float)i / (float)n;
        pts[i] = ui_pt_make(c.x + rr * cosf(a), c.y + rr * sinf(a));
    }
    ui_geom_fill_convex(p->g, pts, n, p->c);
}

/* xy: n pairs of grid coordinates */
static void ui_pen_poly(ui_pen *p, const float *xy, int n, bool closed)
{
    ui_pt pts[UI_GEOM_MAX_POINTS];
    for (int i = 0; i < n; i++) pts[i] = ui_pen_pt(p, xy[2 * i], xy[2 * i + 1]);
    ui_geom_stroke(p->g, pts, n, closed, p->w, p->c);
    if (!closed) { /* round caps */
        float r = p->w * 0.5f / p->s;
        if (r * p->s >= 1.0f) {
            ui_pen_disc(p, xy[0], xy[1], r);
            ui_pen_disc(p, xy[2 * n - 2], xy[2 * n - 1], r);
        }
    }
}

static void ui_pen_line(ui_pen *p, float x0, float y0, float x1, float y1)
{
    float xy[4] = {x0, y0, x1, y1};
    ui_pen_poly(p, xy, 2, false);
}

static void ui_pen_fill(ui_pen *p, const float *xy, int n)
{
    ui_pt pts[UI_GEOM_MAX_POINTS];
    for (int i = 0; i < n; i++) pts[i] = ui_pen_pt(p, xy[2 * i], xy[2 * i + 1]);
    ui_geom_fill_convex(p->g, pts, n, p->c);
}

/* An arc as grid points appended to xy (degrees); returns the new count. */
static int ui_pen_arc_pts(float *xy, int n, float cx, float cy, float r, float a0, float a1)
{
    ui_pt pts[48];
    int k = ui_arc_points(pts, 48, cx, cy, r, a0 * UI_PI / 180.0f, a1 * UI_PI / 180.0f);
    for (int i = 0; i < k; i++) {
        xy[2 * (n + i)] = pts[i].x;
        xy[2 * (n + i) + 1] = pts[i].y;
    }
    return n + k;
}

static void ui_pen_arc(ui_pen *p, float cx, float cy, float r, float a0, float a1)
{
    float xy[2 * 48];
    int n = ui_pen_arc_pts(xy, 0, cx, cy, r, a0, a1);
    ui_pen_poly(p, xy, n, false);
}

static void ui_pen_circle(ui_pen *p, float cx, float cy, float r)
{
    float xy[2 * 48];
    int n = ui_pen_arc_pts(xy, 0, cx, cy, r, 0.0f, 360.0f);
    ui_pen_poly(p, xy, n - 1, true);
}

static void ui_pen_rrect(ui_pen *p, float x, float y, float w, float h, float r, bool fill)
{
    ui_pt grid[64];
    int n = ui_rrect_points(grid, 64, x, y, w, h, r);
    float xy[2 * 64];
    for (int i = 0; i < n; i++) {
        xy[2 * i] = grid[i].x;
        xy[2 * i + 1] = grid[i].y;
    }
    if (fill)
        ui_pen_fill(p, xy, n);
    else
        ui_pen_poly(p, xy, n, true);
}

static void ui_icon_mic(ui_pen *p)
{
    ui_pen_rrect(p, 9, 2, 6, 12, 3, false);
    float xy[2 * 60];
    int n = 0;
    xy[0] = 19, xy[1] = 10, n = 1;
    n = ui_pen_arc_pts(xy, n, 12, 12, 7, 0, 180);
    xy[2 * n] = 5, xy[2 * n + 1] = 10, n++;
    ui_pen_poly(p, xy, n, false);
    ui_pen_line(p, 12, 19, 12, 23);
    ui_pen_line(p, 8, 23, 16, 23);
}

static void ui_icon_speaker(ui_pen *p)
{
    static const float box[] = {2, 9, 6, 9, 6, 15, 2, 15};
    static const float cone[] = {6, 9, 11, 5, 11, 19, 6, 15};
    ui_pen_fill(p, box, 4);
    ui_pen_fill(p, cone, 4);
}

static void ui_icon_handset(ui_pen *p)
{
    float w = p->w;
    p->w = w * 1.8f;
    ui_pen_arc(p, 12, 17, 8, 205, 335);
    p->w = w;
    ui_pen_rrect(p, 2.5f, 13, 6.5f, 4.5f, 1.5f, true);
    ui_pen_rrect(p, 15, 13, 6.5f, 4.5f, 1.5f, true);
}

static void ui_icon_user(ui_pen *p, float dx, bool head)
{
    float xy[2 * 120];
    int n = 0;
    xy[0] = 20 + dx, xy[1] = 21, n = 1;
    n = ui_pen_arc_pts(xy, n, 16 + dx, 19, 4, 0, -90);
    n = ui_pen_arc_pts(xy, n, 8 + dx, 19, 4, 270, 180);
    xy[2 * n] = 4 + dx, xy[2 * n + 1] = 21, n++;
    ui_pen_poly(p, xy, n, false);
    if (head) ui_pen_circle(p, 12 + dx, 7, 4);
}

void ui_geom_icon(ui_geom *g, ui_icon icon, ui_rect r, ui_color c)
{
    float size = (float)ui_min(r.w, r.h);
    ui_pen p;
    p.g = g;
    p.s = size / 24.0f;
    p.ox = (float)r.x + ((float)r.w - size) * 0.5f;
    p.oy = (float)r.y + ((float)r.h - size) * 0.5f;
    p.w = fmaxf(1.2f, 2.0f * p.s);
    p.rot = 0.0f;
    p.c = c;
    switch (icon) {
    case UI_ICON_NONE:
    case UI_ICON_COUNT:
        break;
    case UI_ICON_CLOSE:
        ui_pen_line(&p, 18, 6, 6, 18);
        ui_pen_line(&p, 6, 6, 18, 18);
        break;
    case UI_ICON_CHECK: {
        static const float xy[] = {20, 6, 9, 17, 4, 12};
        ui_pen_poly(&p, xy, 3, false);
        break;
    }
    case UI_ICON_PLUS:
        ui_pen_line(&p, 12, 5, 12, 19);
        ui_pen_line(&p, 5, 12, 19, 12);
        break;
    case UI_ICON_MINUS:
        ui_pen_line(&p, 5, 12, 19, 12);
        break;
    case UI_ICON_CHEVRON_LEFT: {
        static const float xy[] = {15, 18, 9, 12, 15, 6};
        ui_pen_poly(&p, xy, 3, false);
        break;
    }
    case UI_ICON_CHEVRON_RIGHT: {
        static const float xy[] = {9, 18, 15, 12, 9, 6};
        ui_pen_poly(&p, xy, 3, false);
        break;
    }
    case UI_ICON_CHEVRON_UP: {
        static const float xy[] = {6, 15, 12, 9, 18, 15};
        ui_pen_poly(&p, xy, 3, false);
        break;
    }
    case UI_ICON_CHEVRON_DOWN: {
        static const float xy[] = {6, 9, 12, 15, 18, 9};
        ui_pen_poly(&p, xy, 3, false);
        break;
    }
    case UI_ICON_MIC:
        ui_icon_mic(&p);
        break;
    case UI_ICON_MIC_OFF:
        ui_icon_mic(&p);
        ui_pen_line(&p, 3, 3, 21, 21);
        break;
    case UI_ICON_SPEAKER:
        ui_icon_speaker(&p);
        ui_pen_arc(&p, 12, 12, 4.5f, -45, 45);
        ui_pen_arc(&p, 12, 12, 9, -45, 45);
        break;
    case UI_ICON_SPEAKER_OFF:
        ui_icon_speaker(&p);
        ui_pen_line(&p, 22, 9, 16, 15);
        ui_pen_line(&p, 16, 9, 22, 15);
        break;
    case UI_ICON_HEADPHONES: {
        float xy[2 * 60];
        int n = 0;
        xy[0] = 3, xy[1] = 18, n = 1;
        n = ui_pen_arc_pts(xy, n, 12, 12, 9, 180, 360);
        xy[2 * n] = 21, xy[2 * n + 1] = 18, n++;
        ui_pen_poly(&p, xy, n, false);
        ui_pen_rrect(&p, 2.5f, 14, 5.5f, 7.5f, 2, true);
        ui_pen_rrect(&p, 16, 14, 5.5f, 7.5f, 2, true);
        break;
    }
    case UI_ICON_SETTINGS:
        ui_pen_circle(&p, 12, 12, 3);
        ui_pen_circle(&p, 12, 12, 7.5f);
        for (int k = 0; k < 8; k++) {
            float a = (float)k * UI_PI / 4.0f, cs = cosf(a), sn = sinf(a);
            float r0 = 7.5f, r1 = 10.8f, hw = 1.8f;
            float xy[8] = {12 + cs * r0 - sn * hw, 12 + sn * r0 + cs * hw, 12 + cs * r1 - sn * hw,
                           12 + sn * r1 + cs * hw, 12 + cs * r1 + sn * hw, 12 + sn * r1 - cs * hw,
                           12 + cs * r0 + sn * hw, 12 + sn * r0 - cs * hw};
            ui_pen_fill(&p, xy, 4);
        }
        break;
    case UI_ICON_SEND: {
        static const float xy[] = {21, 3, 15, 21, 11, 13, 3, 9};
        ui_pen_poly(&p, xy, 4, true);
        ui_pen_line(&p, 21, 3, 11, 13);
        break;
    }
    case UI_ICON_PHONE:
        p.rot = -UI_PI / 4.0f;
        ui_icon_handset(&p);
        break;
    case UI_ICON_PHONE_HANGUP:
        p.oy += 2.0f * p.s;
        ui_icon_handset(&p);
        break;
    case UI_ICON_VIDEO:
    case UI_ICON_VIDEO_OFF: {
        static const float xy[] = {23, 7, 16, 12, 23, 17};
        ui_pen_rrect(&p, 1, 5, 15, 14, 2, false);
        ui_pen_poly(&p, xy, 3, true);
        if (icon == UI_ICON_VIDEO_OFF) ui_pen_line(&p, 2, 2, 22, 22);
        break;
    }
    case UI_ICON_SCREEN:
        ui_pen_rrect(&p, 2, 3, 20, 14, 2, false);
        ui_pen_line(&p, 8, 21, 16, 21);
        ui_pen_line(&p, 12, 17, 12, 21);
        break;
    case UI_ICON_SEARCH:
        ui_pen_circle(&p, 11, 11, 7);
        ui_pen_line(&p, 21, 21, 16, 16);
        break;
    case UI_ICON_USER:
        ui_icon_user(&p, 0, true);
        break;
    case UI_ICON_USERS:
        ui_icon_user(&p, -3, true);
        ui_pen_arc(&p, 16, 7, 4, -70, 70);
        ui_pen_arc(&p, 19, 19, 4, -80, 0);
        ui_pen_line(&p, 23, 19, 23, 21);
        break;
    case UI_ICON_DOT:
        ui_pen_disc(&p, 12, 12, 11);
        break;
    case UI_ICON_RING:
        ui_pen_circle(&p, 12, 12, 9);
        break;
    case UI_ICON_INFO:
        ui_pen_circle(&p, 12, 12, 10);
        ui_pen_line(&p, 12, 16, 12, 12);
        ui_pen_disc(&p, 12, 8, 1.4f);
        break;
    case UI_ICON_WARNING: {
        static const float xy[] = {12, 3, 22, 20, 2, 20};
        ui_pen_poly(&p, xy, 3, true);
        ui_pen_line(&p, 12, 9, 12, 13);
        ui_pen_disc(&p, 12, 16.5f, 1.4f);
        break;
    }
    case UI_ICON_ERROR:
        ui_pen_circle(&p, 12, 12, 10);
        ui_pen_line(&p, 15, 9, 9, 15);
        ui_pen_line(&p, 9, 9, 15, 15);
        break;
    case UI_ICON_MENU:
        ui_pen_line(&p, 3, 6, 21, 6);
        ui_pen_line(&p, 3, 12, 21, 12);
        ui_pen_line(&p, 3, 18, 21, 18);
        break;
    case UI_ICON_LOCK: {
        float xy[2 * 60];
        int n = 0;
        xy[0] = 7, xy[1] = 11, n = 1;
        n = ui_pen_arc_pts(xy, n, 12, 7, 5, 180, 360);
        xy[2 * n] = 17, xy[2 * n + 1] = 11, n++;
        ui_pen_poly(&p, xy, n, false);
        ui_pen_rrect(&p, 4, 11, 16, 11, 2, false);
        break;
    }
    case UI_ICON_HASH:
        ui_pen_line(&p, 4, 9, 20, 9);
        ui_pen_line(&p, 4, 15, 20, 15);
        ui_pen_line(&p, 10, 3, 8, 21);
        ui_pen_line(&p, 16, 3, 14, 21);
        break;
    case UI_ICON_MESSAGE: {
        static const float xy[] = {5, 3, 19, 3, 21, 5, 21, 15, 19, 17, 7, 17, 3, 21, 3, 5};
        ui_pen_poly(&p, xy, 8, true);
        break;
    }
    }
}

const char *ui_icon_name(ui_icon icon)
{
    static const char *const names[UI_ICON_COUNT] = {
        "none",          "close",      "check",        "plus",    "minus",   "chevron-left",
        "chevron-right", "chevron-up", "chevron-down", "mic",     "mic-off", "speaker",
        "speaker-off",   "headphones", "settings",     "send",    "phone",   "phone-hangup",
        "video",         "video-off",  "screen",       "search",  "user",    "users",
        "dot",           "ring",       "info",         "warning", "error",   "menu",
        "lock",          "hash",       "message"};
    return icon >= 0 && icon < UI_ICON_COUNT ? names[icon] : "?";
}
