#pragma once

// Tests that need an environment variable set (or unset) change it for their own scope and put
// the caller's value back, so that the suite passes whatever the machine's environment holds
// (OPENBLAS_CORETYPE set by an administrator, ORINET_THREADS, …).

#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace orinet::testing {

//! Sets or unsets one environment variable until the end of the scope, then restores the value
//! it had before (or its absence), also when a QVERIFY returns early.
class ScopedEnvironment {
public:
    //! Sets `name` to `value`; std::nullopt unsets it.
    ScopedEnvironment(const char* name, std::optional<QByteArray> value)
        : mName(name) {
        if (qEnvironmentVariableIsSet(name))
            mSaved = qgetenv(name);
        set(value);
    }
    ~ScopedEnvironment() { set(mSaved); }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

    //! Changes the value again within the scope (the original is still what is restored).
    void set(const std::optional<QByteArray>& value) {
        if (value)
            qputenv(mName, *value);
        else
            qunsetenv(mName);
    }

private:
    const char* mName;
    std::optional<QByteArray> mSaved;
};

} // namespace orinet::testing
