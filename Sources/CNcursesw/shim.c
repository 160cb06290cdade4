// Async-signal-safe restoration of the terminal. A signal handler can reach only static storage, so the state
// below is file-static C (not Swift globals); it is written only by install/remove on the UI thread while the
// handlers are not yet (or no longer) installed, and read by the handlers.
#include "CNcursesw.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct termios saved_termios;
static volatile sig_atomic_t guard_installed = 0;
static volatile sig_atomic_t tty_fd = -1;
static volatile sig_atomic_t output_fd = -1;
static volatile sig_atomic_t signal_fd = -1;
static atomic_int termination_pending = 0;
static int atexit_registered = 0;

static const int reported_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
static const int fatal_signals[] = {SIGABRT, SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE};
#define REPORTED_COUNT (sizeof(reported_signals) / sizeof(reported_signals[0]))
#define FATAL_COUNT (sizeof(fatal_signals) / sizeof(fatal_signals[0]))
static struct sigaction previous_reported[REPORTED_COUNT];
static struct sigaction previous_fatal[FATAL_COUNT];

// Leaves attributes, the alternate screen, bracketed paste and mouse reporting; shows the cursor.
static const char reset_sequence[] = "\033[0m\033[?2004l\033[?1000l\033[?1002l\033[?1006l\033[?1049l\033[?25h\r\n";

void arbor_terminal_guard_restore(void) {
    if (!guard_installed) return;
    int saved_errno = errno;
    if (tty_fd >= 0) tcsetattr(tty_fd, TCSANOW, &saved_termios);
    if (output_fd >= 0) {
        ssize_t ignored = write(output_fd, reset_sequence, sizeof(reset_sequence) - 1);
        (void)ignored;
    }
    errno = saved_errno;
}

static void die_by(int sig) {
    arbor_terminal_guard_restore();
    guard_installed = 0;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, sig);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    raise(sig);
    _exit(128 + sig);
}

static void on_reported_signal(int sig) {
    int saved_errno = errno;
    char byte = 'W';
    switch (sig) {
    case SIGINT: byte = 'I'; break;
    case SIGTERM: byte = 'T'; break;
    case SIGHUP: byte = 'H'; break;
    case SIGWINCH: byte = 'R'; break;
    }
    if (sig != SIGWINCH) {
        // A second request to stop while the UI thread has not taken the first means the UI is stuck: leave now.
        if (atomic_exchange(&termination_pending, 1) == 1 || signal_fd < 0) die_by(sig);
    }
    if (signal_fd >= 0) {
        ssize_t ignored = write(signal_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved_errno;
}

static void on_fatal_signal(int sig) {
    arbor_terminal_guard_restore();
    guard_installed = 0;
    for (size_t i = 0; i < FATAL_COUNT; i++) {
        if (fatal_signals[i] == sig) sigaction(sig, &previous_fatal[i], NULL);
    }
    // The signal is blocked while this handler runs; raising it leaves it pending for the previous handler.
    // A synchronous fault returns to the faulting instruction and faults again into that handler.
    raise(sig);
}

static void restore_at_exit(void) { arbor_terminal_guard_restore(); }

int arbor_terminal_guard_install(int tty, int output, int signal_pipe) {
    if (tcgetattr(tty, &saved_termios) != 0) return -1;
    tty_fd = tty;
    output_fd = output;
    signal_fd = signal_pipe;
    atomic_store(&termination_pending, 0);
    guard_installed = 1;
    if (!atexit_registered) {
        atexit(restore_at_exit);
        atexit_registered = 1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = on_reported_signal;
    for (size_t i = 0; i < REPORTED_COUNT; i++) sigaction(reported_signals[i], &action, &previous_reported[i]);
    action.sa_handler = on_fatal_signal;
    action.sa_flags = SA_RESTART | SA_ONSTACK;
    for (size_t i = 0; i < FATAL_COUNT; i++) sigaction(fatal_signals[i], &action, &previous_fatal[i]);
    return 0;
}

void arbor_terminal_guard_acknowledge(void) { atomic_store(&termination_pending, 0); }

void arbor_terminal_guard_remove(void) {
    if (!guard_installed) return;
    for (size_t i = 0; i < REPORTED_COUNT; i++) sigaction(reported_signals[i], &previous_reported[i], NULL);
    for (size_t i = 0; i < FATAL_COUNT; i++) sigaction(fatal_signals[i], &previous_fatal[i], NULL);
    guard_installed = 0;
    signal_fd = -1;
    tty_fd = -1;
    output_fd = -1;
}

int arbor_pty_open(int *master, int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) return -1;
    if (grantpt(m) != 0 || unlockpt(m) != 0) {
        close(m);
        return -1;
    }
    const char *name = ptsname(m);
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (s < 0) {
        close(m);
        return -1;
    }
    *master = m;
    *slave = s;
    return 0;
}
