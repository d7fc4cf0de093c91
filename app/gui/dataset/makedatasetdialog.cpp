#include "gui/dataset/makedatasetdialog.h"

#include "annotationlayer.h"
#include "mapcanvas.h"
#include "palette.h"
#include "rasterlayer.h"

#include "common/feedback.h"
#include "dataset/datasetmaker.h"
#include "geo/rastersource.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace orinet {

namespace {

//! Outlines beyond this many are left out of the preview: a grid of a whole city would hide
//! the orthophoto under lines (its extent is still drawn).
constexpr size_t kMaxTileOutlines = 3000;

QPolygonF square(const MakeDatasetPlan::Point& centre, double side) {
    const double h = side / 2;
    return QPolygonF({QPointF(centre.x - h, centre.y - h), QPointF(centre.x + h, centre.y - h),
                      QPointF(centre.x + h, centre.y + h), QPointF(centre.x - h, centre.y + h),
                      QPointF(centre.x - h, centre.y - h)});
}

} // namespace

struct MakeDatasetDialog::Preview {
    std::shared_ptr<MakeDatasetOptions> options;
    MakeDatasetPlan plan;
    std::shared_ptr<const RasterSource> raster;
};

MakeDatasetDialog::MakeDatasetDialog(QWidget* parent)
    : JobDialog(parent)
    , mLayout(new QComboBox)
    , mArea(new QLineEdit)
    , mTileSize(new QSpinBox)
    , mTileMetres(new QDoubleSpinBox)
    , mValShare(new QDoubleSpinBox)
    , mTestShare(new QDoubleSpinBox)
    , mMap(new MapCanvas)
    , mPlan(new AnnotationLayer("plan", this)) {
    addPreviewAndWrite(
        "make", [] { return tr("Make Dataset"); }, [this] { preview(); }, [this] { make(); });
    texts().set(this, "windowTitle", [] { return tr("Make a Dataset of Your Own Area"); });
    const auto besidePositions = [this] { return mPositions->text(); };
    mOrthophoto = fileField("orthophoto", {Browse::Kind::File, [] { return tr("Orthophoto"); },
                                           [] {
                                               return tr("Rasters (*.tif *.tiff *.vrt *.jp2 "
                                                         "*.img);;All files (*)");
                                           }});
    mPositions = fileField("positions",
                           {Browse::Kind::File, [] { return tr("Panorama positions"); },
                            [] { return tr("CSV files (*.csv);;All files (*)"); }},
                           [this] { return mOrthophoto->text(); });
    mOut = fileField("out", {Browse::Kind::Folder, [] { return tr("Dataset folder"); }, {}},
                     besidePositions);
    texts().setPlaceholder(mOrthophoto, [] { return tr("north-up GeoTIFF in metres (e.g. UTM)"); });
    texts().setPlaceholder(mPositions,
                           [] { return tr("CSV: file,lat,lon[,heading][,id][,split]"); });
    texts().setPlaceholder(mOut, [] { return tr("a new folder, or one made here before"); });
    mLayout->setObjectName("layout");
    mLayout->addItem(QString(), QStringLiteral("centred"));
    mLayout->addItem(QString(), QStringLiteral("vigor"));
    texts().bind(mLayout, "items", [this] {
        mLayout->setItemText(0, tr("A tile centred on each panorama (pairs.csv)"));
        mLayout->setItemText(1, tr("VIGOR's grid of overlapping tiles"));
    });
    texts().setToolTip(mLayout, [] {
        return tr("Centred: one tile per panorama, as CVUSA and CVACT. VIGOR's grid: tiles "
                  "overlapping by half a tile over the area, each panorama with a positive and "
                  "three semi-positive tiles (docs/vigor.md)");
    });
    mArea->setObjectName("area");
    mArea->setText(QString::fromStdString(MakeDatasetOptions().area));
    texts().setToolTip(
        mArea, [] { return tr("The area's name, naming its folders (letters, digits, - and _)"); });
    const MakeDatasetOptions defaults;
    mTileSize->setObjectName("tileSize");
    mTileSize->setRange(16, 4096);
    mTileSize->setValue(defaults.tileSize);
    texts().set(mTileSize, "suffix", [] { return tr(" px"); });
    mTileMetres->setObjectName("tileMetres");
    mTileMetres->setRange(1, 10000);
    mTileMetres->setDecimals(1);
    mTileMetres->setValue(defaults.tileMetres);
    texts().set(mTileMetres, "suffix", [] { return tr(" m"); });
    for (QDoubleSpinBox* share : {mValShare, mTestShare}) {
        share->setRange(0, 100);
        share->setDecimals(0);
        texts().set(share, "suffix", [] { return tr(" %"); });
    }
    mValShare->setObjectName("valShare");
    mTestShare->setObjectName("testShare");
    mValShare->setValue(100 * defaults.valFraction);
    mTestShare->setValue(100 * defaults.testFraction);
    texts().setToolTip(mValShare, [] {
        return tr("Of the panoramas without a split in the CSV: the share drawn into val, and "
                  "into test (VIGOR's grid has train and test only: val goes to test)");
    });
    mTestShare->setToolTip(mValShare->toolTip());
    statusPanel()->setMinimumHeight(120);
    showStatus([] {
        return tr("Preview reads the positions and places every panorama and tile on the "
                  "orthophoto, as Make will cut them. Nothing is written until Make.");
    });

    mMap->setObjectName("previewMap");
    mMap->setMinimumSize(420, 420);
    mMap->addLayer(mPlan);

    auto* tileRow = new QHBoxLayout;
    tileRow->addWidget(mTileSize);
    tileRow->addWidget(texts().label([] { return tr("over"); }));
    tileRow->addWidget(mTileMetres);
    tileRow->addStretch(1);
    auto* shareRow = new QHBoxLayout;
    shareRow->addWidget(texts().label([] { return tr("val"); }));
    shareRow->addWidget(mValShare);
    shareRow->addWidget(texts().label([] { return tr("test"); }));
    shareRow->addWidget(mTestShare);
    shareRow->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(texts().label([] { return tr("Orthophoto"); }), row(mOrthophoto));
    form->addRow(texts().label([] { return tr("Positions"); }), row(mPositions));
    form->addRow(texts().label([] { return tr("Layout"); }), mLayout);
    form->addRow(texts().label([] { return tr("Area name"); }), mArea);
    form->addRow(texts().label([] { return tr("Tiles"); }), tileRow);
    form->addRow(texts().label([] { return tr("Drawn splits"); }), shareRow);
    form->addRow(texts().label([] { return tr("Dataset folder"); }), row(mOut));
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(statusPanel(), 1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(mMap, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(progress());
    layout->addWidget(buttons());
    resize(1100, 560);

    for (QLineEdit* field : {mOrthophoto, mPositions, mOut, mArea})
        connect(field, &QLineEdit::textChanged, this, &MakeDatasetDialog::previewInvalidated);
    connect(mLayout, &QComboBox::currentIndexChanged, this, [this] {
        const bool grid = mLayout->currentData().toString() == QLatin1String("vigor");
        mArea->setEnabled(grid);
        mValShare->setEnabled(!grid);
        previewInvalidated();
    });
    mArea->setEnabled(false);
    connect(mTileSize, &QSpinBox::valueChanged, this, &MakeDatasetDialog::previewInvalidated);
    for (QDoubleSpinBox* box : {mTileMetres, mValShare, mTestShare})
        connect(box, &QDoubleSpinBox::valueChanged, this, &MakeDatasetDialog::previewInvalidated);
    // A dataset folder beside the positions file, named after it, until the user names one.
    connect(mPositions, &QLineEdit::textChanged, this, [this] {
        if (mOut->isModified() || mPositions->text().isEmpty())
            return;
        const QFileInfo csv(mPositions->text());
        mOut->setText(csv.absoluteDir().filePath(csv.completeBaseName() + "-dataset"));
    });
}

MakeDatasetDialog::~MakeDatasetDialog() = default;

MakeDatasetOptions MakeDatasetDialog::options() const {
    MakeDatasetOptions o;
    o.orthophoto = mOrthophoto->text().trimmed().toStdString();
    o.positions = mPositions->text().trimmed().toStdString();
    o.outDir = mOut->text().trimmed().toStdString();
    o.layout = mLayout->currentData().toString() == QLatin1String("vigor")
                   ? MakeDatasetOptions::Layout::VigorGrid
                   : MakeDatasetOptions::Layout::Centred;
    o.area = mArea->text().trimmed().toStdString();
    o.tileSize = mTileSize->value();
    o.tileMetres = mTileMetres->value();
    o.valFraction = mValShare->isEnabled() ? mValShare->value() / 100 : 0;
    o.testFraction = mTestShare->value() / 100;
    return o;
}

void MakeDatasetDialog::previewInvalidated() {
    mPreview.reset();
    setPreviewed(false);
}

void MakeDatasetDialog::preview() {
    if (jobRunning())
        return;
    previewInvalidated();
    const auto o = std::make_shared<MakeDatasetOptions>(options());
    if (o->orthophoto.empty() || o->positions.empty())
        return fail(tr("Choose the orthophoto and the positions file."));
    if (o->outDir.empty())
        return fail(tr("Choose the dataset folder to write."));
    if (mValShare->value() + mTestShare->value() > 100)
        return fail(tr("The val and test shares add up to more than 100 %."));
    auto found = std::make_shared<Preview>();
    found->options = o;
    runJob(
        tr("Placing the panoramas"),
        [found](Feedback&) {
            found->plan = DatasetMaker::plan(*found->options);
            found->raster = RasterSource::open(found->options->orthophoto);
        },
        [this, found] {
            mPreview = found;
            setPreviewed(true);
            showPreview(*found);
        });
}

void MakeDatasetDialog::showPreview(const Preview& preview) {
    const MakeDatasetPlan& plan = preview.plan;
    if (!mBase || mBase->source()->path() != preview.raster->path()) {
        if (mBase) {
            mMap->removeLayer(mBase);
            mBase->deleteLater();
        }
        mBase = new RasterLayer(
            preview.raster,
            QFileInfo(QString::fromStdString(preview.options->orthophoto)).fileName(), this);
        mMap->addLayer(mBase, 0);
        mMap->setCrs(preview.raster->crs());
    }
    std::vector<AnnotationLayer::Line> lines;
    if (plan.tiles.size() <= kMaxTileOutlines) {
        for (const MakeDatasetPlan::Point& t : plan.tiles)
            lines.push_back(
                {square(t, plan.footprint), QColor(255, 255, 255, 120), 1, false, false});
    } else if (!plan.tiles.empty()) {
        QRectF all;
        for (const MakeDatasetPlan::Point& t : plan.tiles)
            all |= QRectF(t.x - plan.footprint / 2, t.y - plan.footprint / 2, plan.footprint,
                          plan.footprint);
        lines.push_back({QPolygonF(all), QColor(255, 255, 255, 200), 2, false});
    }
    std::vector<AnnotationLayer::Symbol> symbols;
    for (const MakeDatasetPlan::Panorama& p : plan.panoramas) {
        AnnotationLayer::Symbol s;
        s.position = QPointF(p.at.x, p.at.y);
        s.colour = Palette::split(QString::fromStdString(p.split));
        s.radius = 4;
        symbols.push_back(s);
    }
    for (const MakeDatasetPlan::Point& p : plan.offRaster) {
        AnnotationLayer::Symbol s;
        s.position = QPointF(p.x, p.y);
        s.colour = Palette::wrongMatch();
        s.shape = AnnotationLayer::Shape::Cross;
        s.radius = 4;
        symbols.push_back(s);
    }
    mPlan->setLines(std::move(lines));
    mPlan->setSymbols(std::move(symbols));
    QRectF extent;
    for (const auto& s : mPlan->symbols())
        extent |= QRectF(s.position, QSizeF(1e-9, 1e-9));
    for (const MakeDatasetPlan::Point& t : plan.tiles)
        extent |= QRectF(t.x - plan.footprint / 2, t.y - plan.footprint / 2, plan.footprint,
                         plan.footprint);
    if (extent.isValid())
        mMap->zoomTo(extent, 0.05);
    else
        mMap->zoomToAll();

    const bool grid = preview.options->layout == MakeDatasetOptions::Layout::VigorGrid;
    showStatus([plan = std::make_shared<MakeDatasetPlan>(plan), grid,
                size = preview.options->tileSize, metres = preview.options->tileMetres] {
        const QLocale locale;
        const auto count = [&locale](size_t n) { return locale.toString(qulonglong(n)); };
        QString text =
            tr("<b>%1 panoramas</b> placed on the orthophoto (%2): train %3, val %4, "
               "test %5")
                .arg(count(plan->panoramas.size()),
                     QString::fromStdString(plan->crs).toHtmlEscaped(), count(size_t(plan->train)),
                     count(size_t(plan->val)), count(size_t(plan->test)));
        text += QStringLiteral("<br>") +
                (grid ? tr("A grid of %1 tiles of %2 px over %3 m, stepping by half a tile; each "
                           "panorama with its positive and three semi-positives")
                      : tr("%1 tiles of %2 px over %3 m, one centred on each panorama"))
                    .arg(count(plan->tiles.size()), locale.toString(size),
                         locale.toString(metres, 'f', metres == std::floor(metres) ? 0 : 1));
        if (plan->skipped.empty())
            return text + QStringLiteral("<br>") + tr("Every panorama of the file can be used.");
        text += QStringLiteral("<br>") +
                tr("<b>%n panorama(s) cannot be used</b> (red crosses where their position is "
                   "known):",
                   nullptr, int(plan->skipped.size()));
        // By reason, the position taken out so that alike reasons group, with the first
        // lines of the file that have it.
        static const QRegularExpression position(QStringLiteral("^position [-0-9.]+, [-0-9.]+ "));
        std::vector<std::pair<QString, QStringList>> reasons;
        for (const SkippedPanorama& k : plan->skipped) {
            const QString reason = QString::fromStdString(k.reason).remove(position);
            auto it = std::find_if(reasons.begin(), reasons.end(),
                                   [&](const auto& r) { return r.first == reason; });
            if (it == reasons.end())
                it = reasons.insert(reasons.end(), {reason, {}});
            const QString where =
                QString::fromStdString(k.where).section(QStringLiteral(" ("), 0, 0);
            it->second << QFileInfo(where).fileName();
        }
        for (const auto& [reason, lines] : reasons) {
            QStringList shown = lines.mid(0, 3);
            if (lines.size() > 3)
                shown << QStringLiteral("…");
            text += QStringLiteral("<br>• ") +
                    tr("%1 × %2 (%3)")
                        .arg(count(size_t(lines.size())), reason.toHtmlEscaped(),
                             shown.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        text += QStringLiteral("<br>") + tr("Make lists every one in make-dataset.json.");
        return text;
    });
}

void MakeDatasetDialog::make() {
    if (!mPreview || jobRunning())
        return;
    const std::shared_ptr<Preview> preview = mPreview;
    runJob(
        tr("Making the dataset"),
        [preview](Feedback& feedback) {
            // The folder is checked again here, before anything is written: a user's folder
            // or file is refused, only a dataset made here before is replaced.
            DatasetMaker::make(*preview->options, feedback);
        },
        [this, preview] {
            mMade = QString::fromStdString(preview->options->outDir);
            mMadePairs = preview->options->layout == MakeDatasetOptions::Layout::Centred;
            accept();
        },
        /*determinate=*/true);
}

} // namespace orinet
