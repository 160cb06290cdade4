#include "CImageCodecs.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

static void set_error(char *error, size_t error_size, const char *message) {
    if (error_size == 0) return;
    snprintf(error, error_size, "%s", message);
}

// Whether a picture of width × height pixels is refused (none, or more than max_pixels); says why in `error`.
static int refuses_size(unsigned width, unsigned height, size_t max_pixels, char *error, size_t error_size) {
    if (width != 0 && height != 0 && (size_t)width * height <= max_pixels) return 0;
    char message[128];
    snprintf(message, sizeof message, "%ux%u pixels: a picture may have from 1 to %zu", width, height, max_pixels);
    set_error(error, error_size, message);
    return 1;
}

int arbor_image_decode_png(
    const uint8_t *bytes, size_t count, size_t max_pixels, arbor_image_pixels *out, char *error, size_t error_size) {
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes, count)) {
        set_error(error, error_size, image.message);
        png_image_free(&image);
        return -1;
    }
    if (refuses_size(image.width, image.height, max_pixels, error, error_size)) {
        png_image_free(&image);
        return -1;
    }
    image.format = PNG_FORMAT_RGBA;
    uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (pixels == NULL) {
        set_error(error, error_size, "out of memory");
        png_image_free(&image);
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        set_error(error, error_size, image.message);
        free(pixels);
        png_image_free(&image);
        return -1;
    }
    out->pixels = pixels;
    out->width = (int)image.width;
    out->height = (int)image.height;
    return 0;
}

// libjpeg's error manager, extended with where to jump back to and the message it formatted.
struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf back;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_fail(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    info->err->format_message(info, failure->message);
    longjmp(failure->back, 1);
}

// Warnings (a corrupt but readable stream) are not failures; libjpeg would print them to stderr, which the UI owns.
static void jpeg_quiet(j_common_ptr info, int level) {
    (void)info;
    (void)level;
}

int arbor_image_decode_jpeg(
    const uint8_t *bytes, size_t count, size_t max_pixels, arbor_image_pixels *out, char *error, size_t error_size) {
    memset(out, 0, sizeof *out);
    struct jpeg_decompress_struct info;
    memset(&info, 0, sizeof info);
    struct jpeg_failure failure;
    // Volatile: assigned between setjmp and a possible longjmp, read after it.
    uint8_t *volatile pixels = NULL;
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.emit_message = jpeg_quiet;
    if (setjmp(failure.back)) {
        set_error(error, error_size, failure.message);
        free(pixels);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, bytes, (unsigned long)count);
    jpeg_read_header(&info, TRUE);
    if (refuses_size(info.image_width, info.image_height, max_pixels, error, error_size)) {
        jpeg_destroy_decompress(&info);
        return -1;
    }
    info.out_color_space = JCS_EXT_RGBA;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * 4;
    pixels = malloc(stride * info.output_height);
    if (pixels == NULL) {
        set_error(error, error_size, "out of memory");
        jpeg_destroy_decompress(&info);
        return -1;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    out->pixels = pixels;
    out->width = (int)info.output_width;
    out->height = (int)info.output_height;
    jpeg_destroy_decompress(&info);
    return 0;
}

int arbor_image_encode_png(
    const uint8_t *pixels, int width, int height, uint8_t **png, size_t *png_size, char *error, size_t error_size) {
    *png = NULL;
    *png_size = 0;
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    // The first call measures, the second writes.
    if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, 0, NULL)) {
        set_error(error, error_size, image.message);
        return -1;
    }
    uint8_t *buffer = malloc(size);
    if (buffer == NULL) {
        set_error(error, error_size, "out of memory");
        return -1;
    }
    if (!png_image_write_to_memory(&image, buffer, &size, 0, pixels, 0, NULL)) {
        set_error(error, error_size, image.message);
        free(buffer);
        return -1;
    }
    *png = buffer;
    *png_size = size;
    return 0;
}

void arbor_image_free(arbor_image_pixels *image) {
    free(image->pixels);
    image->pixels = NULL;
}
