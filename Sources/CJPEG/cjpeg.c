#include "cjpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

int cjpeg_version(void) { return JPEG_LIB_VERSION; }

void cjpeg_free(void *pointer) { free(pointer); }

typedef struct {
    struct jpeg_error_mgr manager; /* first, so libjpeg's pointer is also ours */
    jmp_buf jump;
    int code;
    int truncated;
    char *message;
} error_context;

static int classify(int message_code) {
    switch (message_code) {
    case JERR_BAD_PRECISION:
    case JERR_ARITH_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_CCIR601_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_IMAGE_TOO_BIG:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOTIMPL:
        return CJPEG_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
        return CJPEG_NO_MEMORY;
    default:
        return CJPEG_CORRUPT;
    }
}

static void fail(j_common_ptr info, int code) {
    error_context *context = (error_context *)info->err;
    char text[JMSG_LENGTH_MAX];
    info->err->format_message(info, text);
    context->code = code;
    snprintf(context->message, 256, "%s", text);
    longjmp(context->jump, 1);
}

static void on_error_exit(j_common_ptr info) { fail(info, classify(info->err->msg_code)); }

/* Warnings that mean the pixels are not the file's pixels become errors. */
static void on_message(j_common_ptr info, int level) {
    error_context *context = (error_context *)info->err;
    if (level >= 0) return; /* trace messages */
    switch (info->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
        context->truncated = 1;
        fail(info, CJPEG_CORRUPT);
        break;
    case JWRN_HUFF_BAD_CODE:
        fail(info, CJPEG_CORRUPT);
        break;
    default:
        break; /* e.g. extraneous bytes before a marker: tolerated, as PIL does */
    }
}

static void on_output(j_common_ptr info) { (void)info; }

/* PIL's CMYK -> RGB (Convert.c): nk = 255 - k; out = nk - c * nk / 255 (rounded). */
static uint8_t cmyk_channel(int c, int nk) {
    int t = c * nk + 128;
    int v = nk - (((t >> 8) + t) >> 8);
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

int cjpeg_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, cjpeg_decoded *out) {
    struct jpeg_decompress_struct info;
    error_context errors;
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile row = NULL;
    uint32_t width, height, x;
    int channels;

    if (!out) return CJPEG_BAD_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!data || size < 3 || data[0] != 0xFF || data[1] != 0xD8) {
        snprintf(out->message, sizeof out->message, "missing the JPEG start-of-image marker");
        return CJPEG_CORRUPT;
    }
    memset(&errors, 0, sizeof errors);
    errors.message = out->message;
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = on_error_exit;
    errors.manager.emit_message = on_message;
    errors.manager.output_message = on_output;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        free(pixels);
        free(row);
        out->truncated = errors.truncated;
        return errors.code == CJPEG_OK ? CJPEG_CORRUPT : errors.code;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, (const unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    width = info.image_width;
    height = info.image_height;
    out->width = width;
    out->height = height;
    out->components = info.num_components;
    out->color_space = (int)info.jpeg_color_space;
    out->progressive = info.progressive_mode ? 1 : 0;
    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        errors.code = CJPEG_TOO_LARGE;
        snprintf(out->message, sizeof out->message,
                 "%u x %u = %llu pixels is over the limit of %llu pixels", (unsigned)width,
                 (unsigned)height, (unsigned long long)width * height, (unsigned long long)max_pixels);
        longjmp(errors.jump, 1);
    }
    switch (info.jpeg_color_space) {
    case JCS_GRAYSCALE:
        info.out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        info.out_color_space = JCS_CMYK;
        break;
    default:
        info.out_color_space = JCS_RGB;
        break;
    }
    jpeg_start_decompress(&info);
    channels = info.output_components;
    pixels = malloc((size_t)width * height * 3 + 1);
    row = malloc((size_t)width * channels + 1);
    if (!pixels || !row) {
        errors.code = CJPEG_NO_MEMORY;
        snprintf(out->message, sizeof out->message, "out of memory for %u x %u pixels",
                 (unsigned)width, (unsigned)height);
        longjmp(errors.jump, 1);
    }
    while (info.output_scanline < info.output_height) {
        uint8_t *target = pixels + (size_t)info.output_scanline * width * 3;
        JSAMPROW rows[1];
        rows[0] = row;
        if (jpeg_read_scanlines(&info, rows, 1) != 1) {
            errors.code = CJPEG_CORRUPT;
            errors.truncated = 1;
            snprintf(out->message, sizeof out->message, "the JPEG data ends early");
            longjmp(errors.jump, 1);
        }
        if (channels == 1) {
            for (x = 0; x < width; x++) target[3 * x] = target[3 * x + 1] = target[3 * x + 2] = row[x];
        } else if (channels == 3) {
            memcpy(target, row, (size_t)width * 3);
        } else { /* CMYK stored inverted (Adobe), as PIL assumes */
            for (x = 0; x < width; x++) {
                const uint8_t *p = row + 4 * x;
                int nk = p[3]; /* 255 - (255 - k) */
                target[3 * x] = cmyk_channel(255 - p[0], nk);
                target[3 * x + 1] = cmyk_channel(255 - p[1], nk);
                target[3 * x + 2] = cmyk_channel(255 - p[2], nk);
            }
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    out->pixels = pixels;
    return CJPEG_OK;
}

int cjpeg_encode_rgb(const uint8_t *pixels, uint32_t width, uint32_t height, int quality,
                     int progressive, cjpeg_encoded *out) {
    struct jpeg_compress_struct info;
    error_context errors;
    unsigned long size = 0;
    unsigned char *buffer = NULL; /* malloc'd and grown by jpeg_mem_dest, which keeps it current */

    if (!out) return CJPEG_BAD_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!pixels || width == 0 || height == 0 || width > 65500 || height > 65500 || quality < 1 ||
        quality > 100) {
        snprintf(out->message, sizeof out->message,
                 "cannot encode a %u x %u JPEG at quality %d (sides 1...65500, quality 1...100)",
                 (unsigned)width, (unsigned)height, quality);
        return CJPEG_BAD_ARGUMENT;
    }
    memset(&errors, 0, sizeof errors);
    errors.message = out->message;
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = on_error_exit;
    errors.manager.output_message = on_output;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return errors.code == CJPEG_OK ? CJPEG_CORRUPT : errors.code;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = width;
    info.image_height = height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    if (progressive) jpeg_simple_progression(&info);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1];
        rows[0] = (JSAMPROW)(pixels + (size_t)info.next_scanline * width * 3);
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    out->bytes = buffer;
    out->size = size;
    return CJPEG_OK;
}
