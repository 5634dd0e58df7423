/* unit.c - the test runner.  The table below is the one list of what runs:
 * each area's suite table (declared in tests.h, defined in its file), in
 * order.  Exits non-zero when any assertion or test failed or the registry
 * could not be built, since CU_basic_run_tests() returns 0 either way. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests.h"

static const struct area {
    const char *file;
    const CU_SuiteInfo *suites;
    /* NULL, or: why a suite of this area cannot run (NULL: run it), and
     * whether that must fail the run (a required interpreter is missing)
     * rather than skip the suite */
    const char *(*skip)(const char *suite, bool *required);
} areas[] = {
    {"test_kernels.c", kernel_suites, NULL},
    {"test_splits.c", split_suites, NULL},
    {"test_cli.c", cli_suites, NULL},
    {"test_cli_e2e.c", cli_e2e_suites, NULL},
    {"test_csv.c", csv_suites, NULL},
    {"test_models.c", model_suites, NULL},
    {"test_embedded.c", embedded_suites, embedded_skip_reason},
    {"test_direct.c", span_suites, NULL},
    {"test_pybuild.c", pybuild_suites, NULL},
    /* The direct binaries are built for the same interpreters as the
     * host's (PY_TAGS): the same rule skips or requires them. */
    {"test_direct.c", direct_suites, embedded_skip_reason},
    {"test_py314.c", py314_suites, NULL},
    {"test_stats.c", stats_suites, NULL},
    {"test_resample.c", resample_suites, NULL},
    {"test_bootref.c", bootref_suites, NULL},
    {"test_orderstat.c", orderstat_suites, NULL},
    {"test_scaling.c", scaling_suites, NULL},
    {"test_estimators.c", estimators_suites, NULL},
    {"test_questions.c", question_suites, NULL},
    {"test_plan.c", plan_suites, NULL},
    {"test_stats_hand.c", stats_hand_suites, NULL},
    {"test_summary.c", summary_suites, NULL},
    {"test_answers.c", answers_suites, NULL},
    {"test_study.c", study_suites, NULL},
    {"test_figures.c", figure_suites, NULL},
    {"test_wording.c", wording_suites, NULL},
    {"test_rounds.c", rounds_suites, NULL},
    {"test_plan_e2e.c", plan_e2e_suites, NULL},
    {"test_faults.c", fault_suites, NULL},
    {"test_mpi.c", mpi_suites, mpi_skip_reason},
    {"test_meta.c", meta_suites, NULL},
    {"test_html.c", html_suites, NULL},
    {"test_compare.c", compare_suites, NULL},
    {"test_schedule.c", schedule_suites, NULL},
    {"test_sampler.c", sampler_suites, sampler_skip_reason},
    {"test_readme.c", readme_suites, NULL},
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* STUDY_SUITES="a,b" runs only the suites whose names are listed (for a
 * quick edit-test loop); unset, every suite runs. */
static int suite_wanted(const char *name)
{
    const char *list = getenv("STUDY_SUITES");
    if (!list || !*list)
        return 1;
    size_t len = strlen(name);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, name, n) == 0)
            return 1;
        p += n + (end != NULL);
    }
    return 0;
}

/* Adds every suite and test of the table; returns the number of errors. */
static int register_all(void)
{
    int errors = 0;
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
        for (const CU_SuiteInfo *s = areas[a].suites; s->pName; s++) {
            if (!suite_wanted(s->pName))
                continue;
            CU_pSuite suite = CU_add_suite_with_setup_and_teardown(
                s->pName, s->pInitFunc, s->pCleanupFunc, s->pSetUpFunc, s->pTearDownFunc);
            if (!suite) {
                fprintf(stderr, "unit: cannot add suite '%s' (%s): %s\n", s->pName, areas[a].file,
                        CU_get_error_msg());
                errors++;
                continue;
            }
            for (const CU_TestInfo *t = s->pTests; t && t->pName; t++)
                if (!CU_add_test(suite, t->pName, t->pTestFunc)) {
                    fprintf(stderr, "unit: cannot add test '%s/%s': %s\n", s->pName, t->pName,
                            CU_get_error_msg());
                    errors++;
                }
            bool required = false;
            const char *why = areas[a].skip ? areas[a].skip(s->pName, &required) : NULL;
            if (why) {
                /* One line either way; a required suite is not run into a
                 * cascade of failures, it is one error. */
                if (required) {
                    printf("FAIL suite '%s': %s, and it is required here (CI=true or STUDY_REQUIRE_PYTHONS)\n",
                           s->pName, why);
                    errors++;
                } else {
                    printf("SKIP suite '%s': %s\n", s->pName, why);
                }
                CU_set_suite_active(suite, CU_FALSE);
            }
        }
    }
    return errors;
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "unit: cannot initialise the CUnit registry: %s\n", CU_get_error_msg());
        return 1;
    }
    int errors = register_all();
    /* An inactive suite (a missing interpreter) was reported above, and
     * counted as an error there when it was required. */
    CU_set_fail_on_inactive(CU_FALSE);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    const double t0 = now_s();
    CU_ErrorCode rc = CU_basic_run_tests();
    if (rc != CUE_SUCCESS && rc != CUE_SUITE_INACTIVE) {
        fprintf(stderr, "unit: run error: %s\n", CU_get_error_msg());
        errors++;
    }
    const double wall = now_s() - t0;
    const unsigned tests_failed = CU_get_number_of_tests_failed();
    const unsigned failures = CU_get_number_of_failures();
    const unsigned suites_failed = CU_get_number_of_suites_failed();
    printf("unit: %u tests run, %u failed, %u assertion failures, %u suites failed to initialise, "
           "%u inactive, %d setup errors; wall %.2f s\n",
           CU_get_number_of_tests_run(), tests_failed, failures, suites_failed,
           CU_get_number_of_suites_inactive(), errors, wall);
    CU_cleanup_registry();
    return errors || tests_failed || failures || suites_failed ? 1 : 0;
}
