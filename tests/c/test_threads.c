/*
 * Several pthreads share one qm_gate_signer: each signs and verifies its own messages, parses
 * CQR XML and provokes errors, checking that signatures agree with a single-threaded reference
 * and that the last error is per thread. Prints "N passed, M failed"; exit 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "qiwi_merchant.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 200

static qm_gate_signer *shared;
static char reference[ROUNDS][128];

typedef struct {
    int id;
    int passed, failed;
} worker;

static void check(worker *w, int cond, const char *what) {
    if (cond) {
        w->passed++;
    } else {
        w->failed++;
        fprintf(stderr, "FAIL thread %d: %s\n", w->id, what);
    }
}

static size_t message(int i, char *buf, size_t cap) {
    return (size_t)snprintf(buf, cap, "{\"general\":{\"project_id\":1,\"payment_id\":\"p-%d\"},\"n\":%d}", i, i);
}

static void *run(void *arg) {
    worker *w = arg;
    char msg[256], signed_msg[512];
    for (int round = 0; round < ROUNDS; round++) {
        int i = (round + w->id * 7) % ROUNDS;
        size_t len = message(i, msg, sizeof msg);
        qm_buffer sig = {NULL, 0};
        check(w, qm_gate_sign(shared, (const uint8_t *)msg, len, &sig) == QM_OK, "sign");
        check(w, sig.data && strcmp((char *)sig.data, reference[i]) == 0, "same signature as the reference");
        int n = snprintf(signed_msg, sizeof signed_msg, "{\"general\":{\"project_id\":1,\"payment_id\":\"p-%d\",\"signature\":\"%s\"},\"n\":%d}",
                         i, sig.data ? (char *)sig.data : "", i);
        check(w, qm_gate_verify(shared, (const uint8_t *)signed_msg, (size_t)n) == QM_OK, "verify");
        qm_buffer_free(&sig);

        /* Errors are per thread: provoke one kind in even threads, another in odd ones. */
        qm_result want = w->id % 2 ? QM_MALFORMED_INPUT : QM_MISSING_SIGNATURE;
        qm_result r = w->id % 2 ? qm_gate_verify(shared, (const uint8_t *)"{", 1) : qm_gate_verify(shared, (const uint8_t *)msg, len);
        check(w, r == want, "error result");
        check(w, qm_last_error_result() == want, "last error is this thread's");

        qm_buffer out = {NULL, 0};
        static const char xml[] = "<paymentServiceException><errorCode>800</errorCode></paymentServiceException>";
        check(w, qm_cqr_parse_message((const uint8_t *)xml, sizeof xml - 1, NULL, 0, &out) == QM_OK, "cqr parse");
        check(w, out.data && strstr((char *)out.data, "payment_service_exception") != NULL, "cqr kind");
        qm_buffer_free(&out);
    }
    return NULL;
}

int main(void) {
    static const char secret[] = "shared-secret";
    if (qm_gate_signer_new((const uint8_t *)secret, sizeof secret - 1, NULL, 0, &shared) != QM_OK) {
        fprintf(stderr, "signer\n");
        return 1;
    }
    char msg[256];
    for (int i = 0; i < ROUNDS; i++) {
        size_t len = message(i, msg, sizeof msg);
        qm_buffer sig = {NULL, 0};
        if (qm_gate_sign(shared, (const uint8_t *)msg, len, &sig) != QM_OK || sig.len >= sizeof reference[i]) return 1;
        memcpy(reference[i], sig.data, sig.len + 1);
        qm_buffer_free(&sig);
    }
    pthread_t t[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.id = i};
        if (pthread_create(&t[i], NULL, run, &w[i]) != 0) return 1;
    }
    int passed = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        passed += w[i].passed;
        failed += w[i].failed;
    }
    qm_gate_signer_free(shared);
    printf("test_threads: %d threads x %d rounds\n", THREADS, ROUNDS);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
