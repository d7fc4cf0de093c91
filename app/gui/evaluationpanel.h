#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace orinet {

class BackgroundJob;
class Dataset;
class DescriptorSet;
class ImageView;
class RecallPlot;
namespace metrics {
class EvaluationReport;
}

//! Evaluates a trained run on a split of the open dataset and inspects the result: descriptor
//! extraction and retrieval run as BackgroundJobs; the recall@K curve, the headline figures,
//! the worst queries, and for the selected query its panorama, its true tile and the tiles
//! retrieved instead (highlighted on the map through querySelected()).
class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationPanel(QWidget* parent = nullptr);
    ~EvaluationPanel() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setRunDirectory(const QString& run);
    //! Extracts (when the run has no descriptors for the split yet) and evaluates.
    void evaluate();
    const metrics::EvaluationReport* report() const { return mReport.get(); }

signals:
    void jobStarted(BackgroundJob* job);
    //! A query was selected: its dataset pair and the retrieved pairs, nearest first.
    void querySelected(size_t pairIndex, const std::vector<size_t>& retrievedPairs);
    void evaluated();

private:
    //! What the inspector shows for one query, prepared off the GUI thread.
    struct Inspection {
        int row = -1;
        size_t queryPair = 0;
        QImage query;
        QImage trueMatch;
        std::vector<QImage> retrieved;
        std::vector<size_t> retrievedPairs;
        std::vector<bool> retrievedIsTrue;
    };

    void showReport();
    void inspectQuery(int row);
    void onInspected();

    std::shared_ptr<const Dataset> mDataset;
    std::shared_ptr<const DescriptorSet> mDescriptors;
    std::shared_ptr<const metrics::EvaluationReport> mReport;
    std::unique_ptr<BackgroundJob> mJob;

    QLineEdit* mRun;
    QComboBox* mSplit;
    QComboBox* mDirection;
    QPushButton* mEvaluate;
    QLabel* mSummary;
    RecallPlot* mPlot;
    QTableWidget* mQueries;
    ImageView* mQueryView;
    ImageView* mTrueTile;
    std::vector<ImageView*> mRetrieved;
    QFutureWatcher<Inspection> mInspection;
    int mInspectedRow = -1;
};

} // namespace orinet
