/*
 * verify_callback: reads a JetPay Gate callback body from stdin, verifies and parses it with the
 * project secret from the environment variable QIWI_MERCHANT_SECRET, and prints the outcome.
 *
 *   cc -std=c11 verify_callback.c $(pkg-config --cflags --libs qiwi_merchant) -o verify_callback
 *   QIWI_MERCHANT_SECRET=... ./verify_callback < callback.json
 *
 * Exit status: 0 verified (the typed callback JSON is printed), 1 signature missing or wrong
 * (answer HTTP 400, do not process), 2 any other problem.
 */
#include <qiwi_merchant.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BODY (1u << 20)

int main(void) {
    const char *secret = getenv("QIWI_MERCHANT_SECRET");
    if (!secret || !*secret) {
        fprintf(stderr, "set QIWI_MERCHANT_SECRET\n");
        return 2;
    }

    /* Read the whole body (bounded). */
    unsigned char *body = malloc(MAX_BODY + 1);
    if (!body) return 2;
    size_t len = fread(body, 1, MAX_BODY + 1, stdin);
    if (len > MAX_BODY) {
        fprintf(stderr, "body too large\n");
        free(body);
        return 2;
    }

    /* One signer per project secret; it is immutable and may be shared between threads. */
    qm_gate_signer *signer = NULL;
    qm_result r = qm_gate_signer_new((const uint8_t *)secret, strlen(secret), NULL, 0, &signer);
    if (r != QM_OK) {
        fprintf(stderr, "cannot create signer: %s\n", qm_result_name(r));
        free(body);
        return 2;
    }

    qm_buffer json = {NULL, 0};
    r = qm_gate_parse_callback(signer, body, len, &json);
    int status;
    if (r == QM_OK) {
        /* json.data is NUL-terminated: print it as a string. */
        printf("verified: %s\n", (const char *)json.data);
        status = 0;
    } else {
        char message[256];
        size_t full = 0;
        qm_last_error_message(message, sizeof message, &full);
        printf("rejected [%s]: %s\n", qm_result_name(r), message);
        status = (r == QM_SIGNATURE_MISMATCH || r == QM_MISSING_SIGNATURE) ? 1 : 2;
    }

    qm_buffer_free(&json);
    qm_gate_signer_free(signer);
    free(body);
    return status;
}
