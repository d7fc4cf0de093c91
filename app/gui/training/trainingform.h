#pragma once

#include "translatedtexts.h"

#include <QObject>
#include <QString>

#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace orinet {

struct TrainingConfig;

//! The settings of a training run as form rows: input size, orientation, epochs, batch size,
//! learning rate, seed and the per-epoch validation's cadence (`orinet train --val-every`),
//! BatchNorm mode (--val-bn) and recalibration batches (--recalibration-batches), shown from
//! and read into a TrainingConfig. TrainingWorkspace owns
//! it and decides what the settings are for (a new run, a resume, a shown run).
//!
//! The rows go into the owner's QFormLayout, so that their labels line up with the owner's
//! rows (dataset, run folder); the widgets belong to that layout's widget. Their object names
//! ("preset", "orientation", "epochs", "batch", "learningRate", "seed", "validateEvery",
//! "validationBatchNorm", "recalibrationBatches") let tests and scripts drive them. Not a widget,
//! so it gets no LanguageChange: the owner calls retranslate().
//!
//! A query/gallery (VIGOR) run has two more rows, shown with setQueryGallery(): the protocol
//! whose train split it trains on ("protocol") and the share of those panoramas held out for
//! the per-epoch validation ("validationHoldout", in percent), `orinet train`'s --protocol and
//! --val-holdout at their defaults; its BatchNorm row then does not offer `adapted`, which
//! the core refuses for a query/gallery validation.
class TrainingForm : public QObject {
    Q_OBJECT
public:
    //! Adds the rows to `layout`; the form starts at the core's defaults (TrainingConfig{}, as
    //! the CLI).
    explicit TrainingForm(QFormLayout* layout, QObject* parent = nullptr);

    //! The form's settings in a TrainingConfig; the rest (dataset, layout, loss, ...) stays at
    //! its defaults. The protocol and holdout are set only while the query/gallery rows show.
    TrainingConfig config() const;
    void showConfig(const TrainingConfig& config);
    //! The TrainingConfig JSON keys whose form value differs from `saved`.
    std::vector<std::string> changedSettings(const TrainingConfig& saved) const;
    //! A TrainingConfig JSON key as the form names it ("learning rate") and its value in
    //! `config`, for the notes of a resume.
    static QString settingName(const std::string& key);
    static QString settingValue(const TrainingConfig& config, const std::string& key);

    //! Shows or hides the query/gallery rows (protocol, validation holdout).
    void setQueryGallery(bool shown);
    bool isQueryGallery() const { return mQueryGallery; }
    //! Offers the cross-area protocol or not (a root of one's own areas has same-area only;
    //! the protocol's tooltip says so).
    void setCrossAreaAvailable(bool available);

    //! The settings of a running training cannot change.
    void setEditable(bool editable);
    //! Makes the form's texts again in the current language.
    void retranslate();

signals:
    //! The protocol row changed (by the user or showConfig()).
    void protocolChanged();

private:
    QComboBox* mPreset;
    QComboBox* mOrientation;
    QSpinBox* mEpochs;
    QSpinBox* mBatch;
    QDoubleSpinBox* mLearningRate;
    QSpinBox* mSeed;
    QSpinBox* mValidateEvery;
    QComboBox* mValidationNormalization;
    QSpinBox* mRecalibrationBatches;
    QFormLayout* mLayout;
    QComboBox* mProtocol;
    QDoubleSpinBox* mHoldout; //!< percent
    bool mQueryGallery = false;
    bool mCrossAreaAvailable = true;
    TranslatedTexts mTexts; //!< every text of the rows (docs/translations.md)
};

} // namespace orinet
