/* ui_fonts.c — font file candidates per platform, most wanted first, and the search.
 *
 * "~/" is the home directory ($HOME, or %USERPROFILE% on Windows); "%WINDIR%/" is the
 * Windows folder. Faces fall back to the regular face in the renderer when missing. */
#include "ui_fonts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
static const char *const ui_fonts_regular[] = {
    "%WINDIR%/Fonts/segoeui.ttf", "%WINDIR%/Fonts/arial.ttf", "%WINDIR%/Fonts/tahoma.ttf",
    "~/AppData/Local/Microsoft/Windows/Fonts/DejaVuSans.ttf", NULL};
static const char *const ui_fonts_bold[] = {"%WINDIR%/Fonts/segoeuib.ttf",
                                            "%WINDIR%/Fonts/arialbd.ttf",
                                            "%WINDIR%/Fonts/tahomabd.ttf", NULL};
static const char *const ui_fonts_mono[] = {"%WINDIR%/Fonts/consola.ttf", "%WINDIR%/Fonts/cour.ttf",
                                            NULL};
static const char ui_fonts_hint[] =
    "Windows normally ships Segoe UI in C:\\Windows\\Fonts; choose a .ttf file in Settings.";
#elif defined(__APPLE__)
static const char *const ui_fonts_regular[] = {"~/Library/Fonts/DejaVuSans.ttf",
                                               "/Library/Fonts/DejaVuSans.ttf",
                                               "/opt/homebrew/share/fonts/DejaVuSans.ttf",
                                               "/System/Library/Fonts/Supplemental/Arial.ttf",
                                               "/Library/Fonts/Arial.ttf",
                                               "/System/Library/Fonts/Helvetica.ttc",
                                               "/System/Library/Fonts/SFNS.ttf",
                                               NULL};
static const char *const ui_fonts_bold[] = {
    "~/Library/Fonts/DejaVuSans-Bold.ttf", "/Library/Fonts/DejaVuSans-Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf", "/Library/Fonts/Arial Bold.ttf", NULL};
static const char *const ui_fonts_mono[] = {
    "~/Library/Fonts/DejaVuSansMono.ttf", "/Library/Fonts/DejaVuSansMono.ttf",
    "/System/Library/Fonts/Menlo.ttc", "/System/Library/Fonts/Monaco.ttf", NULL};
static const char ui_fonts_hint[] =
    "Install one with: brew install --cask font-dejavu (or choose a .ttf file in Settings).";
#else
static const char *const ui_fonts_regular[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",   /* Debian, Ubuntu */
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", /* Fedora */
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf", /* Arch */
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "~/.local/share/fonts/DejaVuSans.ttf",
    "~/.fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/google-noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    NULL};
static const char *const ui_fonts_bold[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    "~/.local/share/fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    NULL};
static const char *const ui_fonts_mono[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    NULL};
static const char ui_fonts_hint[] =
    "Install one with your package manager (Debian/Ubuntu: sudo apt install fonts-dejavu-core; "
    "Fedora: sudo dnf install dejavu-sans-fonts; Arch: sudo pacman -S ttf-dejavu), or choose a "
    ".ttf file in Settings.";
#endif

const char *ui_fonts_install_hint(void)
{
    return ui_fonts_hint;
}

/* Expands "~/" and "%WINDIR%/"; false if the variable is not set or it does not fit. */
static bool ui_fonts_expand(const char *pattern, char *out, size_t cap)
{
    const char *prefix = NULL, *rest = pattern;
    if (strncmp(pattern, "~/", 2) == 0) {
        prefix = getenv("HOME");
        if (!prefix) prefix = getenv("USERPROFILE");
        rest = pattern + 1;
    } else if (strncmp(pattern, "%WINDIR%/", 9) == 0) {
        prefix = getenv("WINDIR");
        if (!prefix) prefix = "C:\\Windows";
        rest = pattern + 8;
    }
    int n = snprintf(out, cap, "%s%s", prefix ? prefix : "", rest);
    if (strncmp(pattern, "~/", 2) == 0 && !prefix) return false;
    return n >= 0 && (size_t)n < cap;
}

static bool ui_fonts_readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    fclose(f);
    return true;
}

static void ui_fonts_note(char *searched, size_t cap, const char *path)
{
    if (!searched || cap == 0) return;
    size_t used = strlen(searched);
    if (used + 1 >= cap) return;
    snprintf(searched + used, cap - used, "%s\n", path);
}

bool ui_fonts_find(ui_font face, const char *explicit_path, char *out, size_t out_cap,
                   char *searched, size_t searched_cap)
{
    if (searched && searched_cap) searched[0] = 0;
    if (explicit_path && explicit_path[0]) {
        ui_fonts_note(searched, searched_cap, explicit_path);
        if (!ui_fonts_readable(explicit_path)) return false;
        int n = snprintf(out, out_cap, "%s", explicit_path);
        return n >= 0 && (size_t)n < out_cap;
    }
    const char *env = face == UI_FONT_REGULAR ? getenv("PARLEY_FONT") : NULL;
    if (env && env[0]) {
        ui_fonts_note(searched, searched_cap, env);
        if (ui_fonts_readable(env)) {
            int n = snprintf(out, out_cap, "%s", env);
            return n >= 0 && (size_t)n < out_cap;
        }
    }
    const char *const *list = face == UI_FONT_BOLD   ? ui_fonts_bold
                              : face == UI_FONT_MONO ? ui_fonts_mono
                                                     : ui_fonts_regular;
    for (int i = 0; list[i]; i++) {
        char path[1024];
        if (!ui_fonts_expand(list[i], path, sizeof path)) continue;
        ui_fonts_note(searched, searched_cap, path);
        if (ui_fonts_readable(path)) {
            int n = snprintf(out, out_cap, "%s", path);
            if (n >= 0 && (size_t)n < out_cap) return true;
        }
    }
    return false;
}
