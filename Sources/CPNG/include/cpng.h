// Placeholder: libpng shim (filled by the image work).
int cpng_version(void);
