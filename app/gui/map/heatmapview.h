#pragma once

#include "translatedtexts.h"

#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;

namespace orinet {

class AnnotationLayer;
class BackgroundJob;
class Dataset;
class HeatMapEngine;
class ImageLayer;
class NewestRequest;

//! The localization heat map of the Map workspace: where the model of a run thinks the
//! selected panorama was taken. "Describe places" cuts tiles from the base raster on a grid
//! (spacing and footprint in metres; the synthetic world's footprint by default) and describes
//! them once per run and checkpoint as a BackgroundJob (progress, cancel, resumable: the
//! cache lives in the run folder). Afterwards every selected query's heat map is computed off
//! the GUI thread and drawn into the given layers: the colour-mapped scores with a legend, and
//! the top peaks numbered. When the run, dataset and raster given have complete cached places
//! (from an earlier session, or `orinet heatmap`), they are loaded without asking.
//! "Places" chooses coarse to fine (the default: coarse places up front, each query refines
//! around its best peaks) or every place (the dense map); the status line names the mode. A
//! run made from a TorchScript model of another method works alike.
class HeatMapView : public QWidget {
    Q_OBJECT
public:
    HeatMapView(ImageLayer* heatLayer, AnnotationLayer* peakLayer, QWidget* parent = nullptr);
    ~HeatMapView() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setRaster(const QString& path);
    void setRunDirectory(const QString& run);
    //! The pair whose panorama the heat map shows (once places are described).
    void setQuery(size_t pairIndex);
    //! Starts describing the places (or loads them when cached).
    void describePlaces();
    bool isReady() const { return static_cast<bool>(mEngine); }
    //! Dense: every place described up front; else coarse to fine (the default).
    void setDense(bool dense);
    bool isDense() const;
    //! The text of the status line (for tests).
    QString statusText() const;

signals:
    void jobStarted(BackgroundJob* job);
    //! A heat map is drawn (its pair index).
    void heatMapShown(size_t pairIndex);
    //! Describing the places or a heat map could not be done; `message` is the status shown.
    void failed(const QString& message);

protected:
    //! At least the height the panel's rows take at its width: its status wraps, and a
    //! splitter that gave only the usual minimum squeezed the spin boxes until unreadable.
    QSize minimumSizeHint() const override;
    void changeEvent(QEvent* event) override;

private:
    struct Computed {
        size_t pair = 0;
        QImage image;
        QRectF extent;
        float low = 0, high = 0;
        std::vector<QPointF> peaks;
        std::vector<float> peakScores;
        size_t exact = 0, places = 0; //!< coarse to fine: places described, of all
        bool dense = true;
        //! Coarse to fine: no place left unscored can beat the best (the bound held).
        bool certified = false;
        QString error;
    };

    void resetEngine();
    //! Describes (or loads) the places; with `onlyWhenCached`, only loads a complete cache and
    //! otherwise does nothing, silently.
    void startDescribing(bool onlyWhenCached);
    void compute();
    void onComputed(const Computed& result);
    void updateDefaults();
    //! The status line; `text` makes it in the current language (again at a language change).
    void setStatus(TranslatedTexts::Text text, bool problem = false);

    ImageLayer* mHeatLayer;
    AnnotationLayer* mPeakLayer;
    QLineEdit* mRun;
    QDoubleSpinBox* mSpacing;
    QDoubleSpinBox* mFootprint;
    QComboBox* mPlaces;
    QPushButton* mDescribe;
    QSlider* mOpacity;
    QLabel* mStatus;

    std::shared_ptr<const Dataset> mDataset;
    QString mRaster;
    int mTileSize = 0;
    std::shared_ptr<HeatMapEngine> mEngine;
    std::unique_ptr<BackgroundJob> mJob;
    QTimer mCacheCheck;            //!< after the inputs change: load their cached places
    int mCacheCheckGeneration = 0; //!< counts input changes; a check made before one is stale
    NewestRequest* mComputation;
    size_t mQuery = SIZE_MAX;
    TranslatedTexts mTexts;
};

} // namespace orinet
