#pragma once

#include <QLocale>
#include <QString>

namespace orinet {

//! A number shown to the user in the current locale's notation ("42,5" in German), without
//! group separators (coordinates such as 500123,45 read better without them). For every value
//! the GUI shows; files and parsed text keep the C locale.
inline QString localNumber(double value, int decimals) {
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator);
    return locale.toString(value, 'f', decimals);
}

} // namespace orinet
