#include "models.h"

int main(int argc, char **argv)
{
    return harness_main(&model_pthreads, argc, argv);
}
