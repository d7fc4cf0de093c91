#pragma once

#include <QColor>
#include <QPointF>
#include <QString>

class QPainter;

namespace orinet {

//! Labels drawn over photographs (compass letters, yaw ticks, map labels): light text with a
//! dark halo, readable on any background.
namespace outlinedtext {

//! Draws `text` with its baseline starting at `at` in the painter's font: the text in `fill`
//! over a dark halo of about 1.5 px. The halo is the text drawn at eight offsets, not a stroked
//! glyph outline: glyphs come from the font cache, so a label costs microseconds where
//! QPainterPath::addText + strokePath cost a millisecond (views repaint these labels at every
//! hover and every new image).
void draw(QPainter& painter, const QPointF& at, const QString& text, const QColor& fill = Qt::white,
          const QColor& halo = QColor(0, 0, 0, 230));

} // namespace outlinedtext
} // namespace orinet
