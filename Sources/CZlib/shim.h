// zlib (a dependency of libpng), for the gzip-compressed BPE vocabulary.
#include <zlib.h>
