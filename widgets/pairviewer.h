#pragma once

#include "translatedtexts.h"

#include <QImage>
#include <QWidget>

class QLabel;

namespace orinet {

class CrossViewLink;
class ZoomView;

//! A ground panorama above its satellite tile, both zoomable (wheel, drag, double-click to
//! fit), linked through their geometry (CrossViewLink): hovering the panorama draws the
//! bearing on the tile, hovering the tile marks the panorama column that looks there, and the
//! values under the cursor are shown below the images (and emitted for a status bar).
class PairViewer : public QWidget {
    Q_OBJECT
public:
    explicit PairViewer(QWidget* parent = nullptr);

    //! `cvactCrop`: shade the rows the network crops away (CVACT layout).
    void setPanorama(const QImage& image, bool cvactCrop = false);
    //! `metresPerPixel` of the tile image (0 when unknown: distances in pixels).
    void setTile(const QImage& image, double metresPerPixel = 0);
    //! Orientation maps drawn over the images (null images remove them).
    void setOverlays(const QImage& panorama, const QImage& tile);
    void clear();

    ZoomView* panoramaView() const { return mPanorama; }
    ZoomView* tileView() const { return mTile; }
    CrossViewLink* link() const { return mLink; }
    QString valuesText() const;

signals:
    //! See CrossViewLink::bearingChanged(): NaN when the cursor left the images.
    void bearingChanged(double bearing, double groundDistanceMetres);
    void valuesChanged(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    ZoomView* mPanorama;
    ZoomView* mTile;
    QLabel* mValues;
    CrossViewLink* mLink;
    TranslatedTexts mTexts;
};

} // namespace orinet
