// Waiting for a child that owns the terminal. A signal handler can reach only static storage, so the child's pid and
// the signal passed on are file-static C; they are written by begin/child/end on the waiting thread and read by the
// handler.
#include "CNcursesw.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t foreground_pid = 0;
static volatile sig_atomic_t passed_on = 0;

static const int ignored_signals[] = {SIGINT, SIGQUIT};
static const int passed_signals[] = {SIGTERM, SIGHUP};
#define IGNORED_COUNT (sizeof(ignored_signals) / sizeof(ignored_signals[0]))
#define PASSED_COUNT (sizeof(passed_signals) / sizeof(passed_signals[0]))
static struct sigaction previous_ignored[IGNORED_COUNT];
static struct sigaction previous_passed[PASSED_COUNT];

static void pass_on(int sig) {
    int saved_errno = errno;
    passed_on = sig;
    if (foreground_pid > 0) kill((pid_t)foreground_pid, sig);
    errno = saved_errno;
}

void arbor_foreground_begin(void) {
    foreground_pid = 0;
    passed_on = 0;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = SIG_IGN;
    for (size_t i = 0; i < IGNORED_COUNT; i++) sigaction(ignored_signals[i], &action, &previous_ignored[i]);
    action.sa_handler = pass_on;
    action.sa_flags = SA_RESTART;
    for (size_t i = 0; i < PASSED_COUNT; i++) sigaction(passed_signals[i], &action, &previous_passed[i]);
}

void arbor_foreground_child(int child) {
    foreground_pid = child;
    if (passed_on != 0) kill(child, passed_on);
}

int arbor_foreground_end(void) {
    for (size_t i = 0; i < IGNORED_COUNT; i++) sigaction(ignored_signals[i], &previous_ignored[i], NULL);
    for (size_t i = 0; i < PASSED_COUNT; i++) sigaction(passed_signals[i], &previous_passed[i], NULL);
    foreground_pid = 0;
    return passed_on;
}
