#pragma once

#include "maplayer.h"

#include <QImage>

namespace orinet {

//! One georeferenced picture over the map (e.g. the localization heat map): an image
//! stretched over a north-up map rectangle with an opacity, and an optional colour legend in
//! the map's lower-right corner (a ramp with its end values and a title).
class ImageLayer : public MapLayer {
    Q_OBJECT
public:
    struct Legend {
        QString title;
        QImage ramp; //!< 1 x N or N x 1, low to high
        QString low;
        QString high;
    };

    explicit ImageLayer(const QString& name, QObject* parent = nullptr);

    //! `map` is the image's extent in map units (x = west, y = south edge, normalised).
    void setImage(const QImage& image, const QRectF& map);
    void clearImage();
    const QImage& image() const { return mImage; }
    void setOpacity(double opacity);
    double opacity() const { return mOpacity; }
    void setLegend(const Legend& legend);
    //! Draws pixels as squares (true) or smoothed (false, the default).
    void setPixelated(bool pixelated);

    void paint(QPainter& painter, const MapViewport& viewport) override;
    void paintOverlay(QPainter& painter, const MapViewport& viewport) override;
    std::optional<QRectF> extent() const override {
        return mImage.isNull() ? std::nullopt : std::optional<QRectF>(mMap);
    }

private:
    QImage mImage;
    QRectF mMap;
    double mOpacity = 0.6;
    Legend mLegend;
    bool mPixelated = false;
};

} // namespace orinet
