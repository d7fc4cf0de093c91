#include "gui/training/trainingform.h"

#include "dataset/inputpreset.h"
#include "dataset/vigorformat.h"
#include "enumitems.h"
#include "gui/common/provenancetext.h"
#include "run/trainingconfig.h"
#include "training/trainingdata.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QStandardItemModel>

#include <cmath>
#include <initializer_list>

namespace orinet {

namespace {

constexpr int kLearningRateDecimals = 7;

} // namespace

TrainingForm::TrainingForm(QFormLayout* layout, QObject* parent)
    : QObject(parent)
    , mPreset(new QComboBox)
    , mOrientation(new QComboBox)
    , mEpochs(new QSpinBox)
    , mBatch(new QSpinBox)
    , mLearningRate(new QDoubleSpinBox)
    , mSeed(new QSpinBox)
    , mValidateEvery(new QSpinBox)
    , mValidationNormalization(new QComboBox)
    , mRecalibrationBatches(new QSpinBox)
    , mLayout(layout)
    , mProtocol(new QComboBox)
    , mHoldout(new QDoubleSpinBox) {
    for (const InputPreset& p : InputPreset::all())
        mPreset->addItem(QStringLiteral("%1 (%2x%3 / %4)")
                             .arg(QString::fromStdString(p.name))
                             .arg(p.groundRows)
                             .arg(p.groundCols)
                             .arg(p.satelliteSize),
                         QString::fromStdString(p.name));
    addEnumItems<OrientationMode>(*mOrientation);
    mTexts.bind(mOrientation, "items", [this] {
        relabelEnumItems<OrientationMode>(*mOrientation, [](OrientationMode mode) {
            return mode == OrientationMode::Input ? tr("RGB + orientation (paper)")
                                                  : tr("RGB only (ablation)");
        });
    });
    mEpochs->setRange(1, 1000000);
    mBatch->setRange(2, 65536);
    mLearningRate->setDecimals(kLearningRateDecimals);
    mLearningRate->setRange(1e-7, 10.0);
    mLearningRate->setSingleStep(1e-6);
    mSeed->setRange(0, 2147483647);
    // "Validate every | epoch", "Validate every | 2 epochs": the CLI's --val-every N.
    mValidateEvery->setRange(1, 1000000);
    mTexts.bind(mValidateEvery, "texts", [this] {
        mValidateEvery->setSpecialValueText(tr("epoch"));
        mValidateEvery->setSuffix(tr(" epochs"));
    });
    mTexts.setToolTip(mValidateEvery, [] {
        return tr("Validate only every N-th epoch (N, 2N, ...) and the last; the best checkpoint "
                  "is chosen among those. For large validation sets, a VIGOR gallery above all "
                  "(orinet train --val-every)");
    });
    addEnumItems<Normalization>(*mValidationNormalization);
    mTexts.bind(mValidationNormalization, "items", [this] {
        relabelEnumItems<Normalization>(*mValidationNormalization, [](Normalization mode) {
            return provenancetext::normalization(toString(mode));
        });
    });
    mValidationNormalization->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mTexts.setToolTip(mValidationNormalization, [] {
        return tr("BatchNorm statistics of the per-epoch validation. Original (the default) is "
                  "the paper's protocol: each batch normalised with its own statistics "
                  "(orinet train --val-bn; docs/evaluation.md). A VIGOR run cannot validate in "
                  "mode adapted.");
    });
    mRecalibrationBatches->setRange(0, 1000000);
    mTexts.bind(mRecalibrationBatches, "texts",
                [this] { mRecalibrationBatches->setSpecialValueText(tr("none")); });
    mTexts.setToolTip(mRecalibrationBatches, [] {
        return tr("Unaugmented training batches averaged into the recalibrated BatchNorm "
                  "statistics after every epoch; 0: none, and no validation or evaluation in "
                  "mode recalibrated (orinet train --recalibration-batches)");
    });
    addEnumItems<VigorProtocol>(*mProtocol);
    mTexts.bind(mProtocol, "items", [this] {
        relabelEnumItems<VigorProtocol>(*mProtocol, [](VigorProtocol protocol) {
            return protocol == VigorProtocol::SameArea
                       ? tr("Same area (all four cities)")
                       : tr("Cross area (New York, Seattle; tested on the others)");
        });
    });
    mTexts.setToolTip(mProtocol, [this] {
        return mCrossAreaAvailable
                   ? tr("The VIGOR protocol whose train split is trained on (orinet train "
                        "--protocol)")
                   : tr("This root holds areas of its own, not VIGOR's four cities: it has the "
                        "same-area protocol only (cross-area is defined by VIGOR's split of its "
                        "cities)");
    });
    // A share in percent, as the user thinks of it; the configuration keeps the fraction.
    mHoldout->setRange(0, 50);
    mHoldout->setDecimals(1);
    mHoldout->setSingleStep(1);
    mHoldout->setValue(100 * TrainingData::kDefaultValidationHoldout);
    mHoldout->setSuffix(QStringLiteral(" %"));
    mTexts.setToolTip(mHoldout, [] {
        return tr(
            "Share of the train split's panoramas (per city, drawn with the seed) held out of "
            "training and validated against the split's whole gallery after every epoch; "
            "0: no validation and no best checkpoint (orinet train --val-holdout)");
    });
    // The CLI's defaults: one set, from the core (TrainingConfig).
    showConfig(TrainingConfig{});
    mPreset->setObjectName("preset");
    mOrientation->setObjectName("orientation");
    mEpochs->setObjectName("epochs");
    mBatch->setObjectName("batch");
    mLearningRate->setObjectName("learningRate");
    mSeed->setObjectName("seed");
    mValidateEvery->setObjectName("validateEvery");
    mValidationNormalization->setObjectName("validationBatchNorm");
    mRecalibrationBatches->setObjectName("recalibrationBatches");
    mProtocol->setObjectName("protocol");
    mHoldout->setObjectName("validationHoldout");

    layout->addRow(mTexts.label([] { return tr("Input size"); }), mPreset);
    layout->addRow(mTexts.label([] { return tr("Orientation"); }), mOrientation);
    layout->addRow(mTexts.label([] { return tr("Epochs"); }), mEpochs);
    layout->addRow(mTexts.label([] { return tr("Batch size"); }), mBatch);
    layout->addRow(mTexts.label([] { return tr("Learning rate"); }), mLearningRate);
    layout->addRow(mTexts.label([] { return tr("Seed"); }), mSeed);
    layout->addRow(mTexts.label([] { return tr("Validate every"); }), mValidateEvery);
    layout->addRow(mTexts.label([] { return tr("Validation BatchNorm"); }),
                   mValidationNormalization);
    layout->addRow(mTexts.label([] { return tr("Recalibration batches"); }), mRecalibrationBatches);
    connect(mProtocol, &QComboBox::currentIndexChanged, this, &TrainingForm::protocolChanged);
    layout->addRow(mTexts.label([] { return tr("Protocol"); }), mProtocol);
    layout->addRow(mTexts.label([] { return tr("Validation holdout"); }), mHoldout);
    setQueryGallery(false);
}

TrainingConfig TrainingForm::config() const {
    TrainingConfig result;
    result.model.preset = InputPreset::byName(mPreset->currentData().toString().toStdString());
    result.model.orientation = currentEnum<OrientationMode>(*mOrientation);
    result.epochs = mEpochs->value();
    result.batchSize = mBatch->value();
    result.learningRate = mLearningRate->value();
    result.seed = static_cast<uint64_t>(mSeed->value());
    result.model.initSeed = result.seed;
    result.validateEveryEpochs = mValidateEvery->value();
    result.validationNormalization = currentEnum<Normalization>(*mValidationNormalization);
    result.recalibrationBatches = mRecalibrationBatches->value();
    if (mQueryGallery) {
        result.protocol = toString(currentEnum<VigorProtocol>(*mProtocol));
        result.validationHoldout = mHoldout->value() / 100;
    }
    return result;
}

void TrainingForm::showConfig(const TrainingConfig& config) {
    const int preset = mPreset->findData(QString::fromStdString(config.model.preset.name));
    if (preset >= 0)
        mPreset->setCurrentIndex(preset);
    setCurrentEnum(*mOrientation, config.model.orientation);
    mEpochs->setValue(config.epochs);
    mBatch->setValue(static_cast<int>(config.batchSize));
    mLearningRate->setValue(config.learningRate);
    mSeed->setValue(static_cast<int>(config.seed));
    mValidateEvery->setValue(config.validateEveryEpochs);
    setCurrentEnum(*mValidationNormalization, config.validationNormalization);
    mRecalibrationBatches->setValue(static_cast<int>(config.recalibrationBatches));
    if (!config.protocol.empty()) {
        setCurrentEnum(*mProtocol, fromString<VigorProtocol>(config.protocol));
        mHoldout->setValue(100 * config.validationHoldout);
    }
}

std::vector<std::string> TrainingForm::changedSettings(const TrainingConfig& saved) const {
    const TrainingConfig form = config();
    std::vector<std::string> changed;
    if (form.model.preset.name != saved.model.preset.name)
        changed.push_back("preset");
    if (form.model.orientation != saved.model.orientation)
        changed.push_back("orientation");
    if (form.epochs != saved.epochs)
        changed.push_back("epochs");
    if (form.batchSize != saved.batchSize)
        changed.push_back("batch_size");
    // The spin box rounds: a value it cannot show exactly is not a change.
    if (std::abs(form.learningRate - saved.learningRate) >=
        0.5 * std::pow(10.0, -kLearningRateDecimals))
        changed.push_back("learning_rate");
    if (form.seed != saved.seed)
        changed.push_back("seed");
    if (form.validateEveryEpochs != saved.validateEveryEpochs)
        changed.push_back("validate_every_epochs");
    if (form.validationNormalization != saved.validationNormalization)
        changed.push_back("validation_normalization");
    if (form.recalibrationBatches != saved.recalibrationBatches)
        changed.push_back("recalibration_batches");
    if (mQueryGallery && !saved.protocol.empty()) {
        if (form.protocol != saved.protocol)
            changed.push_back("protocol");
        // The spin box shows a tenth of a percent.
        if (std::abs(form.validationHoldout - saved.validationHoldout) >= 0.0005)
            changed.push_back("validation_holdout");
    }
    return changed;
}

QString TrainingForm::settingName(const std::string& key) {
    if (key == "preset")
        return tr("input size");
    if (key == "orientation")
        return tr("orientation");
    if (key == "batch_size")
        return tr("batch size");
    if (key == "learning_rate")
        return tr("learning rate");
    if (key == "seed")
        return tr("seed");
    if (key == "validate_every_epochs")
        return tr("validation cadence");
    if (key == "validation_normalization")
        return tr("validation BatchNorm");
    if (key == "recalibration_batches")
        return tr("recalibration batches");
    if (key == "protocol")
        return tr("protocol");
    if (key == "validation_holdout")
        return tr("validation holdout");
    return QString::fromStdString(key);
}

QString TrainingForm::settingValue(const TrainingConfig& config, const std::string& key) {
    const QLocale locale;
    if (key == "preset")
        return QString::fromStdString(config.model.preset.name);
    if (key == "orientation")
        return config.model.orientation == OrientationMode::None ? tr("RGB only")
                                                                 : tr("RGB + orientation");
    if (key == "batch_size")
        return locale.toString(qlonglong(config.batchSize));
    if (key == "learning_rate")
        return locale.toString(config.learningRate, 'g', 6);
    if (key == "seed")
        return QString::number(config.seed); // an identifier, not a quantity
    if (key == "validate_every_epochs")
        return config.validateEveryEpochs == 1
                   ? tr("every epoch")
                   : tr("every %1 epochs").arg(locale.toString(config.validateEveryEpochs));
    if (key == "validation_normalization")
        return provenancetext::normalization(toString(config.validationNormalization));
    if (key == "recalibration_batches")
        return locale.toString(qlonglong(config.recalibrationBatches));
    if (key == "protocol")
        return QString::fromStdString(config.protocol); // the CLI's name
    if (key == "validation_holdout")
        return locale.toString(100 * config.validationHoldout, 'g', 4) + QStringLiteral(" %");
    return {};
}

void TrainingForm::setEditable(bool editable) {
    for (QWidget* w : std::initializer_list<QWidget*>{
             mPreset, mOrientation, mEpochs, mBatch, mLearningRate, mSeed, mValidateEvery,
             mValidationNormalization, mRecalibrationBatches, mHoldout})
        w->setEnabled(editable);
    mProtocol->setEnabled(editable && mCrossAreaAvailable);
}

void TrainingForm::setQueryGallery(bool shown) {
    mQueryGallery = shown;
    mLayout->setRowVisible(mProtocol, shown);
    mLayout->setRowVisible(mHoldout, shown);
    // The core refuses a query/gallery validation in mode adapted (its statistics are a split
    // of pairs'): not offered then.
    if (auto* model = qobject_cast<QStandardItemModel*>(mValidationNormalization->model())) {
        const int adapted = mValidationNormalization->findData(
            QString::fromStdString(toString(Normalization::Adapted)));
        if (QStandardItem* item = model->item(adapted))
            item->setEnabled(!shown);
    }
    if (shown && currentEnum<Normalization>(*mValidationNormalization) == Normalization::Adapted)
        setCurrentEnum(*mValidationNormalization, kDefaultSplitNormalization);
}

void TrainingForm::setCrossAreaAvailable(bool available) {
    mCrossAreaAvailable = available;
    if (!available)
        setCurrentEnum(*mProtocol, VigorProtocol::SameArea);
    mProtocol->setEnabled(available);
    mTexts.retranslate(); // the protocol's tooltip says why
}

void TrainingForm::retranslate() {
    mTexts.retranslate();
}

} // namespace orinet
