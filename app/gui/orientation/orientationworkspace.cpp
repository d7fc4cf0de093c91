#include "gui/orientation/orientationworkspace.h"

#include "imageview.h"
#include "orientation/orientationmap.h"
#include "orientationimage.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace orinet {

OrientationWorkspace::OrientationWorkspace(QWidget* parent)
    : QWidget(parent)
    , mPanoramaRows(new QSpinBox)
    , mPanoramaCols(new QSpinBox)
    , mTileSize(new QSpinBox)
    , mGroundView(new ImageView)
    , mSatelliteView(new ImageView) {
    mPanoramaRows->setRange(8, 2048);
    mPanoramaRows->setValue(224);
    mPanoramaCols->setRange(16, 8192);
    mPanoramaCols->setValue(1232);
    mTileSize->setRange(8, 2048);
    mTileSize->setValue(512);
    for (QSpinBox* box : {mPanoramaRows, mPanoramaCols, mTileSize})
        connect(box, &QSpinBox::editingFinished, this, &OrientationWorkspace::refresh);

    auto* form = new QFormLayout;
    form->addRow(mTexts.label([] { return tr("Panorama rows"); }), mPanoramaRows);
    form->addRow(mTexts.label([] { return tr("Panorama columns"); }), mPanoramaCols);
    form->addRow(mTexts.label([] { return tr("Tile size"); }), mTileSize);
    auto* legend = mTexts.label([] {
        return tr("Hue = direction (yaw / azimuth, clockwise from north); "
                  "brightness = pitch (panorama) or radius (tile). The same "
                  "compass direction has the same hue in both.");
    });
    legend->setWordWrap(true);
    form->addRow(legend);

    mGroundView->setAnnotation(ImageView::Annotation::PanoramaYaw);
    mTexts.bind(mGroundView, "caption",
                [this] { mGroundView->setCaption(tr("Ground: yaw, pitch")); });
    mSatelliteView->setAnnotation(ImageView::Annotation::Compass);
    mTexts.bind(mSatelliteView, "caption",
                [this] { mSatelliteView->setCaption(tr("Satellite: azimuth, radius")); });

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(mGroundView);
    splitter->addWidget(mSatelliteView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);
    refresh();
}

void OrientationWorkspace::refresh() {
    // Maps of a few megapixels take milliseconds: cheap enough for the GUI thread.
    mGroundView->setImage(orientationimage::fromGroundMap(
        OrientationMap::groundRaw(mPanoramaRows->value(), mPanoramaCols->value())));
    mSatelliteView->setImage(
        orientationimage::fromSatelliteMap(OrientationMap::satelliteRaw(mTileSize->value())));
}

void OrientationWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
