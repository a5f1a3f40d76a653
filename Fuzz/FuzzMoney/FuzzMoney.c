// libFuzzer's entry point for the fuzz target FuzzMoney (Fuzz/PasarelaFuzz, docs/fuzzing.md).
#include <stddef.h>
#include <stdint.h>

int pasarela_fuzz_run(const char *target, const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return pasarela_fuzz_run("FuzzMoney", data, size);
}
