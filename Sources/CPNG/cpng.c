#include "cpng.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cpng_version(void) { return PNG_LIBPNG_VER; }

void cpng_free(void *pointer) { free(pointer); }

/* ---- decoding ---------------------------------------------------------------------- */

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
    int code;
    int truncated;
    char *message;
} read_context;

static void on_error(png_structp png, png_const_charp text) {
    read_context *context = (read_context *)png_get_error_ptr(png);
    if (context->code == CPNG_OK) {
        context->code = CPNG_CORRUPT;
        snprintf(context->message, 256, "%s", text);
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text; /* benign problems (bad ancillary chunk CRC, extra data) are ignored, as PIL does */
}

static void read_bytes(png_structp png, png_bytep destination, size_t count) {
    read_context *context = (read_context *)png_get_io_ptr(png);
    if (count > context->size - context->position) {
        context->truncated = 1;
        context->code = CPNG_CORRUPT;
        snprintf(context->message, 256, "the data ends after %zu bytes", context->size);
        png_longjmp(png, 1);
    }
    memcpy(destination, context->data + context->position, count);
    context->position += count;
}

/* Turns one decoded row (after libpng's transforms) into RGB. */
static void row_to_rgb(const uint8_t *row, uint8_t *rgb, uint32_t width, int channels, int sixteen) {
    uint32_t x;
    if (sixteen) { /* 16-bit grey only: PIL's I;16 -> RGB clips at 255 */
        for (x = 0; x < width; x++) {
            unsigned value = ((unsigned)row[2 * x] << 8) | row[2 * x + 1];
            uint8_t v = value > 255 ? 255 : (uint8_t)value;
            rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = v;
        }
        return;
    }
    switch (channels) {
    case 1:
        for (x = 0; x < width; x++) rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = row[x];
        break;
    case 2:
        for (x = 0; x < width; x++) rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = row[2 * x];
        break;
    case 3:
        memcpy(rgb, row, (size_t)width * 3);
        break;
    default:
        for (x = 0; x < width; x++) {
            rgb[3 * x] = row[4 * x];
            rgb[3 * x + 1] = row[4 * x + 1];
            rgb[3 * x + 2] = row[4 * x + 2];
        }
        break;
    }
}

/* Copies the alpha samples of one decoded row (grey+alpha or RGBA, 8-bit after libpng's
   transforms). */
static void row_alpha(const uint8_t *row, uint8_t *alpha, uint32_t width, int channels) {
    uint32_t x;
    if (channels == 2) for (x = 0; x < width; x++) alpha[x] = row[2 * x + 1];
    if (channels == 4) for (x = 0; x < width; x++) alpha[x] = row[4 * x + 3];
}

int cpng_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, cpng_decoded *out) {
    return cpng_decode(data, size, max_pixels, 0, out);
}

int cpng_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int keep_alpha, cpng_decoded *out) {
    read_context context;
    png_structp png;
    png_infop info;
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile alpha = NULL;
    uint8_t *volatile buffer = NULL;
    png_bytep *volatile rows = NULL;
    png_uint_32 width, height, y;
    int bit_depth, color_type, interlace, channels, sixteen;
    size_t row_bytes;

    if (!out) return CPNG_BAD_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!data || size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(out->message, sizeof out->message, "missing the PNG signature");
        return CPNG_CORRUPT;
    }
    memset(&context, 0, sizeof context);
    context.data = data;
    context.size = size;
    context.message = out->message;

    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_error, on_warning);
    if (!png) {
        snprintf(out->message, sizeof out->message, "out of memory creating the PNG reader");
        return CPNG_NO_MEMORY;
    }
    info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(out->message, sizeof out->message, "out of memory creating the PNG reader");
        return CPNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(pixels);
        free(alpha);
        free(buffer);
        free(rows);
        out->truncated = context.truncated;
        return context.code == CPNG_OK ? CPNG_CORRUPT : context.code;
    }
    png_set_read_fn(png, &context, read_bytes);
    png_set_user_limits(png, 0x7fffffffU, 0x7fffffffU); /* our own pixel limit applies instead */
    png_read_info(png, info);
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    out->bit_depth = bit_depth;
    out->color_type = color_type;
    out->interlaced = interlace != PNG_INTERLACE_NONE;

    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        context.code = CPNG_TOO_LARGE;
        snprintf(out->message, sizeof out->message,
                 "%u x %u = %llu pixels is over the limit of %llu pixels", (unsigned)width,
                 (unsigned)height, (unsigned long long)width * height, (unsigned long long)max_pixels);
        png_longjmp(png, 1);
    }

    sixteen = color_type == PNG_COLOR_TYPE_GRAY && bit_depth == 16;
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bit_depth == 16 && !sixteen) png_set_strip_16(png); /* keeps the high byte, as PIL */
    if (out->interlaced) png_set_interlace_handling(png);
    png_read_update_info(png, info);
    row_bytes = png_get_rowbytes(png, info);
    channels = png_get_channels(png, info);
    if (channels < 1 || channels > 4 || row_bytes < (size_t)width * channels * (sixteen ? 2 : 1)) {
        context.code = CPNG_UNSUPPORTED;
        snprintf(out->message, sizeof out->message, "unexpected PNG layout (%d channels, %d-bit)",
                 channels, bit_depth);
        png_longjmp(png, 1);
    }

    pixels = malloc((size_t)width * height * 3 + 1);
    /* Only grey+alpha and RGBA files: libpng also expands a palette's tRNS to alpha, but PIL
       keeps such a file in mode "P". */
    keep_alpha = keep_alpha && (color_type & PNG_COLOR_MASK_ALPHA) && (channels == 2 || channels == 4);
    if (keep_alpha) alpha = malloc((size_t)width * height + 1);
    if (!pixels || (keep_alpha && !alpha)) {
        context.code = CPNG_NO_MEMORY;
        snprintf(out->message, sizeof out->message, "out of memory for %u x %u pixels",
                 (unsigned)width, (unsigned)height);
        png_longjmp(png, 1);
    }
    if (out->interlaced) {
        /* Adam7 needs the whole image before any row is final. */
        buffer = malloc(row_bytes * height + 1);
        rows = malloc(sizeof(png_bytep) * (height + 1));
        if (!buffer || !rows) {
            context.code = CPNG_NO_MEMORY;
            snprintf(out->message, sizeof out->message, "out of memory for an interlaced image");
            png_longjmp(png, 1);
        }
        for (y = 0; y < height; y++) rows[y] = buffer + row_bytes * y;
        png_read_image(png, rows);
        for (y = 0; y < height; y++) {
            row_to_rgb(rows[y], pixels + (size_t)y * width * 3, width, channels, sixteen);
            if (alpha) row_alpha(rows[y], alpha + (size_t)y * width, width, channels);
        }
    } else {
        buffer = malloc(row_bytes + 1);
        if (!buffer) {
            context.code = CPNG_NO_MEMORY;
            snprintf(out->message, sizeof out->message, "out of memory for one row");
            png_longjmp(png, 1);
        }
        for (y = 0; y < height; y++) {
            png_read_row(png, buffer, NULL);
            row_to_rgb(buffer, pixels + (size_t)y * width * 3, width, channels, sixteen);
            if (alpha) row_alpha(buffer, alpha + (size_t)y * width, width, channels);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(buffer);
    free(rows);
    out->pixels = pixels;
    out->alpha = alpha;
    return CPNG_OK;
}

/* ---- encoding ---------------------------------------------------------------------- */

typedef struct {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    int code;
    char *message;
} write_context;

static void on_write_error(png_structp png, png_const_charp text) {
    write_context *context = (write_context *)png_get_error_ptr(png);
    if (context->code == CPNG_OK) {
        context->code = CPNG_CORRUPT;
        snprintf(context->message, 256, "%s", text);
    }
    png_longjmp(png, 1);
}

static void write_bytes(png_structp png, png_bytep source, size_t count) {
    write_context *context = (write_context *)png_get_io_ptr(png);
    if (count > context->capacity - context->size) {
        size_t capacity = context->capacity ? context->capacity : 4096;
        uint8_t *grown;
        while (capacity - context->size < count) capacity *= 2;
        grown = realloc(context->bytes, capacity);
        if (!grown) {
            context->code = CPNG_NO_MEMORY;
            snprintf(context->message, 256, "out of memory while encoding a PNG");
            png_longjmp(png, 1);
        }
        context->bytes = grown;
        context->capacity = capacity;
    }
    memcpy(context->bytes + context->size, source, count);
    context->size += count;
}

static void flush_bytes(png_structp png) { (void)png; }

int cpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                int compression_level, cpng_encoded *out) {
    static const int types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                 PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    write_context context;
    png_structp png;
    png_infop info;
    uint32_t y;

    if (!out) return CPNG_BAD_ARGUMENT;
    memset(out, 0, sizeof(*out));
    if (!pixels || width == 0 || height == 0 || channels < 1 || channels > 4) {
        snprintf(out->message, sizeof out->message, "cannot encode a %u x %u image with %d channels",
                 (unsigned)width, (unsigned)height, channels);
        return CPNG_BAD_ARGUMENT;
    }
    memset(&context, 0, sizeof context);
    context.message = out->message;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, on_write_error, on_warning);
    if (!png) return CPNG_NO_MEMORY;
    info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return CPNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(context.bytes);
        return context.code == CPNG_OK ? CPNG_CORRUPT : context.code;
    }
    png_set_write_fn(png, &context, write_bytes, flush_bytes);
    if (compression_level >= 0 && compression_level <= 9) png_set_compression_level(png, compression_level);
    png_set_IHDR(png, info, width, height, 8, types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * channels));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    out->bytes = context.bytes;
    out->size = context.size;
    return CPNG_OK;
}
