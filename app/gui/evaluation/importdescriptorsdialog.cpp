#include "gui/evaluation/importdescriptorsdialog.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "evaluation/descriptorimport.h"
#include "metrics/direction.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace orinet {

struct ImportDescriptorsDialog::Preview {
    DescriptorImport::Options options;
    std::string split;
    DescriptorImport::Result result;
};

ImportDescriptorsDialog::ImportDescriptorsDialog(std::shared_ptr<const Dataset> dataset,
                                                 const QString& split, QWidget* parent)
    : JobDialog(parent)
    , mDataset(std::move(dataset))
    , mMethod(new QLineEdit)
    , mSplit(new QComboBox)
    , mDirection(new QComboBox) {
    addPreviewAndWrite(
        "import", [] { return tr("Import and Evaluate"); }, [this] { preview(); },
        [this] { import(); });
    const Browse descriptors{Browse::Kind::File, [] { return tr("Descriptors"); },
                             [] {
                                 return tr("Descriptors (*.npy *.mat *.pt *.pth);;Ids (*.txt "
                                           "*.csv);;All files (*)");
                             }};
    const auto besideGround = [this] { return mGround->text(); };
    mGround = fileField("ground", descriptors);
    mSatellite = fileField("satellite", descriptors, besideGround);
    mGroundIds = fileField("groundIds", descriptors, besideGround);
    mSatelliteIds = fileField("satelliteIds", descriptors, besideGround);
    mOut =
        fileField("out", {Browse::Kind::Folder, [] { return tr("Run folder"); }, {}}, besideGround);
    texts().set(this, "windowTitle", [] { return tr("Import Descriptors of Another Method"); });
    mMethod->setObjectName("method");
    mSplit->setObjectName("split");
    mDirection->setObjectName("direction");
    texts().setPlaceholder(mMethod, [] { return tr("e.g. Sample4Geo"); });
    texts().setPlaceholder(mGround, [] { return tr(".npy, .mat or .pt (N × D)"); });
    texts().setPlaceholder(mSatellite, [] { return tr(".npy, .mat or .pt (N × D)"); });
    texts().setPlaceholder(mGroundIds,
                           [] { return tr("optional: one pair id per line, row by row"); });
    texts().setPlaceholder(mSatelliteIds,
                           [] { return tr("optional: one pair id per line, row by row"); });
    texts().setPlaceholder(mOut, [] { return tr("a new folder, or this method's imported run"); });
    if (mDataset)
        for (const std::string& name : mDataset->splitNames())
            mSplit->addItem(QString::fromStdString(name));
    mSplit->setCurrentText(split);
    mDirection->addItem(QString(), QStringLiteral("g2s"));
    mDirection->addItem(QString(), QStringLiteral("s2g"));
    mDirection->addItem(QString(), QStringLiteral("both"));
    texts().bind(mDirection, "items", [this] {
        mDirection->setItemText(0, tr("ground → satellite"));
        mDirection->setItemText(1, tr("satellite → ground"));
        mDirection->setItemText(2, tr("both directions"));
    });
    statusPanel()->setMinimumHeight(110);
    showStatus([] {
        return tr("Preview reads both files and checks them against the split: rows, "
                  "dimension, ids, finite values, unit length. Nothing is written until Import.");
    });

    auto* form = new QFormLayout;
    form->addRow(texts().label([] { return tr("Method"); }), mMethod);
    form->addRow(texts().label([] { return tr("Ground descriptors"); }), row(mGround));
    form->addRow(texts().label([] { return tr("Satellite descriptors"); }), row(mSatellite));
    form->addRow(texts().label([] { return tr("Ground ids"); }), row(mGroundIds));
    form->addRow(texts().label([] { return tr("Satellite ids"); }), row(mSatelliteIds));
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(mSplit);
    splitRow->addWidget(mDirection);
    splitRow->addStretch(1);
    form->addRow(texts().label([] { return tr("Split"); }), splitRow);
    form->addRow(texts().label([] { return tr("Run folder"); }), row(mOut));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(statusPanel(), 1);
    layout->addWidget(progress());
    layout->addWidget(buttons());
    resize(720, sizeHint().height());

    for (QLineEdit* field : {mMethod, mGround, mSatellite, mGroundIds, mSatelliteIds})
        connect(field, &QLineEdit::textChanged, this, &ImportDescriptorsDialog::previewInvalidated);
    connect(mSplit, &QComboBox::currentIndexChanged, this,
            &ImportDescriptorsDialog::previewInvalidated);
    // A run folder beside the ground file, named after the method, until the user names one.
    auto suggestOut = [this] {
        if (mOut->isModified() || mGround->text().isEmpty())
            return;
        QString name = mMethod->text().trimmed().toLower();
        name.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
        mOut->setText(QFileInfo(mGround->text())
                          .absoluteDir()
                          .filePath((name.isEmpty() ? QStringLiteral("imported") : name) +
                                    QStringLiteral("-run")));
    };
    connect(mMethod, &QLineEdit::textChanged, this, suggestOut);
    connect(mGround, &QLineEdit::textChanged, this, suggestOut);
}

ImportDescriptorsDialog::~ImportDescriptorsDialog() = default;

QString ImportDescriptorsDialog::split() const {
    return mSplit->currentText();
}

QString ImportDescriptorsDialog::direction() const {
    return mDirection->currentData().toString();
}

void ImportDescriptorsDialog::previewInvalidated() {
    mPreview.reset();
    setPreviewed(false);
}

void ImportDescriptorsDialog::preview() {
    if (jobRunning())
        return;
    previewInvalidated();
    if (!mDataset)
        return fail(tr("Open the dataset the descriptors describe first: its split gives the "
                       "rows their pairs."));
    auto options = std::make_shared<DescriptorImport::Options>();
    options->method = mMethod->text().trimmed().toStdString();
    options->groundFile = mGround->text().toStdString();
    options->satelliteFile = mSatellite->text().toStdString();
    options->groundIdsFile = mGroundIds->text().toStdString();
    options->satelliteIdsFile = mSatelliteIds->text().toStdString();
    if (options->method.empty())
        return fail(tr("Name the method: results and figures call the run by it."));
    if (options->groundFile.empty() || options->satelliteFile.empty())
        return fail(tr("Choose the ground and the satellite descriptor files."));
    const std::string split = mSplit->currentText().toStdString();
    const std::shared_ptr<const Dataset> dataset = mDataset;
    auto found = std::make_shared<Preview>();
    runJob(
        tr("Reading descriptors"),
        [=](Feedback& feedback) {
            std::vector<std::string> ids;
            for (size_t i : dataset->split(split))
                ids.push_back(dataset->pairs()[i].id);
            found->options = *options;
            found->split = split;
            found->result = DescriptorImport::read(*options, split, ids, feedback);
        },
        [this, found] {
            mPreview = found;
            setPreviewed(true);
            showPreview(*found);
        },
        /*determinate=*/true);
}

void ImportDescriptorsDialog::showPreview(const Preview& preview) {
    showStatus([preview = std::make_shared<Preview>(preview)] {
        const DescriptorImport::Result& r = preview->result;
        QString text;
        for (const ImportRecord::Source& s : r.sources) {
            const QString file = QFileInfo(QString::fromStdString(s.file)).fileName();
            text += s.dimension >= 0
                        ? tr("%1: <b>%2</b> — %3 rows × %4 (%5)")
                              .arg(QString::fromStdString(s.role), file.toHtmlEscaped(),
                                   QLocale().toString(qlonglong(s.rows)),
                                   QLocale().toString(qlonglong(s.dimension)),
                                   QString::fromStdString(s.format))
                        : tr("%1: <b>%2</b> — %3 ids")
                              .arg(QString::fromStdString(s.role), file.toHtmlEscaped(),
                                   QLocale().toString(qlonglong(s.rows)));
            text += QStringLiteral("<br>");
        }
        text +=
            tr("Matched all %1 pairs of split '%2'; ground rows %3, satellite rows %4.")
                .arg(QLocale().toString(r.set.ground.rows),
                     QString::fromStdString(preview->split).toHtmlEscaped(),
                     r.groundReordered ? tr("reordered by their ids") : tr("in the split's order"),
                     r.satelliteReordered ? tr("reordered by their ids")
                                          : tr("in the split's order"));
        for (const std::string& note : r.notes())
            text += QStringLiteral("<br>") + QString::fromStdString(note).toHtmlEscaped();
        return text;
    });
}

void ImportDescriptorsDialog::import() {
    if (!mPreview || jobRunning())
        return;
    const QString out = mOut->text().trimmed();
    if (out.isEmpty())
        return fail(tr("Choose the run folder to write."));
    std::vector<std::string> directions;
    if (direction() == QStringLiteral("both"))
        for (metrics::Direction d :
             {metrics::Direction::GroundToSatellite, metrics::Direction::SatelliteToGround})
            directions.push_back(metrics::toString(d));
    else
        directions.push_back(direction().toStdString());
    const std::shared_ptr<Preview> preview = mPreview;
    const std::string root = mDataset->root();
    runJob(
        tr("Importing descriptors"),
        [=](Feedback&) {
            const RunFolder run(out.toStdString());
            DescriptorImport::checkTarget(run, preview->options.method);
            DescriptorImport::save(preview->result, run, root, directions);
        },
        [this, out] {
            mImportedRun = out;
            accept();
        },
        /*determinate=*/true);
}

} // namespace orinet
