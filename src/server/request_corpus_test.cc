// Replays the request fuzz corpus through the fuzz body, so every CI run checks the
// seeds (and any crash reproducer added to the corpus) without needing clang.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "server/request_fuzz_body.h"

namespace salesdesk::server {
namespace {

TEST(RequestCorpusTest, EverySeedDecodesWithoutCrashing) {
  const std::filesystem::path dir(SD_REQUEST_FUZZ_CORPUS);
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().filename().string());
    FuzzDecodeRecordJson(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++files;
  }
  EXPECT_GE(files, 15);
}

TEST(RequestCorpusTest, HandlesEdgeInputsDirectly) {
  for (std::string_view s : {"", "{", "}", "null", "{\"a\":", "{\"amount\":-0}", "{\"\":1}", "%", "a=%zz",
                             "{\"amount\":123456789012345678901234567890,\"currency\":\"CNY\"}"}) {
    FuzzDecodeRecordJson(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  }
  SUCCEED();
}

}  // namespace
}  // namespace salesdesk::server
