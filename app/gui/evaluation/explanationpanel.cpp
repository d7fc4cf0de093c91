#include "gui/evaluation/explanationpanel.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/preprocessor.h"
#include "explain/matchexplainer.h"
#include "gui/common/provenancetext.h"
#include "gui/jobs/backgroundjob.h"
#include "matchexplanationview.h"
#include "matimage.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <filesystem>
#include <mutex>

namespace orinet {

//! A run's model, loaded by the first job that needs it and kept for the next ones.
struct ExplanationPanel::Model {
    std::mutex mutex; //!< one job at a time uses the explainer
    std::unique_ptr<MatchExplainer> explainer;
};

//! What a job hands back to the GUI thread.
struct ExplanationPanel::Computed {
    std::vector<std::optional<Explained>> explained; //!< per item; set for those computed now
    std::vector<QImage> panoramas, tiles;            //!< per item; read now when missing
    std::string normalization;                       //!< the BatchNorm statistics used
    bool fellBack = false;    //!< the checkpoint had no recalibrated statistics
    bool approximate = false; //!< gradient × input of another method's model
    std::string method;       //!< that model's method
    bool loaded = false;      //!< the model was loaded by this job
};

ExplanationPanel::ExplanationPanel(QWidget* parent)
    : QWidget(parent)
    , mView(new MatchExplanationView)
    , mStatus(new QLabel)
    , mCancel(new QPushButton) {
    mStatus->setWordWrap(true);
    mStatus->setObjectName("explanationStatus");
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mTexts.setText(mCancel, [] { return tr("Cancel"); });
    mCancel->setVisible(false);
    connect(mCancel, &QPushButton::clicked, this, [this] {
        mWaiting.reset();
        if (mJob)
            mJob->cancel();
    });
    auto* status = new QHBoxLayout;
    status->addWidget(mStatus, 1);
    status->addWidget(mCancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(status);
    layout->addWidget(mView, 1);
}

// Destroying a running job cancels it and waits: the model's forward pass of one image is
// short, and loading it cannot be interrupted.
ExplanationPanel::~ExplanationPanel() = default;

std::string ExplanationPanel::checkpointFor(const metrics::EvaluationReport& report,
                                            const QString& runFolder, QString* why) {
    auto refuse = [why](const QString& reason) {
        if (why)
            *why = reason;
        return std::string();
    };
    if (report.provenance.isImported())
        return refuse(tr("These results are descriptors imported from another method: there is "
                         "no OriNet checkpoint to explain them with."));
    // Another method's TorchScript model is explained by gradient × input (MatchExplainer
    // recognises its model file by the run around it).
    const bool scripted = report.provenance.isTorchScript();
    std::error_code ec;
    const std::string& recorded = report.provenance.checkpoint;
    if (!recorded.empty() && std::filesystem::is_regular_file(recorded, ec))
        return recorded;
    if (!runFolder.isEmpty()) {
        const RunFolder run(runFolder.toStdString());
        if (scripted && run.hasScriptedModel())
            return run.scriptedModelFile();
        if (!scripted && run.hasCheckpoint())
            return run.lastCheckpoint();
    }
    if (scripted)
        return refuse(tr("The TorchScript model these results came from is gone: %1")
                          .arg(QString::fromStdString(recorded)));
    return refuse(recorded.empty()
                      ? tr("Results only: the run has no checkpoint to explain them with.")
                      : tr("The checkpoint these results came from is gone: %1")
                            .arg(QString::fromStdString(recorded)));
}

std::string ExplanationPanel::keyOf(const Request& request, const Item& item) {
    return request.checkpoint + '\n' + std::string(toString(request.layout)) + '\n' +
           item.panoramaPath + '\n' + item.tilePath;
}

BackgroundJob* ExplanationPanel::job() const {
    return mJob && mJob->isRunning() ? mJob.get() : nullptr;
}

QString ExplanationPanel::statusText() const {
    return mStatus->text();
}

void ExplanationPanel::setStatus(TranslatedTexts::Text text, bool problem) {
    mTexts.setText(mStatus, std::move(text));
    mStatus->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void ExplanationPanel::clear() {
    mWaiting.reset();
    if (mJob)
        mJob->cancel();
    mView->clear();
    setStatus([] { return QString(); });
}

void ExplanationPanel::explain(Request request) {
    if (request.items.empty() || request.checkpoint.empty()) {
        clear();
        return;
    }
    bool ready = true;
    for (const Item& item : request.items)
        ready &= mExplanations.count(keyOf(request, item)) > 0 && !item.panorama.isNull() &&
                 !item.tile.isNull();
    if (ready && !job()) {
        mWaiting.reset();
        show(request);
        return;
    }
    mWaiting = std::move(request);
    if (job())
        mJob->cancel(); // the newest request runs once it has stopped (finished())
    else
        start();
}

std::shared_ptr<ExplanationPanel::Model> ExplanationPanel::modelFor(const Request& request) {
    const std::string key = request.checkpoint + '\n' + std::string(toString(request.layout));
    for (auto& [k, model] : mModels)
        if (k == key)
            return model;
    mModels.emplace_back(key, std::make_shared<Model>());
    if (mModels.size() > kModelsKept)
        mModels.pop_front(); // a job still using it holds it until it ends
    return mModels.back().second;
}

void ExplanationPanel::start() {
    if (!mWaiting)
        return;
    mRunning = std::move(mWaiting);
    mWaiting.reset();
    const Request request = *mRunning;
    std::vector<bool> needed;
    for (const Item& item : request.items)
        needed.push_back(mExplanations.count(keyOf(request, item)) == 0);
    const std::shared_ptr<Model> model = modelFor(request);
    auto computed = std::make_shared<Computed>();
    if (mJob)
        mJob.release()->deleteLater(); // may be the sender of the signal that got us here
    mJob = std::make_unique<BackgroundJob>(
        tr("Explaining matches"), [request, needed, model, computed](Feedback& feedback) {
            const size_t count = request.items.size();
            computed->explained.resize(count);
            computed->panoramas.resize(count);
            computed->tiles.resize(count);
            const std::lock_guard<std::mutex> lock(model->mutex);
            bool any = false;
            for (bool n : needed)
                any |= n;
            if (any && !model->explainer) {
                feedback.report(0.05, tr("loading the model").toStdString());
                MatchExplainer::Settings settings;
                settings.checkpoint = request.checkpoint;
                settings.layout = request.layout;
                model->explainer = std::make_unique<MatchExplainer>(settings);
                computed->loaded = true;
            }
            if (model->explainer) {
                computed->normalization = toString(model->explainer->normalization());
                computed->fellBack = !model->explainer->note().empty();
                computed->approximate = !model->explainer->isExact();
                computed->method = model->explainer->method();
            }
            for (size_t i = 0; i < count; ++i) {
                feedback.checkCanceled();
                feedback.report(
                    0.3 + 0.7 * double(i) / count,
                    tr("explaining match %1 of %2").arg(i + 1).arg(count).toStdString());
                const Item& item = request.items[i];
                if (needed[i]) {
                    const auto inputs = model->explainer->prepare(item.panoramaPath, item.tilePath);
                    Explained e;
                    e.explanation = model->explainer->explain(inputs);
                    e.cropsMiddleRows = model->explainer->preprocessor().cropsMiddleRows();
                    computed->explained[i] = std::move(e);
                }
                if (item.panorama.isNull())
                    computed->panoramas[i] = matimage::read(item.panoramaPath);
                if (item.tile.isNull())
                    computed->tiles[i] = matimage::read(item.tilePath);
            }
            feedback.report(1.0);
        });
    connect(mJob.get(), &BackgroundJob::progressChanged, this,
            [this](double fraction, const QString& message) {
                const long percent = std::lround(100 * fraction);
                setStatus([percent, message] {
                    return tr("Explaining: %1 % (%2)").arg(percent).arg(message);
                });
            });
    connect(mJob.get(), &BackgroundJob::succeeded, this, [this, computed] {
        if (computed->loaded)
            ++mModelLoads;
        if (!computed->normalization.empty()) {
            mNormalization = computed->normalization;
            mFellBack = computed->fellBack;
            mApproximate = computed->approximate;
            mMethod = computed->method;
        }
        Request request = *mRunning;
        for (size_t i = 0; i < request.items.size(); ++i) {
            Item& item = request.items[i];
            if (computed->explained[i])
                mExplanations[keyOf(request, item)] = *computed->explained[i];
            if (item.panorama.isNull())
                item.panorama = computed->panoramas[i];
            if (item.tile.isNull())
                item.tile = computed->tiles[i];
        }
        if (!mWaiting)
            show(request);
    });
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        if (mWaiting)
            return;
        mView->clear();
        setStatus([message] { return tr("Explaining failed: %1").arg(message); }, true);
        emit failed(message);
    });
    connect(mJob.get(), &BackgroundJob::canceled, this, [this] {
        if (!mWaiting)
            setStatus([] { return tr("Canceled."); });
    });
    connect(mJob.get(), &BackgroundJob::finished, this, [this] {
        mCancel->setVisible(false);
        mRunning.reset();
        if (mWaiting) { // the newest request, made meanwhile
            Request waiting = std::move(*mWaiting);
            mWaiting.reset();
            explain(std::move(waiting));
        }
    });
    mCancel->setVisible(true);
    setStatus([] { return tr("Explaining…"); });
    emit jobStarted(mJob.get());
    mJob->start();
}

void ExplanationPanel::show(const Request& request) {
    std::vector<MatchExplanationView::Match> matches;
    for (const Item& item : request.items) {
        const auto found = mExplanations.find(keyOf(request, item));
        if (found == mExplanations.end())
            continue;
        MatchExplanationView::Match m;
        m.explanation = found->second.explanation;
        m.panorama = item.panorama;
        m.tile = item.tile;
        m.caption = item.caption;
        m.trueMatch = item.trueMatch;
        if (found->second.cropsMiddleRows && item.panorama.height() > 0) {
            // The rows Preprocessor keeps (cropMiddleHalfRows()): from H/4, H/2 of them.
            const int h = item.panorama.height();
            m.visibleTop = double(h / 4) / h;
            m.visibleBottom = double(h / 4 + h / 2) / h;
        }
        matches.push_back(std::move(m));
    }
    mView->setMatches(std::move(matches));
    // The core's note is English for the CLI: said again here from the facts.
    const std::string mode = mNormalization;
    const bool fellBack = mFellBack;
    if (mApproximate) {
        const QString method = QString::fromStdString(mMethod);
        setStatus([method] {
            return tr("%1 is another method's TorchScript model: its matches are explained by "
                      "gradient × input, an approximation, not an exact split.")
                .arg(method);
        });
        emit explained();
        return;
    }
    setStatus([mode, fellBack] {
        QString text = tr("Each image described alone (%1): similarities may differ slightly "
                          "from the evaluated scores.")
                           .arg(provenancetext::normalization(mode));
        if (fellBack)
            text += QStringLiteral(" ") +
                    tr("The checkpoint has no recalibrated BatchNorm statistics: its running "
                       "statistics are used.");
        return text;
    });
    emit explained();
}

void ExplanationPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
