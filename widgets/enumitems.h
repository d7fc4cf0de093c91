#pragma once

#include "common/enumnames.h"

#include <QComboBox>
#include <QString>

#include <vector>

namespace orinet {

// Combo boxes over an enum that has EnumNames (core/common/enumnames.h). Each item's data is
// the value's name, the same word the CLI, JSON and saved settings use; its text is the
// caller's translated label, given again on every language change.

//! Appends one item per value, with empty text until relabelEnumItems().
template <typename E>
void addEnumItems(QComboBox& box, const std::vector<E>& values = enumValues<E>()) {
    for (const E value : values)
        box.addItem(QString(), QString::fromStdString(toString(value)));
}

//! Sets each item's text to label(value): call it from the language-change hook.
template <typename E, typename Label> void relabelEnumItems(QComboBox& box, const Label& label) {
    for (int i = 0; i < box.count(); ++i)
        box.setItemText(i, label(fromString<E>(box.itemData(i).toString().toStdString())));
}

template <typename E> E currentEnum(const QComboBox& box) {
    return fromString<E>(box.currentData().toString().toStdString());
}

//! Selects `value`; a value the box does not offer leaves the selection as it is.
template <typename E> void setCurrentEnum(QComboBox& box, E value) {
    const int index = box.findData(QString::fromStdString(toString(value)));
    if (index >= 0)
        box.setCurrentIndex(index);
}

} // namespace orinet
