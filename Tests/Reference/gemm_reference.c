/* The BLAS ceiling for `cliplab bench gemm`: cblas_sgemm on the same shapes, repeats and
 * thread count, with nothing of CLIPLab in between. Prints one JSON object.
 *
 *   gcc -O2 -o gemm_reference Tests/Reference/gemm_reference.c $(pkg-config --cflags --libs openblas)
 *   ./gemm_reference [threads] [repeats]
 *
 * Same timing rule as GemmBenchmark.swift: products for at least 100 ms unmeasured (threads
 * and clocks wake up; the first shape measured without this ran at half speed on two
 * threads), then `repeats` samples of enough inner products to last a few milliseconds each,
 * and the median sample. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Declared by OpenBLAS's cblas.h; repeated for other CBLAS headers. */
void openblas_set_num_threads(int);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);

/* The same shapes, in the same order, as GemmBenchmark.shapes. */
static const struct { const char *label; int m, k, n; } shapes[] = {
    {"qkv  [50×768]·[768×2304]", 50, 768, 2304},
    {"fc1  [50×768]·[768×3072]", 50, 768, 3072},
    {"fc2  [50×3072]·[3072×768]", 50, 3072, 768},
    {"qkv b8 [400×768]·[768×2304]", 400, 768, 2304},
    {"fc2 b8 [400×3072]·[3072×768]", 400, 3072, 768},
    {"text fc1 [77×512]·[512×2048]", 77, 512, 2048},
    {"square [2048×2048]·[2048×2048]", 2048, 2048, 2048},
};

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    int repeats = argc > 2 ? atoi(argv[2]) : 15;
    if (threads < 1 || repeats < 1 || repeats > 1000) {
        fprintf(stderr, "usage: gemm_reference [threads ≥ 1] [repeats 1…1000]\n");
        return 2;
    }
    openblas_set_num_threads(threads);
    printf("{\"threads\": %d, \"core\": \"%s\", \"shapes\": [", openblas_get_num_threads(), openblas_get_corename());
    int count = sizeof shapes / sizeof shapes[0];
    for (int s = 0; s < count; s++) {
        int m = shapes[s].m, k = shapes[s].k, n = shapes[s].n;
        float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
        srand(1);
        for (int i = 0; i < m * k; i++) a[i] = (float)rand() / RAND_MAX - 0.5f;
        for (int i = 0; i < k * n; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
        double flops = 2.0 * m * k * n;
        int inner = flops < 2e8 ? (int)(2e8 / flops) : 1;
        double *samples = malloc(sizeof(double) * repeats);
        for (double start = now_ms(); now_ms() - start < 100;)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
        for (int r = 0; r < repeats; r++) {
            double t0 = now_ms();
            for (int i = 0; i < inner; i++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
            samples[r] = (now_ms() - t0) / inner;
        }
        qsort(samples, repeats, sizeof(double), by_value);
        double median = samples[repeats / 2];
        printf("%s{\"shape\": \"%s\", \"m\": %d, \"k\": %d, \"n\": %d, \"median_ms\": %.4f, \"gflops\": %.2f}",
               s ? ", " : "", shapes[s].label, m, k, n, median, flops / (median * 1e6));
        free(a); free(b); free(c); free(samples);
    }
    printf("]}\n");
    return 0;
}
