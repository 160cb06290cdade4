// libchafa, the library behind the `chafa` command: turns pixels into symbol art (and sixel, kitty or iTerm2
// images) for a terminal. Its API uses GLib's types; pkg-config supplies both include paths.
#ifndef ARBOR_CCHAFA_H
#define ARBOR_CCHAFA_H

#include <chafa.h>

#endif
