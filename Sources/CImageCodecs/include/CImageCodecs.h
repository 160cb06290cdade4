// PNG and JPEG through the maintained Debian libraries (libpng's simplified API and libjpeg), for pictures drawn in
// the terminal. libjpeg reports errors by longjmp, which Swift cannot catch, so the calls live in plain C here, with
// an `arbor_image_` prefix. Every function reports failure by its return value and a message, never by exiting.
#ifndef ARBOR_CIMAGECODECS_H
#define ARBOR_CIMAGECODECS_H

#include <stddef.h>
#include <stdint.h>

/// Decoded pixels: 8-bit RGBA, unassociated alpha, rows `width * 4` bytes apart. Free with arbor_image_free.
typedef struct {
    uint8_t *pixels;
    int width;
    int height;
} arbor_image_pixels;

/// Decodes a PNG into RGBA. Returns 0, or -1 with a message in `error` (`error_size` bytes, NUL-terminated).
/// Pictures of more than `max_pixels` pixels are refused before their pixels are allocated.
int arbor_image_decode_png(
    const uint8_t *bytes, size_t count, size_t max_pixels, arbor_image_pixels *out, char *error, size_t error_size);

/// Decodes a baseline or progressive JPEG into RGBA, as arbor_image_decode_png.
int arbor_image_decode_jpeg(
    const uint8_t *bytes, size_t count, size_t max_pixels, arbor_image_pixels *out, char *error, size_t error_size);

/// Encodes RGBA pixels (rows `width * 4` bytes apart) as a PNG, for tests and benchmarks that make pictures.
/// Returns 0 and a malloc'd buffer in `*png` (its size in `*png_size`; free it with free), or -1 with a message.
int arbor_image_encode_png(
    const uint8_t *pixels, int width, int height, uint8_t **png, size_t *png_size, char *error, size_t error_size);

/// Frees what a decoder returned; safe on pixels that were never filled.
void arbor_image_free(arbor_image_pixels *image);

#endif
