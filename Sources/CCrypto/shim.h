// OpenSSL's libcrypto: HMAC-SHA256 for signing Jupyter messages, and random bytes for ids.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
