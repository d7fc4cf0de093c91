#pragma once

#include "common/error.h"

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace orinet {

//! The one way an enum's values are named in text: CLI options and their help, the GUI's combo
//! boxes (as item data; the GUI translates the labels it shows), JSON, file names and messages.
//! An enum takes part by specialising EnumNames beside its declaration:
//!
//!     template <> struct EnumNames<RotationDraw> {
//!         static constexpr const char* kind = "rotation draw"; // for "unknown rotation draw"
//!         static constexpr std::array<std::pair<RotationDraw, const char*>, 2> names{
//!             {{RotationDraw::Original, "original"}, {RotationDraw::Uniform, "uniform"}}};
//!     };
//!
//! The order of `names` is the order the choices are offered in. Names are part of files and
//! command lines already written: never rename one.
template <typename E> struct EnumNames;

//! The name of `value`; values missing from the table (a cast integer) get "?".
template <typename E, typename = decltype(EnumNames<E>::names)> std::string toString(E value) {
    for (const auto& [v, name] : EnumNames<E>::names)
        if (v == value)
            return name;
    return "?";
}

//! Every value, in the table's order.
template <typename E> std::vector<E> enumValues() {
    std::vector<E> values;
    for (const auto& entry : EnumNames<E>::names)
        values.push_back(entry.first);
    return values;
}

//! Every name, in the table's order.
template <typename E> std::vector<std::string> enumNames() {
    std::vector<std::string> names;
    for (const auto& entry : EnumNames<E>::names)
        names.emplace_back(entry.second);
    return names;
}

//! The value named `name`. Throws orinet::Error "unknown <kind> '<name>' (known: a, b, c)".
template <typename E> E fromString(const std::string& name) {
    for (const auto& [v, n] : EnumNames<E>::names)
        if (name == n)
            return v;
    std::string known;
    for (const auto& entry : EnumNames<E>::names)
        known += (known.empty() ? "" : ", ") + std::string(entry.second);
    throw Error("unknown " + std::string(EnumNames<E>::kind) + " '" + name + "' (known: " + known +
                ")");
}

} // namespace orinet
