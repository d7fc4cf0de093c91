#pragma once

#include "gui/common/jobdialog.h"

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace orinet {

class AnnotationLayer;
class MapCanvas;
class RasterLayer;
struct MakeDatasetOptions;

//! A dataset of the user's own area, from the studio (the GUI's `orinet make-dataset`,
//! DatasetMaker; docs/make-dataset.md): the orthophoto, the panoramas' positions file, the
//! output folder, the layout (a tile centred on each panorama, or VIGOR's grid) and the tile
//! size. Preview reads and places everything as the command would (DatasetMaker::plan) and
//! draws it on the orthophoto: each panorama in its split's colour, the tiles' footprints, the
//! panoramas that cannot be used as red crosses, with the reasons listed. Make writes the
//! dataset (DatasetMaker::make: whole or not at all; a folder of the user's is refused). Both
//! run off the GUI thread.
class MakeDatasetDialog : public JobDialog {
    Q_OBJECT
public:
    explicit MakeDatasetDialog(QWidget* parent = nullptr);
    ~MakeDatasetDialog() override;

    //! The folder written by Make (after accepted()).
    const QString& madeDataset() const { return mMade; }
    //! Whether it is in the pairs.csv layout, which the studio opens (VIGOR's is read by the
    //! CLI).
    bool madePairs() const { return mMadePairs; }
    //! The preview map, for tests and screenshots.
    MapCanvas* previewMap() const { return mMap; }

public slots:
    void preview();
    void make();

private:
    struct Preview;
    MakeDatasetOptions options() const;
    void previewInvalidated();
    void showPreview(const Preview& preview);

    QLineEdit* mOrthophoto;
    QLineEdit* mPositions;
    QLineEdit* mOut;
    QComboBox* mLayout;
    QLineEdit* mArea;
    QSpinBox* mTileSize;
    QDoubleSpinBox* mTileMetres;
    QDoubleSpinBox* mValShare;
    QDoubleSpinBox* mTestShare;
    MapCanvas* mMap;
    AnnotationLayer* mPlan;
    RasterLayer* mBase = nullptr;
    std::shared_ptr<Preview> mPreview; //!< the last good preview, for Make
    QString mMade;
    bool mMadePairs = true;
};

} // namespace orinet
