#pragma once

#include "gui/evaluation/inspectedevaluation.h"
#include "translatedtexts.h"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialog;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace orinet {

class ImageView;
class NewestRequest;
class QueryFilterModel;
class BackgroundJob;
class CrossViewLink;
class EvaluationDocument;
class ExplanationPanel;
class ZoomView;

//! Where a researcher looks at what went wrong: the queries of an evaluation in a sortable,
//! filterable table (rank > K, geo error > d m, tag, id search; worst first), and for the
//! selected query its image, its true match and the top retrieved items, each captioned with
//! rank, score and ground distance to the truth, the true match framed. Images open zoomable
//! (double-click or Return) with the orientation overlay. Tags and notes are edited here and
//! saved in the run folder; the filtered list exports to CSV.
//!
//! Keyboard: Up/Down (and Page Up/Down, Home/End) move through the queries, Left/Right
//! through the retrieved items, Return opens the focused image zoomable.
//!
//! Threading: GUI thread; retrieval for the selected query and its image decodes run on the
//! global thread pool, a newer selection superseding a running one.
class FailureInspector : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRetrievedShown = 5;

    //! Shows the current evaluation of `document` whenever it changes (see showCurrent()).
    explicit FailureInspector(EvaluationDocument* document, QWidget* parent = nullptr);
    ~FailureInspector() override;

    //! The evaluation whose queries are listed: the document's current one.
    const InspectedEvaluation* evaluation() const { return mEvaluation.get(); }

    QueryTableModel* queryModel() const { return mModel; }
    QueryFilterModel* filterModel() const { return mFilter; }
    QTableView* table() const { return mTable; }
    ImageView* queryView() const { return mQueryView; }
    //! Links the query with the true and retrieved items through their geometry (hovering a
    //! panorama draws its bearing on every tile, hovering a tile marks the panorama columns).
    CrossViewLink* geometryLink() const { return mLink; }
    ImageView* trueMatchView() const { return mTrueView; }
    const std::vector<ImageView*>& retrievedViews() const { return mRetrievedViews; }

    //! The query (split row) whose images are shown, or -1.
    int64_t shownQuery() const { return mShown.query; }
    //! Selects the query taken at dataset pair `pairIndex` (e.g. clicked on the map) when this
    //! evaluation has it and the filters show it; returns whether it did.
    bool selectQueryPair(size_t pairIndex);
    //! The retrieved item with keyboard focus (0-based), or -1.
    int focusedRetrieved() const { return mFocused; }
    void focusRetrieved(int index);
    //! Opens the zoom window on the focused retrieved item, else on the query.
    void openZoom();
    ZoomView* zoomView() const { return mZoomView; }

    //! Satellite-to-ground queries: into how many columns the true and retrieved panoramas
    //! (width:height `panoramaAspect`) go beside the query tile in an image area of `area`,
    //! so that they are shown widest (1 for CVUSA's long strips, 2 for CVACT's 2:1 spheres
    //! in a wide window).
    static int panoramaColumns(const QSize& area, double panoramaAspect);
    //! The columns the panoramas are in now (1 for ground-to-satellite queries' tile row).
    int shownPanoramaColumns() const { return mArrangement.columns; }

    //! "Why this match": the toggle that shows, instead of the retrieved items, the selected
    //! query's match with its true item and with the best-scored wrong one explained
    //! (docs/explain.md). Disabled, saying why in its tooltip, for results without a checkpoint.
    QPushButton* explainButton() const { return mExplain; }
    ExplanationPanel* explanation() const { return mExplanation; }
    void setExplaining(bool on);

    //! Writes the filtered queries (view order) as CSV; false with the reason on failure.
    bool exportCsv(const QString& path, QString* error = nullptr);

signals:
    //! The selected query's images are shown: its dataset pair and the retrieved pairs.
    void querySelected(size_t pairIndex, const std::vector<size_t>& retrievedPairs);
    //! A new evaluation is shown: its geo-recall distances (metres), empty when it has none.
    void geoRecallDistancesChanged(const std::vector<double>& metres);
    //! An explanation job started (for the window's job strip).
    void jobStarted(BackgroundJob* job);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Inspection {
        int64_t query = -1;
        size_t queryPair = 0;
        QImage queryImage;
        QImage trueMatch;
        QImage queryOverlay;
        QImage trueOverlay;
        std::vector<QImage> retrieved;
        std::vector<QImage> retrievedOverlays;
        std::vector<size_t> retrievedPairs;
        std::vector<int64_t> retrievedRows;
        std::vector<float> scores;
        std::vector<double> distances; //!< metres to the truth; NaN without positions
        //! Ground extent of a tile in metres (a synthetic world knows it); 0: unknown, so the
        //! tiles' hover readout measures in pixels.
        double tileFootprint = 0;
    };

    //! Shows the document's current evaluation: resets the filters' targets, selects the worst
    //! query and inspects it (also when the row number is the same as before); with none,
    //! clears table and images.
    void showCurrent();
    void clear();
    void onCurrentRowChanged();
    void inspect(int64_t query);
    void onInspected(Inspection result);
    void showInspection();
    //! Places the views for the direction: panorama above tiles, or tile beside panoramas.
    //! Lays the images out for the direction, and for satellite-to-ground queries in the
    //! columns that show the panoramas widest (again when the area or the panoramas' shape
    //! changes).
    void arrangeViews(bool groundQueries);
    void updateNotesEditors();
    void updateCount();
    void refreshTagFilter();
    void applyOverlay();
    void showZoom(ImageView* view, const QImage& overlay);
    void exportDialog();
    //! Whether the current evaluation has a checkpoint to explain it with; sets the toggle.
    void updateExplainAvailability();
    //! Explains the shown query's matches (when the toggle is on).
    void explainShown();

    EvaluationDocument* mDocument;
    //! The document's current evaluation when it was last shown: the inspections in flight
    //! hold it too.
    std::shared_ptr<const InspectedEvaluation> mEvaluation;
    QueryTableModel* mModel;
    QueryFilterModel* mFilter;

    QSpinBox* mMinRank;
    QDoubleSpinBox* mMinGeoError;
    QComboBox* mTagFilter;
    QLineEdit* mSearch;
    QCheckBox* mOverlay;
    QLabel* mCount;
    QTableView* mTable;
    ImageView* mQueryView;
    ImageView* mTrueView;
    std::vector<ImageView*> mRetrievedViews;
    QGridLayout* mImages;
    QWidget* mImageArea; //!< holds mImages; its size decides the arrangement
    struct Arrangement {
        int groundQueries = -1; //!< -1: none yet
        int columns = 0;
    } mArrangement;
    double mPanoramaAspect = 2; //!< width:height of the panoramas shown (CVACT's until known)
    QLabel* mDetails;
    QLineEdit* mTags;
    QLineEdit* mNote;
    QLabel* mNotesStatus;
    CrossViewLink* mLink;
    QLabel* mGeometry;
    QPushButton* mExplain;
    ExplanationPanel* mExplanation;
    QStackedWidget* mImagePages; //!< mImageArea, or mExplanation while explaining
    std::string mCheckpoint;     //!< what explains the current evaluation; empty: nothing
    QString mNoCheckpoint;       //!< why not
    QDialog* mZoomDialog = nullptr;
    ZoomView* mZoomView = nullptr;

    NewestRequest* mInspection;
    int64_t mWanted = -1;
    Inspection mShown;
    int mFocused = -1;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
