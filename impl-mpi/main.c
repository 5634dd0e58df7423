#include "mpimodel.h"

int main(int argc, char **argv)
{
    return mpi_main(argc, argv);
}
