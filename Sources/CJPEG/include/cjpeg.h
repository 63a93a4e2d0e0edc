// Placeholder: libjpeg shim (filled by the image work).
int cjpeg_version(void);
