/* fuzz_csv.c - libFuzzer target for the CSV reader and the analysis's
 * loader: any bytes either load into a dataset whose runs hold only finite,
 * positive times, or fail with a message; never a crash, a leak or an
 * endless loop.  Built and run by `make fuzz`. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../analysis/dataset.h"
#include "csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct csv_reader r;
    if (csvr_open_mem(&r, (const char *)data, size, "fuzz", &e) == 0) {
        while (csvr_next(&r, &e) == 1)
            for (size_t i = 0; i < r.nfields; i++)
                if (!r.fields[i])
                    abort();
        csvr_close(&r);
    }
    struct dataset d = {0};
    if (dataset_load_mem(&d, (const char *)data, size, "fuzz", &e) == 0) {
        for (size_t i = 0; i < d.n; i++)
            if (!(d.runs[i].wall_s > 0) || !isfinite(d.runs[i].wall_s) || d.runs[i].threads == 0)
                abort(); /* garbage got through */
        dataset_free(&d);
    }
    return 0;
}
