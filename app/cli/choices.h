#pragma once

#include <QString>
#include <QStringList>

namespace orinet::cli {

//! The names the core accepts, for option help texts and choiceValue(): one source, so the
//! CLI can never offer a preset or mode the core does not know.
QStringList presetChoices();        //!< InputPreset::all()
QStringList layoutChoices();        //!< auto and every DatasetLayout
QStringList normalizationChoices(); //!< every Normalization
QStringList deviceChoices();        //!< cpu, cuda (a CUDA build of LibTorch), cuda:N
//! The largest --threads value accepted: four per hardware thread (more only thrashes).
int maxThreads();
//! "a, b or c" for help texts.
QString alternatives(const QStringList& choices);
//! A number as the CLI's help shows defaults (1e-05 as "1e-05", 12 as "12").
QString defaultText(double value);

} // namespace orinet::cli
