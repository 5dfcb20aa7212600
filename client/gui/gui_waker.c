/* gui_waker.c — a thread that turns "a datagram arrived" into an SDL event (see
 * gui_waker.h). */
#include "gui_waker.h"

#include <SDL.h>

#include <stdlib.h>

#define GUI_WAKER_POLL_MS 200 /* how often the thread looks at its quit flag */

struct gui_waker {
    cl_session *s;
    uint32_t event_type;
    SDL_Thread *thread;
    SDL_sem *sem;
    SDL_atomic_t quit, armed;
};

static int gui_waker_main(void *user)
{
    gui_waker *w = user;
    while (!SDL_AtomicGet(&w->quit)) {
        if (!SDL_AtomicGet(&w->armed)) {
            SDL_SemWaitTimeout(w->sem, GUI_WAKER_POLL_MS);
            continue;
        }
        if (!cl_session_wait(w->s, GUI_WAKER_POLL_MS)) continue;
        SDL_AtomicSet(&w->armed, 0);
        SDL_Event e;
        SDL_zero(e);
        e.type = w->event_type;
        SDL_PushEvent(&e);
    }
    return 0;
}

gui_waker *gui_waker_start(cl_session *s, uint32_t event_type)
{
    if (event_type == (uint32_t)-1) return NULL;
    gui_waker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->s = s;
    w->event_type = event_type;
    SDL_AtomicSet(&w->armed, 1);
    w->sem = SDL_CreateSemaphore(0);
    if (w->sem) w->thread = SDL_CreateThread(gui_waker_main, "parley-waker", w);
    if (!w->thread) {
        if (w->sem) SDL_DestroySemaphore(w->sem);
        free(w);
        return NULL;
    }
    return w;
}

void gui_waker_rearm(gui_waker *w)
{
    if (w && SDL_AtomicCAS(&w->armed, 0, 1)) SDL_SemPost(w->sem);
}

void gui_waker_stop(gui_waker *w)
{
    if (!w) return;
    SDL_AtomicSet(&w->quit, 1);
    SDL_SemPost(w->sem);
    SDL_WaitThread(w->thread, NULL);
    SDL_DestroySemaphore(w->sem);
    free(w);
}
