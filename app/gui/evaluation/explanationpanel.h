#pragma once

#include "dataset/datasetlayout.h"
#include "explain/matchexplanation.h"
#include "translatedtexts.h"

#include <QImage>
#include <QWidget>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QLabel;
class QPushButton;

namespace orinet {

class BackgroundJob;
class MatchExplanationView;
namespace metrics {
class EvaluationReport;
}

//! "Why this match" for the failure inspector and Compare Runs (docs/explain.md): explains a
//! query's matches with a run's checkpoint in a BackgroundJob (progress, cancel, errors on its
//! status line) and shows them side by side in a MatchExplanationView.
//!
//! Loading a checkpoint takes seconds, so each run's model is kept (the last few runs), and
//! every explanation by (checkpoint, panorama, tile): going back to a query shows it at once.
//! A request made while a job runs cancels it and runs when it has stopped.
//!
//! Threading: GUI thread; the model is used by one job at a time.
class ExplanationPanel : public QWidget {
    Q_OBJECT
public:
    //! One match to explain: a panorama and a tile.
    struct Item {
        std::string panoramaPath;
        std::string tilePath;
        QImage panorama; //!< as shown; null: read by the job
        QImage tile;
        QString caption;
        bool trueMatch = false;
    };
    struct Request {
        std::string checkpoint; //!< checkpointFor()
        DatasetLayout layout = DatasetLayout::Csv;
        std::vector<Item> items;
    };

    static constexpr size_t kModelsKept = 3;

    explicit ExplanationPanel(QWidget* parent = nullptr);
    ~ExplanationPanel() override;

    //! The checkpoint a run's evaluation can be explained with: the file its descriptors came
    //! from, else the run folder's last checkpoint (for another method's TorchScript model,
    //! the run's model file: explained by gradient × input). Empty, with the reason in `why`,
    //! for results without a checkpoint (descriptors imported from another method, or a
    //! folder of descriptors only). Touches the disk (file existence only).
    static std::string checkpointFor(const metrics::EvaluationReport& report,
                                     const QString& runFolder, QString* why);

    //! Explains the request's items (at once when all are cached) and shows them.
    void explain(Request request);
    //! Shows nothing and cancels a running job.
    void clear();

    MatchExplanationView* view() const { return mView; }
    //! The running job, or null.
    BackgroundJob* job() const;
    QString statusText() const;
    //! Explanations computed so far (the cache; tests).
    size_t cachedExplanations() const { return mExplanations.size(); }
    //! How many times a model was loaded from its checkpoint (tests).
    int modelLoads() const { return mModelLoads; }

signals:
    void jobStarted(BackgroundJob* job);
    //! The request's explanations are shown.
    void explained();
    //! Explaining failed; `message` is shown on the status line.
    void failed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Model;
    struct Computed;

    static std::string keyOf(const Request& request, const Item& item);
    void start();
    void show(const Request& request);
    void setStatus(TranslatedTexts::Text text, bool problem = false);
    std::shared_ptr<Model> modelFor(const Request& request);

    MatchExplanationView* mView;
    QLabel* mStatus;
    QPushButton* mCancel;
    std::unique_ptr<BackgroundJob> mJob;
    std::optional<Request> mWaiting; //!< to start once the running job has stopped
    std::optional<Request> mRunning;
    //! Models by checkpoint and layout, oldest first.
    std::deque<std::pair<std::string, std::shared_ptr<Model>>> mModels;
    struct Explained {
        MatchExplanation explanation;
        bool cropsMiddleRows = false; //!< the network saw the panorama's middle half of rows
    };
    std::map<std::string, Explained> mExplanations;
    std::string mNormalization; //!< the BatchNorm statistics the model uses
    bool mFellBack = false;     //!< recalibrated ones were asked for, the checkpoint has none
    bool mApproximate = false;  //!< gradient × input of another method's TorchScript model
    std::string mMethod;        //!< that model's method
    int mModelLoads = 0;
    TranslatedTexts mTexts;
};

} // namespace orinet
