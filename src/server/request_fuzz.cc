// libFuzzer driver for request decoding (built only with SALESDESK_FUZZ=ON and clang):
//   build/fuzz/src/server/request_fuzz -max_total_time=60 src/server/fuzz_corpus
#include <cstddef>
#include <cstdint>

#include "server/request_fuzz_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  salesdesk::server::FuzzDecodeRecordJson(data, size);
  return 0;
}
