#pragma once

#include <stdexcept>
#include <string>

namespace orinet {

//! The one exception type core throws for user-facing failures. The message always names the
//! file (when there is one) and the problem, so a caller can show it as is.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message);
    //! "path: problem"
    Error(const std::string& path, const std::string& problem);

    //! The file the error is about; empty when it is not about a file.
    const std::string& path() const noexcept { return mPath; }

private:
    std::string mPath;
};

//! Thrown when a long job stops because the user asked it to.
class Canceled : public Error {
public:
    Canceled();
};

} // namespace orinet
