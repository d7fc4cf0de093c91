#pragma once

#include <cstddef>
#include <string>

namespace orinet {

//! Checks the layout of a MAT v5 file before matio reads it (docs/robustness.md).
//!
//! matio trusts a matrix's dimensions over the size of the data stored with it: a variable
//! declared 60x2 that stores 8 values is completed from the bytes of whatever follows it, and
//! a corrupt dimension or length inside a compressed variable makes it allocate what the
//! field claims (gigabytes) before it finds out. It also stops at a cut-off variable as if
//! the file ended there. This walks the file's data elements, without keeping their data, and
//! refuses what matio would read wrongly.
class MatStructure {
public:
    enum class Version { V4, V5, V73 };

    //! The format the file's first bytes announce, as matio tells them apart: a 128-byte
    //! header ending in version 0x0100 (v5, v7) or 0x0200 (v7.3, HDF5) and "IM", else v4 when
    //! the first variable's type is one v4 has. Throws orinet::Error naming the file when it
    //! cannot be read or is none of them.
    static Version version(const std::string& path);

    //! Walks the top-level data elements of the v5 file at `path` (a 128-byte header, then
    //! elements of an 8-byte tag and as many bytes as the tag says, padded to 8 unless
    //! compressed) and returns their count. Throws orinet::Error naming the file, with
    //! `problem` appended, when the elements do not end exactly at the end of the file.
    //!
    //! With `deep`, also goes into every variable, compressed ones inflated on the fly (nested
    //! struct fields and cells included), and throws orinet::Error naming the file and the
    //! variable ('utm', 'trainSet.trainInd', 'panoIds{3}') when an array stores another
    //! number of values than its dimensions declare, a part does not fit in the variable that
    //! holds it, or a compressed variable claims more than its bytes can inflate to.
    static size_t check(const std::string& path, const std::string& problem, bool deep);

    //! The same for a MAT v4 file (no header; each variable a 20-byte header of type, rows,
    //! columns, imaginary flag and name length, then the name and the data): every variable's
    //! name and data must fit in the file, which must end with the last one. matio allocates
    //! what these fields claim (gigabytes from a few bytes) before it reads. Returns the count
    //! of variables; throws orinet::Error naming the file and the variable.
    static size_t checkVersion4(const std::string& path, const std::string& problem);
};

} // namespace orinet
