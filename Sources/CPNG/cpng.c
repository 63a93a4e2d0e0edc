#include "cpng.h"
#include <png.h>
int cpng_version(void) { return PNG_LIBPNG_VER; }
