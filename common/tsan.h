/* tsan.h - happens-before annotations for synchronisation ThreadSanitizer
 * cannot see.
 *
 * gcc's libgomp is not instrumented and hands work to its pooled threads,
 * and joins them, through futexes and spinning that TSan does not observe.
 * Without help TSan reports every hand-off across an OpenMP region's start
 * and end as a race.  OpenMP does guarantee those two edges, so the openmp
 * model declares exactly them, on one token: release before the region and
 * acquire in each thread at its start; release in each thread at its end
 * and acquire after the region.  A real race between two workers is still
 * reported, since no worker acquires another's release inside a region.
 * Outside TSan builds these are no-ops.
 */
#ifndef STUDY_TSAN_H
#define STUDY_TSAN_H

#if defined(__SANITIZE_THREAD__)
#define STUDY_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STUDY_TSAN 1
#endif
#endif

#ifdef STUDY_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define TSAN_ACQUIRE(addr) __tsan_acquire(addr)
#define TSAN_RELEASE(addr) __tsan_release(addr)
#else
#define TSAN_ACQUIRE(addr) ((void)(addr))
#define TSAN_RELEASE(addr) ((void)(addr))
#endif

#endif
