// libFuzzer target for the CSV reader and writer. Build with the "fuzz" preset
// (clang, -fsanitize=fuzzer,address,undefined) and run, for example:
//   build/fuzz/tests/fuzz/csv_fuzz -max_total_time=60 tests/fuzz/corpus/csv
#include <cstdio>
#include <cstdlib>

#include "fuzz/csv_fuzz_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem = salesdesk::io::fuzz::CheckCsvInput(data, size);
  if (!problem.empty()) {
    std::fprintf(stderr, "csv_fuzz invariant broken: %s\n", problem.c_str());
    std::abort();  // a broken invariant is a finding, like a crash
  }
  return 0;
}
