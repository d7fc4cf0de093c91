#pragma once

#include "maplayer.h"

#include <QColor>
#include <QPointF>
#include <QPolygonF>

#include <vector>

namespace orinet {

//! A handful of emphasised features drawn as they are, without level of detail: labelled
//! symbols (a query, its true position, retrieved tiles numbered by rank), circles of a radius
//! in map units (geo-recall distances) and lines (a viewing ray). Symbols are hit by clicks.
class AnnotationLayer : public MapLayer {
    Q_OBJECT
public:
    enum class Shape { Circle, Square, Diamond, Star, Cross, Ring };

    struct Symbol {
        QPointF position;
        QColor colour = Qt::yellow;
        Shape shape = Shape::Circle;
        double radius = 7; //!< pixels
        QString label;     //!< drawn inside (short, e.g. a rank) or beside (longer)
        qint64 id = -1;    //!< reported by hitTest()
        bool labelInside = false;
        QString caption; //!< drawn beside, with an inside label (e.g. "A" inside, a name beside)
    };
    struct Circle {
        QPointF centre;
        double radius = 0; //!< map units
        QColor colour = Qt::white;
        QString label;
    };
    struct Line {
        QPolygonF points; //!< map coordinates
        QColor colour = Qt::cyan;
        double width = 2; //!< pixels
        bool arrow = false;
        //! A dark halo under the line, so it reads on any imagery; off for many thin lines
        //! (tile outlines) that would darken the map.
        bool halo = true;
    };

    explicit AnnotationLayer(const QString& name, QObject* parent = nullptr);

    void setSymbols(std::vector<Symbol> symbols);
    void setCircles(std::vector<Circle> circles);
    void setLines(std::vector<Line> lines);
    void clear();
    const std::vector<Symbol>& symbols() const { return mSymbols; }
    const std::vector<Circle>& circles() const { return mCircles; }
    const std::vector<Line>& lines() const { return mLines; }
    bool isEmpty() const { return mSymbols.empty() && mCircles.empty() && mLines.empty(); }

    void paint(QPainter& painter, const MapViewport& viewport) override;
    std::optional<QRectF> extent() const override;
    std::optional<Hit> hitTest(const QPointF& screen, const MapViewport& viewport,
                               double tolerance) const override;

    //! Draws one symbol at a screen position (also used by legends).
    static void drawSymbol(QPainter& painter, const QPointF& at, Shape shape, double radius,
                           const QColor& colour);

private:
    std::vector<Symbol> mSymbols;
    std::vector<Circle> mCircles;
    std::vector<Line> mLines;
};

} // namespace orinet
