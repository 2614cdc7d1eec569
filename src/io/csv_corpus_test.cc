// Replays the CSV fuzz seed corpus through the fuzz body, so the corpus is checked by
// every `ctest` run, with g++, without libFuzzer. Runs from the project root.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/csv_fuzz_body.h"

namespace salesdesk::io {
namespace {

TEST(CsvCorpus, EverySeedKeepsTheFuzzInvariants) {
  const std::filesystem::path dir = "tests/fuzz/corpus/csv";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << "run from the project root";
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    EXPECT_EQ(fuzz::CheckCsvInput(data, bytes.size()), "") << entry.path();
    ++seeds;
  }
  EXPECT_GE(seeds, 5);
}

}  // namespace
}  // namespace salesdesk::io
