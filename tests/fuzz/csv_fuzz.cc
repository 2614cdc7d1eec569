// libFuzzer target for the CSV reader and writer (see csv_fuzz_body.h for what it checks).
// Build with the "fuzz" preset (clang, -fsanitize=fuzzer,address,undefined) and run with a
// scratch corpus first, so that libFuzzer writes its new inputs there and not into the seeds:
//   mkdir -p /tmp/csv_corpus
//   build/fuzz/tests/fuzz/csv_fuzz -max_total_time=60 /tmp/csv_corpus tests/fuzz/corpus/csv
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
