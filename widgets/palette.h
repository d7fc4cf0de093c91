#pragma once

#include <QColor>
#include <QString>

namespace orinet {

//! The colours that mean the same thing in every view, so a researcher learns them once: the
//! true match is the same green on an image frame, in the query table and on the map.
class Palette {
public:
    //! The true match: frames of true tiles/panoramas, rank-1 cells, the truth on the map.
    static QColor trueMatch() { return QColor(0, 170, 90); }
    //! A retrieved item that is not the true match (map markers).
    static QColor wrongMatch() { return QColor(230, 57, 70); }
    //! Runs A and B of Compare Runs where they are drawn together (their top-1s on the map):
    //! Okabe-Ito blue and vermilion, apart from each other, from the true match and from the
    //! map's split colours (sky blue, orange, reddish purple).
    static QColor runA() { return QColor(0, 114, 178); }
    static QColor runB() { return QColor(213, 94, 0); }
    //! Dataset splits, reading on aerial imagery and apart for colour-blind readers (Okabe-Ito):
    //! train sky blue, val orange, test reddish purple, anything else grey.
    static QColor split(const QString& name) {
        if (name == QLatin1String("train"))
            return {86, 180, 233};
        if (name == QLatin1String("val"))
            return {230, 159, 0};
        if (name == QLatin1String("test"))
            return {204, 121, 167};
        return {200, 200, 200};
    }
    //! The item with keyboard focus.
    static QColor focus() { return QColor(0, 114, 178); }
};

} // namespace orinet
