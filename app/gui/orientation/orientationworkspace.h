#pragma once

#include "translatedtexts.h"

#include <QWidget>

class QSpinBox;

namespace orinet {

class ImageView;

//! The Orientation workspace shows the orientation maps the network receives for a panorama and a
//! tile of chosen sizes, coloured so one compass direction has one colour in both: the convention
//! made visible.
class OrientationWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit OrientationWorkspace(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    QSpinBox* mPanoramaRows;
    QSpinBox* mPanoramaCols;
    QSpinBox* mTileSize;
    ImageView* mGroundView;
    ImageView* mSatelliteView;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
