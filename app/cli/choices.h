#pragma once

#include "common/enumnames.h"

#include <QString>
#include <QStringList>

namespace orinet::cli {

//! The names the core accepts, for option help texts and choiceValue(): one source, so the
//! CLI can never offer a preset or mode the core does not know.
QStringList presetChoices(); //!< InputPreset::all()
//! Every name of an enum that has EnumNames (core/common/enumnames.h), in its order.
template <typename E> QStringList enumChoices() {
    QStringList names;
    for (const std::string& name : enumNames<E>())
        names << QString::fromStdString(name);
    return names;
}
QStringList deviceChoices(); //!< cpu, cuda (a CUDA build of LibTorch), cuda:N
//! The largest --threads value accepted: four per hardware thread (more only thrashes).
int maxThreads();
//! "a, b or c" for help texts.
QString alternatives(const QStringList& choices);
//! A number as the CLI's help shows defaults (1e-05 as "1e-05", 12 as "12").
QString defaultText(double value);

} // namespace orinet::cli
