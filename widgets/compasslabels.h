#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>

#include <functional>

class QFont;
class QPainter;

namespace orinet {

//! The compass labels drawn over images, alike in every view that shows them (ImageView, and
//! ZoomView through CrossViewLink): N/E/S/W around a north-up tile, and yaw ticks on a
//! panorama. The letters are translated (German: E is O), bold, with a dark halo.
class CompassLabels {
public:
    //! N, E, S and W, each centred on the point `radius` widget pixels from `centre` in its
    //! direction (north up).
    static void drawTile(QPainter& painter, const QPointF& centre, double radius);
    //! A dashed line across `area` (the panorama, in widget coordinates) with its letter at
    //! the top, at S, W, N, E and S again: column 0 of a panorama looks south, its middle
    //! north (docs/model.md, "Orientation maps"). `xAt(f)` is the widget x of the fraction f
    //! (0 = first column, 1 = last) of the panorama's columns.
    static void drawPanorama(QPainter& painter, const QRectF& area,
                             const std::function<double(double fraction)>& xAt);
    //! The translated letter of the point 'N', 'E', 'S' or 'W' (German: E is O); compass
    //! names read out elsewhere (e.g. "NNE") are spelt with these too.
    static QString letter(char point);
    //! The labels' font (bold `base`): its line height tells how far inside an edge a letter
    //! must sit to be whole.
    static QFont font(const QFont& base);
};

} // namespace orinet
