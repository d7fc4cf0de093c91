#include "common/filedigest.h"

#include "common/error.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace orinet {

FileDigest FileDigest::ofFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, std::string("cannot read the file: ") + std::strerror(errno));
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Error(path, "cannot compute its SHA-256 (OpenSSL)");
    FileDigest digest;
    std::vector<char> block(size_t{1} << 20);
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<size_t>(in.gcount());
        if (got > 0 && EVP_DigestUpdate(context.get(), block.data(), got) != 1)
            throw Error(path, "cannot compute its SHA-256 (OpenSSL)");
        digest.mBytes += got;
    }
    if (in.bad())
        throw Error(path, "cannot read the file to the end");
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context.get(), hash, &length) != 1)
        throw Error(path, "cannot compute its SHA-256 (OpenSSL)");
    static const char* const kHex = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        digest.mSha256.push_back(kHex[hash[i] >> 4]);
        digest.mSha256.push_back(kHex[hash[i] & 15]);
    }
    return digest;
}

} // namespace orinet
