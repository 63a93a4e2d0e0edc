// libjpeg shim: decode a JPEG from memory to 8-bit RGB, encode RGB pixels to JPEG.
// libjpeg reports errors by longjmp; these functions catch them and return a code + message,
// so a corrupt file never aborts the process.
#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>

#define CJPEG_OK 0
#define CJPEG_CORRUPT 1      /* damaged, truncated or not a JPEG */
#define CJPEG_TOO_LARGE 2    /* width x height over the caller's pixel limit */
#define CJPEG_UNSUPPORTED 3  /* valid JPEG this libjpeg cannot decode (e.g. 12-bit) */
#define CJPEG_NO_MEMORY 4
#define CJPEG_BAD_ARGUMENT 5

/// Result of `cjpeg_decode_rgb`. `pixels` is width*height*3 bytes (RGB interleaved),
/// owned by the caller and released with `cjpeg_free`.
typedef struct {
    uint8_t *pixels;
    uint32_t width;
    uint32_t height;
    int components;     /* as stored: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK */
    int color_space;    /* libjpeg's J_COLOR_SPACE of the file */
    int progressive;
    int truncated;      /* 1 when the data ended before the image did */
    char message[256];  /* filled when the return value is not CJPEG_OK */
} cjpeg_decoded;

/// Decodes a JPEG held in memory to RGB as PIL's `Image.convert("RGB")` sees it: grey
/// replicated, CMYK/YCCK taken as Adobe-inverted (as PIL always does) and converted with
/// PIL's formula. A truncated stream or bad entropy data is an error, not a grey patch.
/// The pixel count is checked against `max_pixels` before pixel memory is allocated.
int cjpeg_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, cjpeg_decoded *out);

/// Result of `cjpeg_encode`. `bytes` is owned by the caller and released with `cjpeg_free`.
typedef struct {
    uint8_t *bytes;
    size_t size;
    char message[256];
} cjpeg_encoded;

/// Encodes RGB pixels (rows packed) to a baseline (or progressive) JPEG, quality 1...100.
int cjpeg_encode_rgb(const uint8_t *pixels, uint32_t width, uint32_t height, int quality,
                     int progressive, cjpeg_encoded *out);

/// Releases memory returned by this shim.
void cjpeg_free(void *pointer);

/// libjpeg API version, e.g. 62.
int cjpeg_version(void);

#endif
