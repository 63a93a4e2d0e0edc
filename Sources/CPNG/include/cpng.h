// libpng shim: decode any PNG from memory to 8-bit RGB (and, on request, its alpha channel),
// encode 8-bit pixels to PNG.
// libpng reports errors by longjmp; these functions catch them and return a code + message.
#ifndef CPNG_H
#define CPNG_H

#include <stddef.h>
#include <stdint.h>

#define CPNG_OK 0
#define CPNG_CORRUPT 1      /* damaged, truncated or not a PNG */
#define CPNG_TOO_LARGE 2    /* width x height over the caller's pixel limit */
#define CPNG_UNSUPPORTED 3  /* valid PNG this shim cannot turn into RGB */
#define CPNG_NO_MEMORY 4
#define CPNG_BAD_ARGUMENT 5

/// Result of `cpng_decode_rgb` / `cpng_decode`. `pixels` is width*height*3 bytes (RGB
/// interleaved); `alpha` is NULL, or width*height bytes when `cpng_decode` was asked to keep
/// the alpha channel of a grey+alpha or RGBA file. Both are owned by the caller and
/// released with `cpng_free`.
typedef struct {
    uint8_t *pixels;
    uint8_t *alpha;
    uint32_t width;
    uint32_t height;
    int bit_depth;      /* as stored in the file */
    int color_type;     /* PNG colour type as stored: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
    int interlaced;
    int truncated;      /* 1 when the data ended before the image did */
    char message[256];  /* filled when the return value is not CPNG_OK */
} cpng_decoded;

/// Decodes a PNG held in memory to RGB exactly as PIL's `Image.convert("RGB")` sees it:
/// palette looked up, alpha and tRNS dropped (not composited), 16-bit channels reduced to
/// their high byte, except 16-bit greyscale which PIL clips to 255 (mode "I;16").
/// The pixel count is checked against `max_pixels` before any pixel memory is allocated.
int cpng_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, cpng_decoded *out);

/// `cpng_decode_rgb`, and with `keep_alpha` non-zero also the alpha channel of grey+alpha
/// and RGBA files (8-bit; 16-bit alpha reduced to its high byte, as PIL's "RGBA" and "LA"
/// modes hold it). tRNS transparency is not turned into alpha: PIL keeps palette and
/// tRNS files in their own modes ("P", "L", "RGB").
int cpng_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int keep_alpha, cpng_decoded *out);

/// Result of `cpng_encode`. `bytes` is owned by the caller and released with `cpng_free`.
typedef struct {
    uint8_t *bytes;
    size_t size;
    char message[256];
} cpng_encoded;

/// Encodes 8-bit pixels (channels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; rows packed, no
/// padding) to a PNG file image in memory.
int cpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                int compression_level, cpng_encoded *out);

/// Releases memory returned by this shim.
void cpng_free(void *pointer);

/// libpng version the shim was built against, e.g. 10639.
int cpng_version(void);

#endif
