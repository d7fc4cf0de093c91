#pragma once

#include <QDateTime>
#include <QString>

class QCustomPlot;

namespace orinet {

//! Writes a QCustomPlot as a publication figure, by the file's suffix: .pdf and .svg (vector,
//! text as text) or .png rasterised at a resolution. Sizes are in points with 1 px = 1 pt, so
//! fonts keep their nominal sizes. The file appears complete or not at all (written beside
//! the target and renamed over it).
//!
//! Threading: GUI thread (the plot is a widget).
class FigureWriter {
public:
    struct Metadata {
        QString title;       //!< document title of PDF and SVG
        QString description; //!< SVG description
        //! The PDF's creation date (default: now). Set it from the data to make the same inputs
        //! give the same bytes.
        QDateTime created;
    };

    //! Returns false and fills `error` (naming the file) on failure.
    static bool save(QCustomPlot& plot, const QString& path, int widthPt, int heightPt, int dpi,
                     const Metadata& metadata, QString* error = nullptr);
};

} // namespace orinet
