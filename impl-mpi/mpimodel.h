/* mpimodel.h - bin/mpi's program: MPI start-up, the ranks' placement,
 * then rank 0 runs the shared harness while the other ranks serve it. */
#ifndef STUDY_MPIMODEL_H
#define STUDY_MPIMODEL_H

/* The whole program, run by every rank; returns the exit status. */
int mpi_main(int argc, char **argv);

#endif
