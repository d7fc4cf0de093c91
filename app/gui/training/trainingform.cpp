#include "gui/training/trainingform.h"

#include "dataset/inputpreset.h"
#include "enumitems.h"
#include "run/trainingconfig.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>

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
    , mSeed(new QSpinBox) {
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
    // The CLI's defaults: one set, from the core (TrainingConfig).
    showConfig(TrainingConfig{});
    mPreset->setObjectName("preset");
    mOrientation->setObjectName("orientation");
    mEpochs->setObjectName("epochs");
    mBatch->setObjectName("batch");
    mLearningRate->setObjectName("learningRate");
    mSeed->setObjectName("seed");

    layout->addRow(mTexts.label([] { return tr("Input size"); }), mPreset);
    layout->addRow(mTexts.label([] { return tr("Orientation"); }), mOrientation);
    layout->addRow(mTexts.label([] { return tr("Epochs"); }), mEpochs);
    layout->addRow(mTexts.label([] { return tr("Batch size"); }), mBatch);
    layout->addRow(mTexts.label([] { return tr("Learning rate"); }), mLearningRate);
    layout->addRow(mTexts.label([] { return tr("Seed"); }), mSeed);
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
    return {};
}

void TrainingForm::setEditable(bool editable) {
    for (QWidget* w : std::initializer_list<QWidget*>{mPreset, mOrientation, mEpochs, mBatch,
                                                      mLearningRate, mSeed})
        w->setEnabled(editable);
}

void TrainingForm::retranslate() {
    mTexts.retranslate();
}

} // namespace orinet
