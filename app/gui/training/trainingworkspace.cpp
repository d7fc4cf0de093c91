#include "gui/training/trainingworkspace.h"

#include "common/atomicfile.h"

#include "common/error.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "dataset/vigorformat.h"
#include "gui/common/figureexportdialog.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"
#include "gui/training/comparedrunslist.h"
#include "gui/training/runhistory.h"
#include "gui/training/trainingform.h"
#include "localnumber.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace orinet {

TrainingWorkspace::TrainingWorkspace(const QString& runsDirectory, QWidget* parent)
    : QWidget(parent)
    , mRunsDirectory(runsDirectory)
    , mDatasetLabel(new QLabel)
    , mChooseDataset(new QPushButton)
    , mRun(new QLineEdit)
    , mStart(new QPushButton)
    , mResume(new QPushButton)
    , mStop(new QPushButton)
    , mStatus(new QLabel)
    , mCurves(new TrainingCurves)
    , mSmoothing(new QSlider(Qt::Horizontal))
    , mXAxis(new QComboBox)
    , mLog(new QPlainTextEdit)
    , mComparedRuns(new ComparedRunsList(runsDirectory)) {
    mTexts.setText(mDatasetLabel, [] { return tr("No dataset open."); });
    mTexts.setText(mStart, [] { return tr("Start"); });
    mTexts.setText(mResume, [] { return tr("Resume"); });
    mTexts.setText(mStop, [] { return tr("Stop"); });
    // Object names let tests and scripts drive the workspace (the form names its own).
    mRun->setObjectName("run");
    mDatasetLabel->setObjectName("dataset");
    // A long path must not widen the form: it is cut at the right, whole in the tooltip.
    mDatasetLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mChooseDataset->setObjectName("chooseDataset");
    mTexts.setText(mChooseDataset, [] { return tr("Choose…"); });
    mTexts.setToolTip(mChooseDataset, [] {
        return tr("Train on another dataset: a one-to-one dataset (CVUSA, CVACT, pairs.csv) or a "
                  "VIGOR root (splits/<City>/satellite_list.txt)");
    });
    mStart->setObjectName("start");
    mResume->setObjectName("resume");
    mStop->setObjectName("stop");
    mStatus->setObjectName("status");
    mLog->setObjectName("log");
    mTexts.setToolTip(mStart, [] { return tr("Train a new run into the run folder"); });
    mTexts.setToolTip(mResume, [] {
        return tr("Continue the run in the run folder from its last checkpoint, with its saved "
                  "settings (only the number of epochs may change)");
    });
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("Browse…"); });
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(mRun, 1);
    runRow->addWidget(browse);

    auto* form = new QFormLayout;
    auto* datasetRow = new QHBoxLayout;
    datasetRow->addWidget(mDatasetLabel, 1);
    datasetRow->addWidget(mChooseDataset);
    form->addRow(mTexts.label([] { return tr("Dataset"); }), datasetRow);
    form->addRow(mTexts.label([] { return tr("Run folder"); }), runRow);
    // The run's settings, starting at the core's defaults.
    mForm = new TrainingForm(form, this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(mStart);
    buttons->addWidget(mResume);
    buttons->addWidget(mStop);
    buttons->addStretch();
    form->addRow(buttons);
    mStatus->setWordWrap(true);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStop->setEnabled(false);

    mLog->setReadOnly(true);
    mLog->setMaximumBlockCount(2000);

    // The curves with their options: smoothing (TensorBoard's slider), x axis, export.
    mSmoothing->setRange(0, 99);
    mSmoothing->setValue(static_cast<int>(std::lround(mCurves->smoothing() * 100)));
    mSmoothing->setObjectName("smoothing");
    mTexts.setToolTip(
        mSmoothing, [] { return tr("Exponential moving average of the loss, as TensorBoard's"); });
    auto* smoothingValue = new QLabel(localNumber(mCurves->smoothing(), 2));
    smoothingValue->setMinimumWidth(smoothingValue->fontMetrics().horizontalAdvance("0.00") + 4);
    mXAxis->addItem(QString(), int(TrainingCurves::XAxis::Step));
    mXAxis->addItem(QString(), int(TrainingCurves::XAxis::Epoch));
    mXAxis->addItem(QString(), int(TrainingCurves::XAxis::WallTime));
    mTexts.bind(mXAxis, "items", [this] {
        mXAxis->setItemText(0, tr("Step"));
        mXAxis->setItemText(1, tr("Epoch"));
        mXAxis->setItemText(2, tr("Wall time"));
    });
    mXAxis->setObjectName("xAxis");
    mXAxis->setSizeAdjustPolicy(QComboBox::AdjustToContents); // translated texts differ in length
    auto* exportButton = new QToolButton;
    mTexts.setText(exportButton, [] { return tr("Export"); });
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    QAction* exportFigure = exportMenu->addAction(QString());
    QAction* exportCsv = exportMenu->addAction(QString());
    mTexts.setText(exportFigure, [] { return tr("Figure (PDF, SVG, PNG)…"); });
    mTexts.setText(exportCsv, [] { return tr("Data (CSV)…"); });
    exportButton->setMenu(exportMenu);
    auto* curveOptions = new QHBoxLayout;
    curveOptions->addWidget(mTexts.label([] { return tr("Smoothing"); }));
    curveOptions->addWidget(mSmoothing, 1);
    curveOptions->addWidget(smoothingValue);
    curveOptions->addSpacing(12);
    curveOptions->addWidget(mTexts.label([] { return tr("x axis"); }));
    curveOptions->addWidget(mXAxis);
    curveOptions->addWidget(exportButton);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(curveOptions);
    rightLayout->addWidget(mCurves, 1);
    mCurves->setMinimumHeight(300);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addLayout(form);
    // Beside the form's rows, a wrapped status is given too little height by QFormLayout
    // (its last line cut off); a box layout asks the label for its height at the width.
    leftLayout->addWidget(mStatus);
    leftLayout->addWidget(mComparedRuns);
    leftLayout->addWidget(mLog, 1);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Run folder"), mRun->text().isEmpty() ? mRunsDirectory : mRun->text());
        if (!dir.isEmpty())
            mRun->setText(dir);
    });
    connect(mChooseDataset, &QPushButton::clicked, this, [this] {
        const QString start = datasetRoot().isEmpty() ? QDir::homePath() : datasetRoot();
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Dataset to train on (CVUSA, CVACT, pairs.csv or VIGOR folder)"), start);
        if (!dir.isEmpty())
            chooseDataset(dir);
    });
    // A protocol without its split files is named at once, not when Start is pressed.
    connect(mForm, &TrainingForm::protocolChanged, this, [this] {
        if (!mVigorRoot.isEmpty() && !isTraining())
            checkVigorFiles(mForm->config().protocol);
    });
    connect(mStart, &QPushButton::clicked, this, &TrainingWorkspace::start);
    connect(mResume, &QPushButton::clicked, this, &TrainingWorkspace::resume);
    connect(mStop, &QPushButton::clicked, this, &TrainingWorkspace::stop);
    connect(mSmoothing, &QSlider::valueChanged, this, [this, smoothingValue](int value) {
        mCurves->setSmoothing(value / 100.0);
        smoothingValue->setText(localNumber(value / 100.0, 2));
    });
    connect(mXAxis, &QComboBox::currentIndexChanged, this, [this] {
        mCurves->setXAxis(static_cast<TrainingCurves::XAxis>(mXAxis->currentData().toInt()));
    });
    connect(exportFigure, &QAction::triggered, this, [this] {
        RecallFigure::Options initial;
        FigureExportDialog dialog(initial, this);
        dialog.hideRecallOptions();
        if (dialog.exec() != QDialog::Accepted)
            return;
        QString error;
        try {
            if (!this->exportFigure(dialog.path(), dialog.options(), &error))
                QMessageBox::warning(this, tr("Export"), error);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Export"), QString::fromUtf8(e.what()));
        }
    });
    connect(exportCsv, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export training data"),
                                                          QString(), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !this->exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    connect(mComparedRuns, &ComparedRunsList::changed, this,
            &TrainingWorkspace::updateComparedRuns);
    connect(mComparedRuns, &ComparedRunsList::refused, this, &TrainingWorkspace::setStatus);
    connect(&mLauncher, &TrainingLauncher::arrived, this, &TrainingWorkspace::follow);
    connect(&mLauncher, &TrainingLauncher::ended, this, [this](const QString& runDir) {
        if (mRedrawPending)
            mCurves->refresh();
        mRedrawPending = false;
        setRunning(false);
        if (RunFolder(runDir.toStdString()).hasCheckpoint())
            emit runReady(runDir);
    });
    mShowRunTimer.setSingleShot(true);
    mShowRunTimer.setInterval(250);
    connect(&mShowRunTimer, &QTimer::timeout, this, &TrainingWorkspace::showRun);
    connect(mRun, &QLineEdit::textChanged, this, [this] {
        if (!isTraining())
            mShowRunTimer.start();
    });
}

TrainingWorkspace::~TrainingWorkspace() = default;

void TrainingWorkspace::showEvent(QShowEvent* event) {
    mComparedRuns->refresh(); // runs trained or copied meanwhile
    QWidget::showEvent(event);
}

void TrainingWorkspace::updateComparedRuns() {
    TrainingHistory current;
    if (!mCurves->histories().empty())
        current = mCurves->histories().front();
    else
        current.name = QFileInfo(mRun->text()).fileName();
    setCurrentHistory(std::move(current));
}

void TrainingWorkspace::setCurrentHistory(TrainingHistory current) {
    mComparedRuns->setShownRun(mRun->text());
    std::vector<TrainingHistory> histories{std::move(current)};
    for (TrainingHistory& compared : mComparedRuns->overlaidHistories())
        histories.push_back(std::move(compared));
    mCurves->setHistories(std::move(histories));
}

bool TrainingWorkspace::exportFigure(const QString& path, const RecallFigure::Options& options,
                                     QString* error) {
    mCurves->setFontSize(options.fontPt);
    const bool saved =
        mCurves->saveFigure(path, options.effectiveWidthPt(), options.heightPt, options.dpi, error);
    mCurves->setFontSize(9); // the widget's own size on screen
    return saved;
}

bool TrainingWorkspace::exportCsv(const QString& path, QString* error) {
    try {
        AtomicFile::writeAll(QFile::encodeName(path).toStdString(), mCurves->csv(),
                             TrainingCurves::csvKind());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void TrainingWorkspace::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    mVigorRoot.clear();
    showDataset();
    if (mRun->text().isEmpty() || !RunFolder::isRun(mRun->text().toStdString()))
        mRun->setText(QDir(mRunsDirectory)
                          .filePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
}

void TrainingWorkspace::setVigorRoot(const QString& root) {
    mVigorRoot = root;
    showDataset();
    if (mRun->text().isEmpty() || !RunFolder::isRun(mRun->text().toStdString()))
        mRun->setText(QDir(mRunsDirectory)
                          .filePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
    if (!isTraining())
        checkVigorFiles(mForm->config().protocol);
}

bool TrainingWorkspace::chooseDataset(const QString& folder) {
    const std::string root = QFile::encodeName(folder).toStdString();
    if (VigorFormat::detect(root)) {
        setVigorRoot(folder);
        return true;
    }
    try {
        Dataset::detectLayout(root); // what the Dataset workspace will open
    } catch (const std::exception& e) {
        setStatus([folder, message = QString::fromUtf8(e.what())] {
            return tr("%1 is neither a one-to-one dataset nor a VIGOR root "
                      "(splits/<City>/satellite_list.txt): %2")
                .arg(folder, message);
        });
        return false;
    }
    emit datasetChosen(folder);
    return true;
}

QString TrainingWorkspace::datasetRoot() const {
    if (!mVigorRoot.isEmpty())
        return mVigorRoot;
    return mDataset ? QString::fromStdString(mDataset->root()) : QString();
}

void TrainingWorkspace::showDataset() {
    const bool vigor = !mVigorRoot.isEmpty();
    mTexts.setText(mDatasetLabel, [root = datasetRoot(), vigor] {
        if (root.isEmpty())
            return tr("No dataset open.");
        return vigor ? tr("VIGOR root: %1").arg(root) : root;
    });
    mDatasetLabel->setToolTip(datasetRoot());
    mForm->setQueryGallery(vigor);
    if (vigor) {
        // Cross-area is defined by VIGOR's four cities; a root of one's own areas has none.
        bool crossArea = true;
        try {
            VigorFormat::citiesOf(QFile::encodeName(mVigorRoot).toStdString(),
                                  VigorProtocol::CrossArea, "train");
        } catch (const std::exception&) {
            crossArea = false;
        }
        mForm->setCrossAreaAvailable(crossArea);
    }
}

bool TrainingWorkspace::checkVigorFiles(const std::string& protocol) {
    try {
        VigorFormat::checkSplitFiles(QFile::encodeName(mVigorRoot).toStdString(),
                                     fromString<VigorProtocol>(protocol), "train");
    } catch (const std::exception& e) {
        mVigorFilesMissing = true;
        setStatus([message = QString::fromUtf8(e.what())] {
            return tr("Cannot train on this VIGOR root: %1").arg(message);
        });
        return false;
    }
    // The message of an earlier check goes when the files are there.
    if (mVigorFilesMissing) {
        mVigorFilesMissing = false;
        showRunFolder();
    }
    return true;
}

QString TrainingWorkspace::runDirectory() const {
    return mRun->text();
}

void TrainingWorkspace::setRunDirectory(const QString& run) {
    mRun->setText(run);
    mShowRunTimer.stop();
    showRun();
}

TrainingConfig TrainingWorkspace::formConfig() const {
    TrainingConfig config = mForm->config();
    if (!mVigorRoot.isEmpty()) {
        // What `orinet train --dataset ROOT --protocol P --val-holdout F` records.
        config.dataset = QFile::encodeName(mVigorRoot).toStdString();
        config.layout = "vigor";
    } else if (mDataset) {
        config.dataset = mDataset->root();
        config.layout = toString(mDataset->layout());
    }
    if (mVigorRoot.isEmpty()) { // the rows may show a VIGOR run's settings
        config.protocol.clear();
        config.validationHoldout = 0;
    }
    return config;
}

bool TrainingWorkspace::showHistory(const QString& runDir, int64_t upToStep, int upToEpochs) {
    try {
        TrainingHistory history = runhistory::read(runDir.toStdString(), upToStep, upToEpochs);
        // The finished epochs' lines, as they were shown while the run trained.
        mLog->clear();
        for (const TrainingHistory::Epoch& e : history.epochs)
            mLog->appendPlainText(epochText(e));
        setCurrentHistory(std::move(history));
        return true;
    } catch (const std::exception& e) {
        mCurves->setHistories({});
        setStatus([message = QString::fromUtf8(e.what())] {
            return tr("Cannot read the run's history: %1").arg(message);
        });
        return false;
    }
}

void TrainingWorkspace::showRun() {
    showRunFolder();
    // A VIGOR root without the files of the form's protocol: that is what the status says.
    if (!mVigorRoot.isEmpty() && !isTraining())
        checkVigorFiles(mForm->config().protocol);
}

void TrainingWorkspace::showRunFolder() {
    if (isTraining())
        return;
    const QString dir = mRun->text();
    const RunFolder folder(dir.toStdString());
    mLog->clear();
    if (dir.isEmpty() || !RunFolder::isRun(folder.directory())) {
        // A new run: nothing of another run stays on screen.
        mForm->setQueryGallery(!mVigorRoot.isEmpty());
        TrainingHistory empty;
        empty.name = QFileInfo(dir).fileName();
        setCurrentHistory(empty);
        setStatus([empty = dir.isEmpty()] {
            return empty ? QString() : tr("New run: Start trains into this folder.");
        });
        return;
    }
    try {
        TrainingConfig saved;
        bool checkpoint = folder.hasCheckpoint();
        int done = 0;
        int64_t step = 0;
        if (checkpoint) {
            const Checkpoint header = Checkpoint::loadHeader(folder.lastCheckpoint());
            saved = header.config;
            done = header.state.completedEpochs();
            step = header.state.step;
        } else {
            saved = folder.savedConfig();
        }
        mForm->showConfig(saved);
        // A VIGOR run shows its protocol and holdout, whatever dataset is open.
        mForm->setQueryGallery(!mVigorRoot.isEmpty() || !saved.protocol.empty());
        if (!showHistory(dir))
            return;
        const QString otherDataset =
            !datasetRoot().isEmpty() && !saved.dataset.empty() &&
                    QFileInfo(QFile::decodeName(saved.dataset.c_str())) != QFileInfo(datasetRoot())
                ? QFile::decodeName(saved.dataset.c_str())
                : QString();
        setStatus([name = QFileInfo(dir).fileName(), checkpoint, done, step, epochs = saved.epochs,
                   otherDataset] {
            const QString state =
                !checkpoint ? tr("no checkpoint yet, so it cannot be resumed; Start trains it "
                                 "anew in another folder")
                : done >= epochs
                    ? tr("all %1 epochs done (step %2); raise Epochs and Resume to train on")
                          .arg(epochs)
                          .arg(QLocale().toString(qlonglong(step)))
                    : tr("%1 of %2 epochs done (step %3); Resume continues it")
                          .arg(done)
                          .arg(epochs)
                          .arg(QLocale().toString(qlonglong(step)));
            QString text = tr("Run %1: %2. The form shows its saved settings.").arg(name, state);
            if (!otherDataset.isEmpty())
                text +=
                    ' ' + tr("It was trained on %1, not on the open dataset.").arg(otherDataset);
            return text;
        });
    } catch (const std::exception& e) {
        mCurves->setHistories({});
        setStatus([message = QString::fromUtf8(e.what())] {
            return tr("Cannot read the run: %1").arg(message);
        });
    }
}

void TrainingWorkspace::start() {
    if (isTraining())
        return;
    mShowRunTimer.stop();
    const QString dir = mRun->text();
    if (dir.isEmpty()) {
        setStatus([] { return tr("Choose a run folder first."); });
        return;
    }
    // Refused before anything changes: the screen then shows that folder's run, never the
    // previous one's curves.
    if (RunFolder(dir.toStdString()).hasCheckpoint()) {
        showRun();
        setStatus([dir] {
            return tr("%1 already holds a run (shown). Resume continues it; for a new run choose "
                      "another folder.")
                .arg(dir);
        });
        return;
    }
    TrainingConfig config;
    try {
        config = formConfig();
        config.validate();
    } catch (const std::exception& e) {
        setStatus([message = QString::fromUtf8(e.what())] { return message; });
        return;
    }
    // A missing split file is named before the run folder is made.
    if (!mVigorRoot.isEmpty() && !checkVigorFiles(config.protocol))
        return;
    TrainingHistory empty;
    empty.name = QFileInfo(dir).fileName();
    setCurrentHistory(empty);
    mLog->clear();
    launch(config, false, {mDataset, mVigorRoot});
}

void TrainingWorkspace::resume() {
    if (isTraining())
        return;
    mShowRunTimer.stop();
    const QString dir = mRun->text();
    const RunFolder folder(dir.toStdString());
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) {
        setStatus([dir] { return tr("There is no run folder at '%1' to resume.").arg(dir); });
        return;
    }
    if (!folder.hasCheckpoint()) {
        showRun();
        setStatus([dir, file = QString::fromStdString(folder.lastCheckpoint())] {
            return tr("%1 has no checkpoint to resume from (%2 is missing). Start trains a new "
                      "run.")
                .arg(dir, file);
        });
        return;
    }
    Checkpoint saved;
    try {
        saved = Checkpoint::loadHeader(folder.lastCheckpoint());
    } catch (const std::exception& e) {
        setStatus([message = QString::fromUtf8(e.what())] {
            return tr("Cannot resume: %1").arg(message);
        });
        return;
    }
    // A VIGOR run resumes on the VIGOR root chosen, else on the one it was trained on (the
    // folder it names); a one-to-one run on the open dataset. A run of the other kind is
    // refused, as `orinet train --resume` refuses it.
    const bool vigorRun = saved.config.layout == "vigor";
    TrainingLauncher::Input input{mDataset, QString()};
    if (vigorRun) {
        input.vigorRoot =
            mVigorRoot.isEmpty() ? QFile::decodeName(saved.config.dataset.c_str()) : mVigorRoot;
        if (!VigorFormat::detect(QFile::encodeName(input.vigorRoot).toStdString())) {
            setStatus([root = input.vigorRoot] {
                return tr("Cannot resume: the run was trained on the VIGOR root %1, which is no "
                          "VIGOR root now (splits/<City>/satellite_list.txt is missing). Choose "
                          "the dataset it was trained on.")
                    .arg(root);
            });
            return;
        }
    } else if (!mVigorRoot.isEmpty()) {
        setStatus([root = mVigorRoot, dataset = QFile::decodeName(saved.config.dataset.c_str())] {
            return tr("Cannot resume: %1 is a VIGOR root, but the run was trained on a one-to-one "
                      "dataset (%2). Choose that dataset to resume it.")
                .arg(root, dataset);
        });
        return;
    }
    // The CLI's policy: what the form changed counts as given on the command line.
    std::vector<std::string> kept;
    TrainingConfig config = saved.config;
    TrainingConfig requested;
    try {
        requested = formConfig();
        requested.dataset = saved.config.dataset;
        requested.layout = saved.config.layout;
        config = TrainingConfig::resumed(
            saved.config, requested, mForm->changedSettings(saved.config), saved.state.step, &kept);
        config.validate();
    } catch (const std::exception& e) {
        setStatus([message = QString::fromUtf8(e.what())] {
            return tr("Cannot resume: %1").arg(message);
        });
        return;
    }
    mForm->showConfig(config);
    // The history the resumed run continues: what the checkpoint covers (the trainer drops
    // later records from the log).
    if (!showHistory(dir, saved.state.step, saved.state.recordedEpochs))
        return;
    // The core's notes are English sentences for the CLI ("key: the run's … is kept, …"):
    // the window says the same in its language, from the key and the two configurations.
    for (const std::string& line : kept) {
        const std::string key = line.substr(0, line.find(':'));
        mLog->appendPlainText(tr("note: resuming keeps the run's %1 %2 (the form had %3)")
                                  .arg(TrainingForm::settingName(key),
                                       TrainingForm::settingValue(saved.config, key),
                                       TrainingForm::settingValue(requested, key)));
    }
    if (saved.state.completedEpochs() >= config.epochs &&
        saved.state.recordedEpochs >= config.epochs) {
        setStatus([epochs = config.epochs] {
            return tr("The run has done all its %1 epochs; raise Epochs to train on.").arg(epochs);
        });
        return;
    }
    if (vigorRun) {
        try {
            VigorFormat::checkSplitFiles(QFile::encodeName(input.vigorRoot).toStdString(),
                                         fromString<VigorProtocol>(config.protocol), "train");
        } catch (const std::exception& e) {
            setStatus([message = QString::fromUtf8(e.what())] {
                return tr("Cannot resume: %1").arg(message);
            });
            return;
        }
    }
    launch(config, true, input);
}

void TrainingWorkspace::setDatasetProblems(int pairs, const QString& summary) {
    mProblemPairs = pairs;
    mProblems = summary;
}

void TrainingWorkspace::stop() {
    if (BackgroundJob* job = mLauncher.job()) {
        job->cancel();
        setStatus(
            [] { return tr("Stopping after the current step; a checkpoint will be written."); });
    }
}

void TrainingWorkspace::launch(const TrainingConfig& trainingConfig, bool resume,
                               const TrainingLauncher::Input& input) {
    const bool vigor = !input.vigorRoot.isEmpty();
    if (!vigor && !input.dataset) {
        setStatus([] { return tr("Open a dataset first."); });
        return;
    }
    if (!vigor && !input.dataset->hasSplit("train")) {
        setStatus([] { return tr("The dataset has no 'train' split."); });
        return;
    }
    // The Dataset workspace's problems are the open one-to-one dataset's.
    if (!vigor && mProblemPairs > 0) {
        // A training stops at the first unreadable pair: say so before, not an hour later.
        QMessageBox box(QMessageBox::Warning, tr("Train"),
                        tr("The dataset has %n pair(s) with known problems. A training stops "
                           "at the first one it cannot read.",
                           "", mProblemPairs),
                        QMessageBox::NoButton, this);
        box.setInformativeText(tr("Leave them out in the Dataset workspace (Leave Out Bad "
                                  "Pairs), or train anyway."));
        box.setDetailedText(mProblems);
        QPushButton* anyway = box.addButton(tr("Train Anyway"), QMessageBox::AcceptRole);
        anyway->setObjectName("trainAnyway");
        QPushButton* cancel = box.addButton(QMessageBox::Cancel);
        cancel->setObjectName("dontTrain");
        box.setDefaultButton(cancel);
        box.exec();
        if (box.clickedButton() != anyway) {
            setStatus([] { return tr("Not started: the dataset has known problems."); });
            return;
        }
    }
    const QString runDir = mRun->text();
    BackgroundJob* job = mLauncher.prepare(resume ? tr("Resuming training") : tr("Training"), input,
                                           runDir, trainingConfig, resume);
    if (!job)
        return;
    connect(job, &BackgroundJob::succeeded, this, [this] {
        setStatus([] { return tr("Finished. Evaluate the run in the Evaluation tab."); });
    });
    connect(job, &BackgroundJob::canceled, this, [this] {
        setStatus(
            [] { return tr("Stopped; the last checkpoint is kept. Resume continues the run."); });
    });
    connect(job, &BackgroundJob::failed, this, [this](const QString& message) {
        setStatus([message] { return tr("Training stopped: %1").arg(message); });
        mLog->appendPlainText(tr("error: %1").arg(message));
    });
    // The trainer's own progress message has no rounded loss: show ours. The time left is the
    // trainer's (it counts steps), so the status bar shows that one figure, not its own.
    mProgressText.clear();
    mRemaining = std::nan("");
    job->setMessageSource([this] { return mProgressText; });
    job->setRemainingSource([this] { return mRemaining; });
    setRunning(true);
    setStatus([resume, name = QFileInfo(runDir).fileName()] {
        return resume ? tr("Resuming %1 with %n thread(s)…", "", runtime::threads()).arg(name)
                      : tr("Training with %n thread(s)…", "", runtime::threads());
    });
    emit jobStarted(job);
    job->start();
}

QString TrainingWorkspace::epochText(const TrainingHistory::Epoch& e) {
    const QLocale locale; // decimal commas in German, as on the curves' axes
    if (!std::isfinite(e.recallAtOnePercent))
        return tr("epoch %1: loss %2").arg(e.epoch).arg(locale.toString(e.meanLoss, 'f', 4));
    auto percent = [&locale](double fraction) { return locale.toString(100 * fraction, 'f', 2); };
    // No-break spaces: a wrapped line never starts with "%".
    if (std::isfinite(e.hitRate)) // held-out panoramas against the whole gallery (VIGOR)
        return tr("epoch %1: loss %2 · held-out vs gallery r@1 %3 % · r@5 %4 % · "
                  "r@10 %5 % · r@1% %6 % · hit rate %7 %")
            .arg(e.epoch)
            .arg(locale.toString(e.meanLoss, 'f', 4))
            .arg(percent(e.recallAt1), percent(e.recallAt5), percent(e.recallAt10),
                 percent(e.recallAtOnePercent), percent(e.hitRate));
    return tr("epoch %1: loss %2 · val r@1 %3 % · r@1% %4 %")
        .arg(e.epoch)
        .arg(locale.toString(e.meanLoss, 'f', 4))
        .arg(locale.toString(100 * e.recallAt1, 'f', 2))
        .arg(locale.toString(100 * e.recallAtOnePercent, 'f', 2));
}

QString TrainingWorkspace::progressText(const TrainingProgress& p) {
    QString text = tr("epoch %1/%2 · step %3/%4 · loss %5")
                       .arg(p.epoch)
                       .arg(p.epochs)
                       .arg(QLocale().toString(qlonglong(p.step)))
                       .arg(QLocale().toString(qlonglong(p.totalSteps)))
                       .arg(QLocale().toString(p.loss, 'g', 4));
    if (p.stepsPerEpoch > 0 && p.stepInEpoch == p.stepsPerEpoch)
        text += QStringLiteral(" · ") + tr("ending the epoch (validation, checkpoint)");
    return text;
}

double TrainingWorkspace::remainingSeconds(const TrainingProgress& p) {
    return p.step >= p.totalSteps ? std::nan("") : p.etaSeconds;
}

void TrainingWorkspace::follow(const std::vector<TrainingLauncher::Record>& records) {
    bool epochEnded = false;
    for (const TrainingLauncher::Record& r : records) {
        mRedrawPending = true;
        if (!r.isEpoch) {
            mCurves->appendStep(0, r.step);
            mProgressText = progressText(r.progress);
            mRemaining = remainingSeconds(r.progress);
            continue;
        }
        epochEnded = true;
        mCurves->appendEpoch(0, r.epoch);
        mLog->appendPlainText(epochText(r.epoch));
    }
    if (!records.empty() && !mProgressText.isEmpty() && isTraining()) {
        const QString left = JobStatusWidget::remainingText(mRemaining);
        setStatus([text = mProgressText, left] { // both made with tr()
            return left.isEmpty() ? text : text + QStringLiteral(" · ") + left;
        });
    }
    // Redrawing smooths and re-plots the whole history: a few times a second is live enough,
    // and a fast run (many steps per second) does not keep the GUI thread busy.
    if (mRedrawPending && (epochEnded || !mLastRedraw.isValid() || mLastRedraw.elapsed() > 500)) {
        mCurves->refresh();
        mLastRedraw.start();
        mRedrawPending = false;
    }
}

void TrainingWorkspace::setStatus(std::function<QString()> text) {
    mTexts.setText(mStatus, std::move(text));
}

void TrainingWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        mForm->retranslate();
    }
    QWidget::changeEvent(event);
}

void TrainingWorkspace::setRunning(bool running) {
    mStart->setEnabled(!running);
    mResume->setEnabled(!running);
    mStop->setEnabled(running);
    // The settings of a running training cannot change.
    mRun->setEnabled(!running);
    mChooseDataset->setEnabled(!running);
    mForm->setEditable(!running);
}

} // namespace orinet
